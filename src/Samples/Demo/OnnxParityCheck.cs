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
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [images.Count, DemoModel.Pixels]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, session.InputNames, [input], session.OutputNames);
        var onnx = results[0].GetTensorDataAsSpan<float>().ToArray();
        if (onnx.Length != keras.Length)
            throw new InvalidOperationException($"ONNX Runtime gave {onnx.Length} values for {images.Count} rows; Predict gave {keras.Length}.");

        var maxDifference = keras.Zip(onnx, (a, b) => (double)Math.Abs(a - b)).Max();
        var sameClass = Enumerable.Range(0, images.Count).Count(r => ArgMax(keras, r) == ArgMax(onnx, r));
        return (maxDifference, sameClass);
    }

    static int ArgMax(float[] probabilities, int row)
    {
        var scores = probabilities.AsSpan(row * DemoModel.Classes, DemoModel.Classes);
        var best = 0;
        for (var c = 1; c < scores.Length; c++)
            if (scores[c] > scores[best]) best = c;
        return best;
    }
}
