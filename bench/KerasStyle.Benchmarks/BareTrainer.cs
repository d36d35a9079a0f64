using Microsoft.ML.KerasStyle.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasStyle.Benchmarks;

/// <summary>
/// What a TorchSharp user writes by hand to get Fit's result: the same forward pass on the model's weights, Keras's
/// sparse crossentropy (probabilities normalised, clipped to [ε, 1 − ε], log), autograd, Keras's RMSprop update
/// (v = ρ v + (1 − ρ) g², w −= lr · g / √(v + ε)), and the running loss and accuracy that Fit shows at epoch end,
/// accumulated as tensors and read once per epoch.
/// </summary>
internal sealed class BareTrainer
{
    const double LearningRate = 0.001, Rho = 0.9, Epsilon = 1e-7;
    readonly List<Tensor> weights;
    readonly List<Tensor> velocities;
    readonly Tensor lossSum = zeros(1).DetachFromDisposeScope();
    readonly Tensor correct = zeros(1).DetachFromDisposeScope();
    long seen;

    public BareTrainer(Model model)
    {
        weights = model.TrainableWeights.Select(w => (Tensor)w.Value).ToList();
        velocities = weights.Select(w => zeros_like(w).DetachFromDisposeScope()).ToList();
    }

    /// <summary>One step; <paramref name="stages"/> &lt; 5 stops early (1 forward, 2 loss, 3 gradients, 4 update) for profiling.</summary>
    public void Step(Tensor inputs, Tensor targets, int stages = 5)
    {
        var hidden = nn.functional.relu(matmul(inputs, weights[0]) + weights[1]);
        var probabilities = softmax(matmul(hidden, weights[2]) + weights[3], -1);
        if (stages < 2) return;
        var normalised = probabilities / probabilities.sum(-1, keepdim: true);
        var loss = -normalised.clamp(Epsilon, 1 - Epsilon).log().gather(-1, targets.unsqueeze(-1)).mean();
        if (stages < 3) return;
        var gradients = autograd.grad([loss], weights);
        if (stages < 4) return;
        using (no_grad())
        {
            for (var i = 0; i < weights.Count; i++)
            {
                // Fused in-place kernels, as torch.optim writes its RMSprop (weight-sized temporaries cost page faults).
                velocities[i].mul_(Rho).addcmul_(gradients[i], gradients[i], 1 - Rho);
                weights[i].addcdiv_(gradients[i], (velocities[i] + Epsilon).sqrt_(), -LearningRate);
            }
            if (stages < 5) return;
            lossSum.add_(loss.detach() * targets.shape[0]);
            correct.add_((probabilities.argmax(-1) == targets).sum());
        }
        seen += targets.shape[0];
    }

    /// <summary>One step on the batch of <paramref name="order"/>'s rows from <paramref name="start"/>, in its own dispose scope.</summary>
    public void StepAt(Tensor x, Tensor y, Tensor order, long start, int batchSize)
    {
        using var scope = NewDisposeScope();
        var index = order[TensorIndex.Slice(start, Math.Min(start + batchSize, x.size(0)))];
        Step(x.index_select(0, index), y.index_select(0, index));
    }

    /// <summary>One shuffled epoch; returns the epoch's mean loss and accuracy (what Fit's History records).</summary>
    public (double Loss, double Accuracy) Epoch(Tensor x, Tensor y, int batchSize)
    {
        lossSum.zero_();
        correct.zero_();
        seen = 0;
        var count = x.shape[0];
        using (var order = randperm(count))
            for (long start = 0; start < count; start += batchSize) StepAt(x, y, order, start, batchSize);
        return (lossSum.item<float>() / seen, correct.item<float>() / seen);
    }
}
