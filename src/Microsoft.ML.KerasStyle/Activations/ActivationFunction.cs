using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Activations;

/// <summary>
/// An activation: a Keras name and an element-wise (or last-axis) function. Pass one by name (<c>"relu"</c>) or as an
/// object (<c>ActivationFunctions.LeakyRelu(0.1)</c>, or <c>new ActivationFunction("mine", x =&gt; …)</c>).
/// </summary>
/// <param name="name">The Keras name, used in configs and summaries.</param>
/// <param name="function">The computation.</param>
/// <param name="config">Arguments that differ from the named function's defaults (e.g. a leaky slope).</param>
public sealed class ActivationFunction(string name, Func<Tensor, Tensor> function, IReadOnlyDictionary<string, object?>? config = null)
{
    /// <summary>The Keras name.</summary>
    public string Name { get; } = name;

    /// <summary>Arguments beyond the name (empty for the defaults).</summary>
    public IReadOnlyDictionary<string, object?> Config { get; } = config ?? new Dictionary<string, object?>();

    /// <summary>Applies the activation.</summary>
    public Tensor Apply(Tensor x) => function(x);

    /// <summary>Looks an activation up by its Keras name.</summary>
    public static implicit operator ActivationFunction(string name) => ActivationFunctions.Get(name);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
