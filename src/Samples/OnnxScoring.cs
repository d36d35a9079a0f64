using Microsoft.ML.OnnxRuntime;

namespace Samples;

/// <summary>What the samples that check an exported model do with ONNX Runtime: run rows through it, pick each row's class.</summary>
public static class OnnxScoring
{
    /// <summary>Runs <paramref name="values"/>, shaped <paramref name="shape"/>, through the session's first input; returns its first output, flat.</summary>
    public static float[] Run(InferenceSession session, float[] values, long[] shape)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(values, shape);
        using var options = new RunOptions();
        using var results = session.Run(options, session.InputNames, [input], session.OutputNames);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>The index of the largest of the <paramref name="classes"/> scores of row <paramref name="row"/> (first one on ties).</summary>
    public static int ArgMax(float[] scores, int row, int classes)
    {
        var best = 0;
        for (var c = 1; c < classes; c++)
            if (scores[row * classes + c] > scores[row * classes + best]) best = c;
        return best;
    }
}
