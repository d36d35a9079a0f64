namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Marks a layer class that Keras 3 builds in its constructor (Keras's <c>_build_at_init()</c>, or <c>self.built =
/// True</c> in <c>__init__</c>: stateless layers such as activations, Dropout, Reshape and pooling), so its serialized
/// form has no <c>build_config</c>, as Keras writes it. Matched exactly (not inherited): a subclass may build something.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class BuiltAtInitAttribute : Attribute;
