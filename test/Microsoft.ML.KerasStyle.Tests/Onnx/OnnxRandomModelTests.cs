using static Microsoft.ML.KerasStyle.Tests.Onnx.OnnxTestHarness;

namespace Microsoft.ML.KerasStyle.Tests.Onnx;

/// <summary>
/// Randomly generated Sequential and functional stacks (seeded, so a failure names a reproducible model) export and
/// match the library at batch sizes 1, 7 and 1000, at the oldest, default and newest opsets.
/// </summary>
[TestClass]
public sealed class OnnxRandomModelTests : KerasTestBase
{
    // Exponential is left out: stacked, it gives numbers too large for an absolute bound (it is tested on its own).
    static readonly string[] Activations =
        ["linear", "relu", "sigmoid", "softmax", "log_softmax", "tanh", "gelu", "elu", "selu", "softplus", "softsign", "silu", "relu6", "hard_sigmoid", "leaky_relu"];

    static string Pick(Random r, params string[] options) => options[r.Next(options.Length)];

    static Sequential RandomVectorStack(Random r)
    {
        var features = r.Next(2, 9);
        var layers = new List<Layer> { Keras.Input(shape: [features]) };
        var rank3 = false;
        for (var i = r.Next(2, 7); i > 0; i--)
        {
            switch (r.Next(8))
            {
                case 0: layers.Add(new Dense(r.Next(2, 9), activation: Pick(r, Activations), useBias: r.Next(4) > 0)); break;
                case 1: layers.Add(new Activation(Pick(r, Activations))); break;
                case 2: layers.Add(new Dropout(0.3)); break;
                case 3: layers.Add(new BatchNormalization(center: r.Next(2) == 0)); break;
                case 4: layers.Add(new LayerNormalization(scale: r.Next(2) == 0)); break;
                case 5: layers.Add(new Rescaling(0.5 + r.NextDouble(), r.NextDouble() - 0.5)); break;
                case 6 when !rank3:
                    // (batch, 2k) → (batch, 2, k) → Dense on the last axis → Flatten later.
                    var units = 2 * r.Next(1, 5);
                    layers.Add(new Dense(units));
                    layers.Add(new Reshape([2, -1]));
                    rank3 = true;
                    break;
                default: layers.Add(new Dense(r.Next(2, 9), activation: Pick(r, Activations))); break;
            }
        }
        if (rank3) layers.Add(new Flatten());
        layers.Add(new Dense(r.Next(1, 5), activation: Pick(r, Activations)));
        return new Sequential(layers);
    }

    static Sequential RandomImageStack(Random r)
    {
        var size = r.Next(8, 14);
        var channels = r.Next(1, 4);
        var layers = new List<Layer> { Keras.Input(shape: [size, size, channels]) };
        for (var i = r.Next(1, 4); i > 0; i--)
        {
            var padding = Pick(r, "valid", "same");
            var kernel = r.Next(1, 4);
            var strides = size > 6 ? r.Next(1, 3) : 1;
            layers.Add(new Conv2D(r.Next(2, 7), kernel, strides: strides, padding: padding, activation: Pick(r, Activations)));
            size = padding == "same" ? (size + strides - 1) / strides : (size - kernel) / strides + 1;
            if (r.Next(3) == 0) layers.Add(new BatchNormalization());
            if (r.Next(3) == 0) layers.Add(new Activation(Pick(r, Activations)));
            if (size >= 4 && r.Next(2) == 0)
            {
                var poolPadding = Pick(r, "valid", "same");
                layers.Add(r.Next(2) == 0 ? new MaxPooling2D(2, padding: poolPadding) : new AveragePooling2D(2, padding: poolPadding));
                size = poolPadding == "same" ? (size + 1) / 2 : size / 2;
            }
            if (size < 3) break;
        }
        layers.Add(r.Next(2) == 0 ? new Flatten() : new GlobalAveragePooling2D());
        if (r.Next(2) == 0) layers.Add(new Dropout(0.2));
        layers.Add(new Dense(r.Next(2, 6), activation: Pick(r, "softmax", "sigmoid", "linear")));
        return new Sequential(layers);
    }

    static Model RandomFunctional(Random r)
    {
        const int width = 4;
        var inputs = Enumerable.Range(0, r.Next(1, 3)).Select(i => Keras.Input(shape: [r.Next(2, 6)], name: $"in_{i}")).ToArray();
        var pool = inputs.Select(x => new Dense(width, activation: Pick(r, Activations)).Apply(x)).ToList();
        for (var i = r.Next(2, 6); i > 0; i--)
        {
            var a = pool[r.Next(pool.Count)];
            var b = pool[r.Next(pool.Count)];
            KerasTensor next = r.Next(7) switch
            {
                0 => new Add().Apply(a, b),
                1 => new Multiply().Apply(a, b),
                2 => new Average().Apply(a, b),
                3 => new Dense(width, activation: Pick(r, Activations)).Apply(new Concatenate().Apply(a, b)),
                4 => new LayerNormalization().Apply(a),
                5 => new BatchNormalization().Apply(a),
                _ => new Dense(width, activation: Pick(r, Activations)).Apply(a),
            };
            pool.Add(next);
        }
        var outputs = pool.Skip(inputs.Length).TakeLast(r.Next(1, 3)).Select(t => new Dense(r.Next(1, 4)).Apply(t)).ToArray();
        return new Model(inputs, outputs);
    }

    static void CheckRandom(Func<Random, Model> make, int seed)
    {
        Keras.ClearSession();
        var r = new Random(seed);
        var model = make(r);
        Assert.IsTrue(model.Layers.Count(l => l is not InputLayer) > 0, $"seed {seed} made a model with layers to export");
        RandomizeWeights(model, seed);
        foreach (var opset in new[] { Keras.Onnx.MinOpset, Keras.Onnx.DefaultOpset, Keras.Onnx.MaxOpset })
        {
            using var session = Session(Export(model, opset));
            foreach (var batch in new[] { 1, 7, 1000 })
            {
                var inputs = model.InputTensors.Select(t => Normal(batch, t.Shape[1..].Select(d => (long)d!.Value).ToArray())).ToArray();
                try
                {
                    AssertParity(model, session, inputs, what: $"opset {opset}");
                }
                catch (AssertFailedException e)
                {
                    throw new AssertFailedException($"seed {seed}, layers [{string.Join(", ", model.Layers.Select(l => l.ClassName))}]: {e.Message}", e);
                }
            }
        }
    }

    [TestMethod]
    public void RandomSequentialVectorStacks() => ForSeeds(seed => CheckRandom(RandomVectorStack, seed));

    [TestMethod]
    public void RandomSequentialImageStacks() => ForSeeds(seed => CheckRandom(RandomImageStack, seed));

    [TestMethod]
    public void RandomFunctionalGraphs() => ForSeeds(seed => CheckRandom(RandomFunctional, seed));

    static void ForSeeds(Action<int> check)
    {
        for (var seed = 1; seed <= 12; seed++) check(seed);
    }
}
