using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Training;

/// <summary>
/// The errors of Fit, Evaluate and Predict for data without samples. Keras 3 fails on empty data too, but with no
/// message of its own (an unbound variable in <c>predict</c>, a symbolic build without a batch in <c>fit</c>); these say
/// that the data is empty, which argument held it, and what it was.
/// </summary>
internal static class EmptyData
{
    /// <summary>In-memory data: <paramref name="argument"/> was <paramref name="value"/>, a tensor or array with no rows.</summary>
    /// <param name="method">Fit, Evaluate or Predict.</param>
    /// <param name="argument">The argument, as the caller wrote it (<c>x</c>, <c>validationData.x</c>, <c>x["title"]</c>).</param>
    /// <param name="value">The tensor or .NET array given.</param>
    /// <param name="purpose">What the data is for: "train on", "validate on", "evaluate", "predict".</param>
    public static ArgumentException NoSamples(string method, string argument, object value, string purpose) =>
        new($"{method}: {argument} has 0 samples ({Describe(value)}): there is nothing to {purpose}.", argument);

    /// <summary>A Dataset that gave no batches in a pass.</summary>
    /// <param name="method">Fit, Evaluate or Predict.</param>
    /// <param name="argument">The argument that held the Dataset.</param>
    /// <param name="purpose">What the data is for.</param>
    public static ArgumentException NoBatches(string method, string argument, string purpose) =>
        new($"{method}: {argument} is an empty Dataset (a pass over it gave no batches): there is nothing to {purpose}.", argument);

    /// <summary>What to tell the user about <paramref name="method"/>'s data: "train on", "evaluate", "predict".</summary>
    public static string Purpose(string method, string argument) => method switch
    {
        "Fit" => argument.StartsWith("validationData", StringComparison.Ordinal) ? "validate on" : "train on",
        "Evaluate" => "evaluate",
        _ => "predict",
    };

    static string Describe(object value) => value switch
    {
        Tensor t => $"a tensor of shape [{string.Join(", ", t.shape)}]",
        Array a => $"an array {CSharpName(a.GetType().GetElementType()!)}[{string.Join(", ", Enumerable.Range(0, a.Rank).Select(a.GetLength))}]",
        _ => value.GetType().Name,
    };

    static string CSharpName(Type type) => type switch
    {
        _ when type == typeof(float) => "float",
        _ when type == typeof(double) => "double",
        _ when type == typeof(int) => "int",
        _ when type == typeof(long) => "long",
        _ when type == typeof(byte) => "byte",
        _ when type == typeof(bool) => "bool",
        _ => type.Name,
    };
}
