using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Distribution;

/// <summary>
/// Makes every replica start a data-parallel Fit from the same state: rank 0's weights (trainable and not), its
/// optimizer state (iterations, learning rate, slots — restored from a backup on rank 0, say) and the epoch to start at
/// are copied to every rank.
/// </summary>
internal static class ReplicaSync
{
    /// <summary>
    /// Builds the model (from the first batch, as Keras's fit builds an unbuilt model) and its optimizer where needed,
    /// copies rank 0's state to every rank, and returns rank 0's <paramref name="initialEpoch"/>.
    /// </summary>
    public static int FromRankZero(Model model, IBatchSource data, int initialEpoch)
    {
        if (!model.Built) BuildOnFirstBatch(model, data);
        if (model.Optimizer is { Built: false } optimizer && model.TrainableWeights.Count > 0) optimizer.Build(model.TrainableWeights);
        var variables = model.Weights.Concat(model.Optimizer?.Variables ?? []).ToList();
        // The same variables in the same order everywhere, or the broadcasts would pair wrong tensors.
        var layout = new double[] { variables.Count, variables.Sum(v => (double)v.Size) };
        var rankZero = (double[])layout.Clone();
        Mpi.Broadcast<double>(rankZero);
        if (!layout.SequenceEqual(rankZero))
            throw new InvalidOperationException(
                $"DataParallel: rank {Mpi.Rank}'s model '{model.Name}' has {layout[0]} variables ({layout[1]} values) but rank 0's has {rankZero[0]} ({rankZero[1]}): " +
                "every process must build the same model and optimizer before Fit.");
        using (no_grad())
            foreach (var variable in variables) BroadcastInPlace(variable.Value);
        var epoch = new[] { initialEpoch };
        Mpi.Broadcast<int>(epoch);
        return epoch[0];
    }

    static void BroadcastInPlace(Tensor value)
    {
        if (value.numel() == 0) return;
        if (value.device_type == DeviceType.CPU && value.is_contiguous())
        {
            Mpi.Broadcast(value.bytes);
            return;
        }
        using var copy = value.contiguous().cpu().clone();
        Mpi.Broadcast(copy.bytes);
        value.copy_(copy);
    }

    static void BuildOnFirstBatch(Model model, IBatchSource data)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var first = data.OneEpoch().FirstOrDefault()
            ?? throw new InvalidOperationException($"DataParallel: model '{model.Name}' is not built and the training data has no batches to build it with.");
        model.Apply(first.X, training: false);
    }
}
