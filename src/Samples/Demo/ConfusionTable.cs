using System.Text;
using Microsoft.ML.Data;

namespace Samples.Demo;

/// <summary>ML.NET's confusion matrix printed with Fashion-MNIST's class names (rows: true class; columns: predicted).</summary>
public static class ConfusionTable
{
    /// <summary>The matrix as text, one row per true class, with each class's recall at the end.</summary>
    /// <param name="matrix">From ML.NET's <c>MulticlassClassificationMetrics.ConfusionMatrix</c>.</param>
    /// <param name="classNames">The name of each class, in key order.</param>
    public static string Format(ConfusionMatrix matrix, IReadOnlyList<string> classNames)
    {
        const int nameWidth = 12;
        const int cellWidth = 6;
        var text = new StringBuilder();
        text.Append("true \\ predicted".PadRight(nameWidth));
        for (var c = 0; c < matrix.NumberOfClasses; c++) text.Append(Abbreviate(classNames[c]).PadLeft(cellWidth));
        text.AppendLine("  recall");
        for (var r = 0; r < matrix.NumberOfClasses; r++)
        {
            text.Append(classNames[r].PadRight(nameWidth));
            for (var c = 0; c < matrix.NumberOfClasses; c++) text.Append(matrix.Counts[r][c].ToString("0").PadLeft(cellWidth));
            text.AppendLine($"  {matrix.PerClassRecall[r],6:F3}");
        }
        return text.ToString();
    }

    // Column headers stay narrow: "T-shirt/top" → "T-shi", "Ankle boot" → "Ankle".
    static string Abbreviate(string name) => name.Length <= 5 ? name : name[..5];
}
