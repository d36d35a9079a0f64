namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Names the Python attribute a field or auto-property of a layer stands for, where Keras's name is not the member's
/// name in snake_case (e.g. <c>[TrackedAs("_query_dense")] readonly EinsumDense queryDense;</c>): Keras files address a
/// sublayer's weights by its attribute name (<c>multi_head_attention/_query_dense/vars</c>). Without it a member is
/// named by its name in snake_case (<c>mixingLayer</c> → <c>mixing_layer</c>, a leading underscore kept).
/// </summary>
/// <param name="name">The Python attribute name, e.g. <c>_query_dense</c> or <c>cell</c>.</param>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class TrackedAsAttribute(string name) : Attribute
{
    /// <summary>The Python attribute name.</summary>
    public string Name { get; } = string.IsNullOrEmpty(name) || name.Contains('/')
        ? throw new ArgumentException($"TrackedAs: the attribute name must be non-empty and cannot contain '/', received '{name}'.", nameof(name))
        : name;
}
