using Microsoft.ML.KerasStyle.Losses;
using Microsoft.ML.KerasStyle.Metrics;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Training;

/// <summary>
/// The compiled loss: one <see cref="Loss"/> (or none) per output and its weight; the total is the weighted sum.
/// With several outputs it also tracks each output's loss as <c>{output}_loss</c>, as Keras logs it.
/// </summary>
internal sealed class CompileLoss
{
    readonly Loss?[] losses;
    readonly double[] weights;

    public CompileLoss(LossSpec spec, LossWeights? lossWeights, IReadOnlyList<string> outputNames, string modelName)
    {
        OutputNames = outputNames;
        losses = Assign(spec.Entries, outputNames, modelName, "loss");
        weights = lossWeights is null
            ? outputNames.Select(_ => 1.0).ToArray()
            : Assign(lossWeights.Entries.Select(e => (e.Output, (double?)e.Weight)).ToList(), outputNames, modelName, "lossWeights")
                .Select(w => w ?? 1.0).ToArray();
        if (losses.All(l => l is null))
            throw new ArgumentException($"Model '{modelName}': the loss names none of the outputs [{string.Join(", ", outputNames)}].");
        OutputTrackers = outputNames.Count > 1
            ? outputNames.Select((n, i) => losses[i] is null ? null : new Mean(name: $"{n}_loss")).ToArray()
            : [null];
    }

    public IReadOnlyList<string> OutputNames { get; }

    public IReadOnlyList<Loss?> Losses => losses;

    /// <summary>Per-output loss trackers (multi-output models only).</summary>
    public Mean?[] OutputTrackers { get; }

    /// <summary>Spreads per-output arguments (one for all, a list in order, or by name) over the outputs.</summary>
    static T?[] Assign<T>(IReadOnlyList<(string? Output, T Value)> entries, IReadOnlyList<string> outputs, string modelName, string argument)
    {
        var result = new T?[outputs.Count];
        if (entries.Count == 0) return result;
        if (entries.All(e => e.Output is not null))
        {
            foreach (var (output, value) in entries)
            {
                var i = outputs.ToList().IndexOf(output!);
                if (i < 0)
                    throw new ArgumentException(
                        $"Model '{modelName}': '{argument}' names an unknown output '{output}'. The outputs are: [{string.Join(", ", outputs.Select(o => $"'{o}'"))}].");
                result[i] = value;
            }
            return result;
        }
        if (entries.Count == 1)
        {
            Array.Fill(result, entries[0].Value);
            return result;
        }
        if (entries.Count != outputs.Count)
            throw new ArgumentException(
                $"Model '{modelName}': '{argument}' has {entries.Count} entries but the model has {outputs.Count} outputs [{string.Join(", ", outputs.Select(o => $"'{o}'"))}]. Give one per output, or a dictionary by output name.");
        for (var i = 0; i < entries.Count; i++) result[i] = entries[i].Value;
        return result;
    }

    /// <summary>The weighted total loss; updates the per-output trackers.</summary>
    public Tensor Compute(IReadOnlyList<Tensor> yTrue, IReadOnlyList<Tensor> yPred, Tensor? sampleWeight)
    {
        Tensor? total = null;
        for (var i = 0; i < losses.Length; i++)
        {
            if (losses[i] is not { } loss) continue;
            var value = loss.Call(yTrue[i], yPred[i], sampleWeight);
            OutputTrackers[i]?.UpdateState(value.detach(), tensor((float)yPred[i].shape[0]));
            var weighted = weights[i] == 1.0 ? value : value * weights[i];
            total = total is null ? weighted : total + weighted;
        }
        return total!;
    }
}
