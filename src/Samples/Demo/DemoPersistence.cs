using Microsoft.ML;
using Microsoft.ML.Data;

namespace Samples.Demo;

/// <summary>Saves the fitted ML.NET pipeline as a model zip, loads it back and checks that it predicts as before.</summary>
public static class DemoPersistence
{
    /// <summary>
    /// Saves <paramref name="pipeline"/> to <paramref name="path"/>, reloads it, scores <paramref name="rows"/> with the
    /// reloaded pipeline and compares its predicted classes and scores with <paramref name="scored"/>.
    /// </summary>
    /// <param name="ml">The demo's ML.NET context.</param>
    /// <param name="pipeline">The fitted pipeline.</param>
    /// <param name="rows">The rows to score (their schema is saved with the model).</param>
    /// <param name="path">The zip to write.</param>
    /// <param name="scored">What the fitted pipeline gave for <paramref name="rows"/>.</param>
    /// <param name="output">Where the comparison is reported.</param>
    /// <returns>Whether every row gets the same predicted class.</returns>
    public static bool SaveAndCompare(MLContext ml, ITransformer pipeline, IDataView rows, string path, IDataView scored, TextWriter output)
    {
        ml.Model.Save(pipeline, rows.Schema, path);
        // The zip holds ML.NET's own transforms (ApplyOnnxModel over the exported network, and conversions): a fresh
        // context loads it with no registration.
        var reloaded = new MLContext().Model.Load(path, out _);
        var rescored = reloaded.Transform(rows);
        var before = scored.GetColumn<uint>(DemoTraining.PredictedClassColumn).ToList();
        var after = rescored.GetColumn<uint>(DemoTraining.PredictedClassColumn).ToList();
        var sameClass = before.Zip(after, (a, b) => a == b).Count(same => same);
        var maxDifference = scored.GetColumn<float[]>("Score").Zip(rescored.GetColumn<float[]>("Score"), (a, b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max())
            .DefaultIfEmpty(0).Max();
        output.WriteLine($"  {path} ({new FileInfo(path).Length / 1024.0:F0} KB), reloaded: same class for {sameClass:N0} of {before.Count:N0} test images, " +
                         $"max score difference {maxDifference:G3}");
        return sameClass == before.Count && after.Count == before.Count;
    }
}
