using Microsoft.ML.OnnxRuntime;

namespace Samples.Demo;

/// <summary>Runs an exported ONNX model in ONNX Runtime and compares its outputs with Keras's <c>Predict</c> on the same rows.</summary>
public static class OnnxParityCheck
{
    /// <summary>The largest acceptable difference between the two, per probability.</summary>
    public const double Tolerance = 1e-5;

    /// <summary>
    /// The largest absolute difference between <paramref name="model"/>'s <c>Predict</c> and ONNX Runtime's outputs of
    /// <paramref name="onnxPath"/> over <paramref name="images"/>, and how many rows get the same predicted class from both.
    /// </summary>
    /// <param name="model">The Keras model that was exported.</param>
    /// <param name="onnxPath">The exported file.</param>
    /// <param name="images">Rows of 784 pixels.</param>
    public static (double MaxDifference, int SameClass) Compare(Model model, string onnxPath, IReadOnlyList<float[]> images)
    {
        var pixels = images.SelectMany(i => i).ToArray();
        float[] keras;
        using (var x = torch.tensor(pixels, [images.Count, DemoModel.Pixels]))
        using (var predicted = ((Tensor)model.Predict(x, batchSize: 1024, verbose: 0)).contiguous())
            keras = predicted.data<float>().ToArray();

        using var session = new InferenceSession(onnxPath);
        var onnx = OnnxScoring.Run(session, pixels, [images.Count, DemoModel.Pixels]);
        if (onnx.Length != keras.Length)
            throw new InvalidOperationException($"ONNX Runtime gave {onnx.Length} values for {images.Count} rows; Predict gave {keras.Length}.");

        var maxDifference = keras.Zip(onnx, (a, b) => (double)Math.Abs(a - b)).Max();
        var sameClass = Enumerable.Range(0, images.Count).Count(r => OnnxScoring.ArgMax(keras, r, DemoModel.Classes) == OnnxScoring.ArgMax(onnx, r, DemoModel.Classes));
        return (maxDifference, sameClass);
    }
}
