using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Training;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// Keeps the ML.NET trainers from returning a diverged model: as a callback it notes where the training loss first
/// stopped being finite and whether the last batch's loss was finite; <see cref="Check"/> then fails when a weight is
/// NaN or infinite, or when training ended on a non-finite loss (TerminateOnNaN stops there, sometimes before the
/// weights overflow). The rows are checked as they are read (<see cref="RowBatchReader"/>), so this is divergence on
/// finite data.
/// </summary>
internal sealed class FiniteModelGuard : Callback
{
    int epoch;
    (int Epoch, int Batch, double Loss)? firstNonFinite;
    double lastLoss;

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs) => this.epoch = epoch;

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        if (logs.Get("loss") is not { } loss) return;
        lastLoss = loss;
        if (firstNonFinite is null && !double.IsFinite(loss)) firstNonFinite = (epoch, batch, loss);
    }

    /// <summary>Throws when a weight of <paramref name="model"/> is NaN or infinite or training ended on a non-finite loss, saying where the loss became so.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="owner">The trainer, for the message.</param>
    /// <param name="epochs">The epochs asked for, for the message.</param>
    public void Check(Model model, string owner, int epochs)
    {
        var bad = FiniteWeights.FirstNonFinite(model);
        if (bad is null && double.IsFinite(lastLoss)) return;
        var what = bad is { } b
            ? $"training made the weights of model '{model.Name}' non-finite (weight '{b.Weight.Path}' holds {FiniteWeights.Describe(b.Value)})"
            : $"training of model '{model.Name}' ended on a loss of {FiniteWeights.Describe(lastLoss)}";
        var when = firstNonFinite is { } first
            ? $"the training loss first became {FiniteWeights.Describe(first.Loss)} in epoch {first.Epoch + 1}/{epochs}, at batch {first.Batch}"
            : "the training loss was finite at every batch, so the last updates overflowed";
        throw new InvalidOperationException(
            $"{owner}: {what}: {when}. Every row trained on was finite, so training diverged: lower the optimizer's learning rate, clip the " +
            "gradients (its clipnorm), or scale the features (ml.Transforms.NormalizeMinMax). No model is returned; the Keras model keeps the weights training left.");
    }
}
