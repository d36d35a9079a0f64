using Microsoft.ML.KerasStyle.Layers;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Training;

/// <summary>
/// Finds weights that training turned NaN or infinite (a NaN loss, a diverging learning rate): what keeps
/// <c>ModelCheckpoint</c> from overwriting a good checkpoint and the ML.NET trainers from returning a broken model.
/// </summary>
internal static class FiniteWeights
{
    /// <summary>The first weight of <paramref name="model"/> holding NaN or ±∞, with its first such value; null when all are finite.</summary>
    /// <remarks>One <c>isfinite().all()</c> per weight, read on the host: meant for the end of an epoch or of training, not every step.</remarks>
    public static (Variable Weight, float Value)? FirstNonFinite(Layer model)
    {
        foreach (var weight in model.Weights)
        {
            using var scope = NewDisposeScope();
            var value = weight.Value.detach();
            if (!value.is_floating_point()) continue;
            var finite = isfinite(value);
            if (finite.all().item<bool>()) continue;
            return (weight, value.masked_select(finite.logical_not())[0].to(ScalarType.Float32).item<float>());
        }
        return null;
    }

    /// <summary>A non-finite value as the messages write it: NaN, +∞, -∞.</summary>
    public static string Describe(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "+∞" : "-∞";
}
