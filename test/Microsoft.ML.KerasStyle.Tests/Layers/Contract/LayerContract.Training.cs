using Microsoft.ML.KerasStyle.Optimizers;

namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

// One training step: a loss over every output, a finite non-zero gradient for each trainable weight and float input,
// and an SGD step that moves every trainable weight.
internal static partial class LayerContract
{
    static void CheckTrainingStep(LayerCase c)
    {
        var layer = c.Make();
        var inputs = Draw(c, 4, seed: 3);
        var floats = inputs.Where(t => t.is_floating_point()).ToList();
        using var tape = new GradientTape(persistent: true);
        tape.Watch(floats);
        var outputs = Run(layer, inputs, training: true);
        using var loss = RandomProjection(outputs);

        var weights = layer.TrainableWeights;
        Assert.HasCount(c.TrainableWeights, weights, "trainable weights after a training call");
        var gradients = tape.Gradient(loss, weights);
        for (var i = 0; i < weights.Count; i++) AssertUseful(gradients[i], $"the gradient of weight '{weights[i].Path}'");
        if (c.Differentiable)
        {
            var inputGradients = tape.Gradient(loss, floats);
            for (var i = 0; i < floats.Count; i++) AssertUseful(inputGradients[i], $"the gradient of float input {i}");
        }

        var before = weights.Select(w => w.Value.detach().clone()).ToList();
        new SGD(learningRate: 0.1).ApplyGradients(gradients, weights);
        for (var i = 0; i < weights.Count; i++)
            Assert.IsFalse(before[i].equal(weights[i].Value).all().item<bool>(), $"one SGD step left weight '{weights[i].Path}' unchanged");
    }

    /// <summary>
    /// Σ outputs · r with fixed random r: unlike a plain sum, its gradient is not zero for layers whose outputs sum to a
    /// constant (Softmax, normalizations).
    /// </summary>
    static Tensor RandomProjection(Tensor[] outputs)
    {
        using var generator = new Generator(11, CPU);
        var loss = zeros([], ScalarType.Float64);
        foreach (var output in outputs.Where(o => o.is_floating_point()))
        {
            using var r = randn(output.shape, dtype: ScalarType.Float64, generator: generator);
            loss = loss + (output.to(ScalarType.Float64) * r).sum();
        }
        return loss;
    }

    static void AssertUseful(Tensor? gradient, string what)
    {
        Assert.IsNotNull(gradient, $"{what} is missing (unconnected)");
        Assert.IsTrue(gradient.isfinite().all().item<bool>(), $"{what} holds NaN or infinity");
        Assert.IsTrue(gradient.ne(0).any().item<bool>(), $"{what} is zero everywhere");
    }
}
