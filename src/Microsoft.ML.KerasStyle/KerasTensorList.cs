using System.Collections;

namespace Microsoft.ML.KerasStyle;

/// <summary>
/// Symbolic tensors of a layer call (<see cref="Layers.Layer.Input"/>, <see cref="Layers.Layer.Output"/>): usable as a
/// single <see cref="KerasTensor"/> when there is one, indexable when there are several.
/// </summary>
public sealed class KerasTensorList(IReadOnlyList<KerasTensor> tensors) : IReadOnlyList<KerasTensor>
{
    /// <inheritdoc/>
    public KerasTensor this[int index] => tensors[index];

    /// <inheritdoc/>
    public int Count => tensors.Count;

    /// <summary>The only tensor; a clear error when there are several.</summary>
    public KerasTensor Single => Count == 1
        ? tensors[0]
        : throw new InvalidOperationException($"This call has {Count} symbolic tensors ({string.Join(", ", tensors.Select(t => t.Name))}); index them instead.");

    /// <summary>Shape of the only tensor.</summary>
    public int?[] Shape => Single.Shape;

    /// <summary>Name of the only tensor.</summary>
    public string Name => Single.Name;

    /// <summary>The only tensor.</summary>
    public static implicit operator KerasTensor(KerasTensorList list) => list.Single;

    /// <inheritdoc/>
    public IEnumerator<KerasTensor> GetEnumerator() => tensors.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => Count == 1 ? tensors[0].ToString() : "[" + string.Join(", ", tensors) + "]";
}
