using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Constraints;

/// <summary>Keras's <c>NonNeg</c>: sets negative weights to 0 (<c>maximum(w, 0)</c>). By name: <c>"non_neg"</c>.</summary>
public class NonNeg : Constraint
{
    /// <inheritdoc/>
    public override Tensor Call(Tensor w) => w.clamp_min(0);
}
