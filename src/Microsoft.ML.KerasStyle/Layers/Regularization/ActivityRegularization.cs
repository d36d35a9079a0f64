using Microsoft.ML.KerasStyle.Regularizers;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Keras's ActivityRegularization: returns its input unchanged and adds <c>l1 · sum(|x|) + l2 · sum(x²)</c>, divided by
/// the batch size, to <see cref="Layer.Losses"/> (its <see cref="Layer.ActivityRegularizer"/> is <c>L1L2(l1, l2)</c>),
/// so <c>Fit</c> penalises large activations. It exports to ONNX as nothing (an Identity).
/// </summary>
[BuiltAtInit]
public class ActivityRegularization : Layer
{
    /// <summary>Creates the layer; as in Keras it is built at once (it has no weights).</summary>
    /// <param name="l1">The L1 factor (finite, non-negative). Defaults to 0.</param>
    /// <param name="l2">The L2 factor (finite, non-negative). Defaults to 0.</param>
    /// <param name="name">Layer name. Defaults to <c>activity_regularization</c>, <c>activity_regularization_1</c>, ….</param>
    /// <param name="trainable">Whether the layer is trainable (it has no weights). Defaults to true.</param>
    /// <param name="dtype">The dtype of the computations. Defaults to <c>float32</c>.</param>
    public ActivityRegularization(double l1 = 0.0, double l2 = 0.0, string? name = null, bool trainable = true, string dtype = "float32")
        : base(name, trainable, dtype, new L1L2(l1, l2))
    {
        L1 = l1;
        L2 = l2;
        Built = true;
    }

    /// <summary>The L1 factor.</summary>
    public double L1 { get; }

    /// <summary>The L2 factor.</summary>
    public double L2 { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) => inputs;

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => (int?[])inputShape.Clone();

    /// <summary>Keras's config: the base keys, <c>l1</c> and <c>l2</c> (not the activity regularizer they make).</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config.Remove("activity_regularizer");
        config["l1"] = L1;
        config["l2"] = L2;
        return config;
    }
}
