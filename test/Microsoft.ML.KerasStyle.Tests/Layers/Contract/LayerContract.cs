using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Tests.Onnx;

namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

/// <summary>
/// Checks everything a layer owes the library, in one call (Keras 3's <c>run_layer_test</c>, plus the file formats and
/// ONNX): build and weight counts; symbolic, eager and <c>ComputeOutputShapes</c> shapes and dtypes; determinism and
/// the training flag; masks; GetConfig → from-config → GetConfig; serialize → deserialize with the same outputs;
/// <c>.keras</c> and <c>.weights.h5</c> round trips; ONNX Runtime parity (opsets 13, 17, 21; batches 1 and 7) or a
/// clear export error; one training step with a non-zero gradient for every trainable weight and float input; float64.
/// Every check runs on fresh layers, even after another failed; the failure names the case and each failing check.
/// </summary>
internal static partial class LayerContract
{
    /// <summary>The batch sizes the data is drawn in (ONNX parity runs the first and the last).</summary>
    internal static readonly int[] Batches = [1, 7];

    static readonly int[] Opsets = [13, 17, 21];

    /// <summary>Runs every check of <paramref name="c"/>; fails with the list of the checks that failed.</summary>
    public static void Check(LayerCase c)
    {
        var failures = new List<string>();
        void Step(string check, Action<LayerCase> action)
        {
            Keras.ClearSession();
            Keras.Utils.SetRandomSeed(1234);
            using var scope = NewDisposeScope();
            try
            {
                action(c);
            }
            catch (Exception e) when (e is not AssertInconclusiveException)
            {
                var what = e is AssertFailedException ? e.Message : $"{e.GetType().Name}: {e.Message}";
                failures.Add($"[{check}] {what}");
            }
        }

        Step("declaration", CheckDeclaration);
        Step("build", CheckBuild);
        Step("symbolic call", CheckSymbolic);
        Step("eager call", CheckEager);
        Step("training flag", CheckTrainingFlag);
        Step("masks", CheckMasks);
        Step("config", CheckConfig);
        Step("serialization", CheckSerialization);
        Step(".keras", CheckKerasFile);
        Step(".weights.h5", CheckWeightsFile);
        Step("onnx", CheckOnnx);
        Step("training step", CheckTrainingStep);
        Step("float64", CheckFloat64);
        if (failures.Count > 0)
            throw new AssertFailedException($"Layer case '{c.Name}' fails {failures.Count} check(s):\n  " + string.Join("\n  ", failures));
    }

    static void CheckDeclaration(LayerCase c)
    {
        Assert.IsNotEmpty(c.Inputs, "the case declares no input");
        Assert.IsNotEmpty(c.ExpectedOutputShapes, "the case declares no ExpectedOutputShape(s)");
        foreach (var shape in c.ExpectedOutputShapes)
            Assert.IsTrue(shape.Length > 0 && shape[0] is null, $"expected output shapes are symbolic, batch null: got {Shapes.Format(shape)}");
        Assert.AreNotSame(c.Make(), c.Make(), "Make must create a new layer on each call");
        // Keras's _build_at_init layers (no weights to create) are built by their constructor; any other must come unbuilt.
        var made = c.Make();
        Assert.IsTrue(!made.Built || made.Weights.Count == 0, "Make must return an unbuilt layer (the contract builds it), or one built at construction without weights");
        Assert.IsFalse(c.IdentityInInference && c.Inputs.Count != 1, "IdentityInInference needs a single input");
    }

    // ------------------------------------------------------------------ shared helpers

    /// <summary>A batch of each input (floats in <paramref name="floatDtype"/> when given), the same for the same seed.</summary>
    internal static Tensor[] Draw(LayerCase c, int batch, int seed = 1, string? floatDtype = null)
    {
        using var generator = new Generator((ulong)seed, CPU);
        return c.Inputs.Select(i => (floatDtype is null ? i : i.WithFloatDtype(floatDtype)).Draw(batch, generator)).ToArray();
    }

    /// <summary>The layer inside a functional model: one Keras.Input per input, the layer's outputs as the model's.</summary>
    internal static Model Wrap(LayerCase c, Layer layer, string? floatDtype = null)
    {
        var inputs = c.Inputs.Select((i, k) => Keras.Input(shape: i.SampleShape, dtype: floatDtype is null ? i.Dtype : i.WithFloatDtype(floatDtype).Dtype, name: $"input_{k}")).ToArray();
        return new Model(inputs, layer.ApplyMany(inputs), name: $"contract_{c.Name}");
    }

    /// <summary>The layer's outputs on <paramref name="inputs"/>, as an array.</summary>
    internal static Tensor[] Run(Layer layer, Tensor[] inputs, bool training = false) => layer.Apply((Inputs)inputs, training).ToArray();

    /// <summary>A built layer with random weights (moving variances positive), so that no weight hides as an identity.</summary>
    internal static Layer BuiltWithRandomWeights(LayerCase c, Func<Layer>? make = null)
    {
        var layer = (make ?? c.Make)();
        Run(layer, Draw(c, 1));
        Randomize(layer);
        return layer;
    }

    /// <summary>Gives every weight of <paramref name="layer"/> random values (as <see cref="OnnxTestHarness.RandomizeWeights"/>).</summary>
    internal static void Randomize(Layer layer)
    {
        var generator = new System.Random(7);
        using var _ = no_grad();
        foreach (var w in layer.Weights)
        {
            var values = new double[w.Size];
            for (var i = 0; i < values.Length; i++)
                values[i] = w.Name == "moving_variance" ? 0.5 + generator.NextDouble() : (generator.NextDouble() * 2 - 1) * 0.6;
            using var value = tensor(values, w.Shape.Select(d => (long)d).ToArray());
            w.Assign(value.to(w.Value.dtype));
        }
    }

    /// <summary>Asserts the outputs are the same values bit for bit.</summary>
    internal static void AssertIdentical(Tensor[] expected, Tensor[] actual, string what)
    {
        Assert.HasCount(expected.Length, actual, $"{what}: number of outputs");
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i].dtype, actual[i].dtype, $"{what}: dtype of output {i}");
            CollectionAssert.AreEqual(expected[i].shape, actual[i].shape, $"{what}: shape of output {i}");
            Assert.IsTrue(expected[i].equal(actual[i]).all().item<bool>(), $"{what}: output {i} differs, max |diff| = {MaxDiff(expected[i], actual[i]):E3}");
        }
    }

    /// <summary>Asserts |expected - actual| ≤ tolerance·(1 + |expected|) elementwise.</summary>
    internal static void AssertClose(Tensor[] expected, Tensor[] actual, double tolerance, string what)
    {
        Assert.HasCount(expected.Length, actual, $"{what}: number of outputs");
        for (var i = 0; i < expected.Length; i++)
        {
            CollectionAssert.AreEqual(expected[i].shape, actual[i].shape, $"{what}: shape of output {i}");
            using var e = expected[i].detach().to(ScalarType.Float64);
            using var a = actual[i].detach().to(ScalarType.Float64);
            using var excess = (e - a).abs() - (e.abs() * tolerance + tolerance);
            var worst = excess.numel() == 0 ? 0 : excess.max().item<double>();
            Assert.IsFalse(double.IsNaN(worst) || worst > 0, $"{what}: output {i} differs beyond {tolerance:E0} (abs+rel), max |diff| = {MaxDiff(expected[i], actual[i]):E3}");
        }
    }

    static double MaxDiff(Tensor a, Tensor b)
    {
        if (a.numel() == 0 || !a.shape.SequenceEqual(b.shape)) return double.NaN;
        using var d = (a.detach().to(ScalarType.Float64) - b.detach().to(ScalarType.Float64)).abs();
        return d.max().item<double>();
    }

    /// <summary>A shape with the batch size filled in.</summary>
    internal static int?[] WithBatch(int?[] symbolic, int batch) => [batch, .. symbolic[1..]];

    /// <summary>Asserts a real shape matches a symbolic one (null dimensions match any size).</summary>
    internal static void AssertShapeMatches(int?[] expected, Tensor actual, string what)
    {
        var shape = Shapes.Of(actual);
        var matches = shape.Length == expected.Length && expected.Zip(shape).All(p => p.First is null || p.First == p.Second);
        Assert.IsTrue(matches, $"{what}: expected {Shapes.Format(expected)}, got {Shapes.Format(shape)}");
    }
}
