using System.Collections;
using System.Runtime.CompilerServices;

namespace Microsoft.ML.KerasStyle;

/// <summary>
/// An int or a tuple of ints, as Keras takes <c>kernel_size=3</c> or <c>kernel_size=(3, 3)</c>: write <c>3</c>,
/// <c>(3, 3)</c>, <c>(3, 3, 3)</c>, <c>[3, 3]</c> or an <c>int[]</c>. A single int stands for the same value along every
/// axis; a tuple must have one value per axis (checked by the layer, with Keras's message).
/// </summary>
[CollectionBuilder(typeof(IntTuple), nameof(Create))]
public readonly struct IntTuple : IReadOnlyList<int>, IEquatable<IntTuple>
{
    readonly int[]? values;
    readonly int single;

    IntTuple(int[]? values, int single)
    {
        this.values = values;
        this.single = single;
    }

    /// <summary>True when a single int was given (it stands for every axis).</summary>
    public bool IsScalar => values is null;

    /// <summary>The number of values given (1 for a single int).</summary>
    public int Count => values?.Length ?? 1;

    /// <summary>The value at <paramref name="index"/> as given.</summary>
    public int this[int index] => values is null
        ? index == 0 ? single : throw new ArgumentOutOfRangeException(nameof(index))
        : values[index];

    /// <summary>A single int (every axis).</summary>
    public static implicit operator IntTuple(int value) => new(null, value);

    /// <summary>Two values, e.g. <c>(3, 3)</c>.</summary>
    public static implicit operator IntTuple((int, int) value) => new([value.Item1, value.Item2], 0);

    /// <summary>Three values, e.g. <c>(3, 3, 3)</c>.</summary>
    public static implicit operator IntTuple((int, int, int) value) => new([value.Item1, value.Item2, value.Item3], 0);

    /// <summary>Any number of values.</summary>
    public static implicit operator IntTuple(int[] values) => Create(values ?? throw new ArgumentNullException(nameof(values)));

    /// <summary>The collection-expression form, <c>[3, 3]</c>.</summary>
    public static IntTuple Create(ReadOnlySpan<int> values) => new(values.ToArray(), 0);

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator() => (values ?? [single]).AsEnumerable().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(IntTuple other) => IsScalar == other.IsScalar && this.SequenceEqual(other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IntTuple other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => this.Aggregate(IsScalar ? 17 : 31, HashCode.Combine);

    /// <summary>Equality of the values as given.</summary>
    public static bool operator ==(IntTuple left, IntTuple right) => left.Equals(right);

    /// <summary>Inequality of the values as given.</summary>
    public static bool operator !=(IntTuple left, IntTuple right) => !left.Equals(right);

    /// <summary><c>3</c> or <c>(3, 3)</c>, as Python prints them.</summary>
    public override string ToString() => values is null ? single.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : values.Length == 1 ? $"({values[0]},)" : $"({string.Join(", ", values)})";
}
