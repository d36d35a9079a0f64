using Microsoft.ML.KerasStyle.Optimizers;

namespace Microsoft.ML.KerasStyle.Tests.Optimizers;

/// <summary>
/// One step of a reference optimizer on plain double arrays: updates <c>weights[i]</c> in place for each non-null
/// <c>gradients[i]</c> (Keras skips variables without a gradient); <paramref name="iteration"/> is Keras's
/// <c>iterations</c> before the step.
/// </summary>
internal delegate void ReferenceStep(double[][] weights, double[]?[] gradients, double learningRate, long iteration);

/// <summary>The base options a reference run applies before its step.</summary>
internal sealed record ReferenceOptions(double? WeightDecay = null, double? Clipnorm = null, double? Clipvalue = null, double? GlobalClipnorm = null);

/// <summary>
/// Runs an optimizer and an independent double-precision reference on the same weights and gradients. The values are
/// dyadic fractions, exact in float32, so only the optimizer's float32 arithmetic separates the two.
/// </summary>
internal static class OptimizerTestRunner
{
    public static readonly double[][] InitialValues = [[0.5, -1.25, 2.0], [1.5, -0.25]];

    public static readonly double[][][] Gradients =
    [
        [[0.125, -0.375, 0.5], [0.25, -0.75]],
        [[0.25, 0.125, -0.5], [-0.5, 0.375]],
        [[-0.0625, 0.25, 0.375], [0.75, 0.125]],
    ];

    /// <summary>Keras keeps a constant learning rate in a float32 variable, so the reference uses the float32 value.</summary>
    public static double Float32(double value) => (float)value;

    public static List<Variable> MakeVariables(double[][] values) =>
        values.Select((v, i) => new Variable($"w{i}", $"dense/w{i}", tensor(v.Select(x => (float)x).ToArray()), trainable: true)).ToList();

    public static double[][] Values(IEnumerable<Variable> variables) =>
        variables.Select(v => v.ToArray().Select(x => (double)x).ToArray()).ToArray();

    /// <summary>Applies <see cref="Gradients"/> (a null row entry is a missing gradient) and returns the weights.</summary>
    public static double[][] Run(Optimizer optimizer, double[][]? initial = null, double[]?[][]? gradients = null)
    {
        var variables = MakeVariables(initial ?? InitialValues);
        foreach (var step in gradients ?? Gradients)
            optimizer.ApplyGradients(step.Select(g => g is null ? null : tensor(g.Select(x => (float)x).ToArray())).ToList(), variables);
        return Values(variables);
    }

    /// <summary>
    /// The reference run, in Keras's order (base_optimizer.apply): drop missing gradients, clip, decay the weights
    /// (<c>w -= w·weight_decay·lr</c>), then the optimizer's update step; the iteration counts every apply.
    /// </summary>
    public static double[][] RunReference(ReferenceStep step, Func<long, double> learningRate, ReferenceOptions? options = null, double[][]? initial = null, double[]?[][]? gradients = null)
    {
        options ??= new ReferenceOptions();
        var weights = (initial ?? InitialValues).Select(w => (double[])w.Clone()).ToArray();
        long iteration = 0;
        foreach (var stepGradients in gradients ?? Gradients)
        {
            var grads = Clip(stepGradients.Select(g => (double[]?)g?.Clone()).ToArray(), options);
            var lr = learningRate(iteration);
            if (options.WeightDecay is { } decay)
                for (var i = 0; i < weights.Length; i++)
                    if (grads[i] is not null)
                        for (var j = 0; j < weights[i].Length; j++) weights[i][j] -= weights[i][j] * decay * lr;
            step(weights, grads, lr, iteration);
            iteration++;
        }
        return weights;
    }

    static double[]?[] Clip(double[]?[] gradients, ReferenceOptions options)
    {
        static double Norm(IEnumerable<double> values) => Math.Sqrt(values.Sum(x => x * x));
        if (options.Clipnorm is { } c) // each gradient: g · c / max(‖g‖, c)
            return gradients.Select(g => g?.Select(x => x * c / Math.Max(Norm(g), c)).ToArray()).ToArray();
        if (options.Clipvalue is { } v) // element-wise clip to [−v, v]
            return gradients.Select(g => g?.Select(x => Math.Clamp(x, -v, v)).ToArray()).ToArray();
        if (options.GlobalClipnorm is { } gc) // all present gradients together: g · c / max(‖all‖, c)
        {
            var n = Norm(gradients.Where(g => g is not null).SelectMany(g => g!));
            return gradients.Select(g => g?.Select(x => x * gc / Math.Max(n, gc)).ToArray()).ToArray();
        }
        return gradients;
    }

    public static void AssertClose(double[][] expected, double[][] actual, double tolerance = 2e-6)
    {
        Assert.AreEqual(expected.Length, actual.Length, "number of variables");
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i].Length, actual[i].Length, $"size of variable {i}");
            for (var j = 0; j < expected[i].Length; j++)
                Assert.AreEqual(expected[i][j], actual[i][j], tolerance, $"variable {i}[{j}]: expected {expected[i][j]:R}, got {actual[i][j]:R}");
        }
    }

    /// <summary>Checks the optimizer's variables' names and paths, in order.</summary>
    public static void AssertVariables(Optimizer optimizer, params string[] expectedNames)
    {
        CollectionAssert.AreEqual(expectedNames, optimizer.Variables.Select(v => v.Name).ToArray(),
            $"got [{string.Join(", ", optimizer.Variables.Select(v => v.Name))}]");
        foreach (var variable in optimizer.Variables)
            Assert.AreEqual($"{optimizer.Name}/{variable.Name}", variable.Path);
    }
}
