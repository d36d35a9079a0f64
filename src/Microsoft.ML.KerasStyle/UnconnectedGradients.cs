namespace Microsoft.ML.KerasStyle;

/// <summary>
/// What <see cref="GradientTape.Gradient(TorchSharp.torch.Tensor, IReadOnlyList{Variable}, TorchSharp.torch.Tensor?, UnconnectedGradients)"/>
/// returns for a source the target does not depend on (TF's <c>tf.UnconnectedGradients</c>).
/// </summary>
public enum UnconnectedGradients
{
    /// <summary><c>null</c>, as TF and Keras return <c>None</c> (the default; optimizers skip such entries).</summary>
    None,

    /// <summary>A tensor of zeros shaped like the source.</summary>
    Zero,
}
