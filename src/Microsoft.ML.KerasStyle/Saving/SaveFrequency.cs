namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// When a checkpointing callback saves: <c>"epoch"</c> (at the end of every epoch) or a number of training batches
/// (Keras's <c>save_freq</c>). Converts from the string <c>"epoch"</c> and from a positive integer.
/// </summary>
public readonly struct SaveFrequency : IEquatable<SaveFrequency>
{
    SaveFrequency(int? batches) => Batches = batches;

    /// <summary>Save at the end of every epoch.</summary>
    public static SaveFrequency Epoch => default;

    /// <summary>The number of batches between saves, or null to save at the end of every epoch.</summary>
    public int? Batches { get; }

    /// <summary>True when saving at the end of every epoch.</summary>
    public bool IsEpoch => Batches is null;

    /// <summary><c>"epoch"</c>; any other string is an error.</summary>
    public static implicit operator SaveFrequency(string value) => value == "epoch"
        ? Epoch
        : throw new ArgumentException($"Unrecognized saveFreq: '{value}'. Expected saveFreq are \"epoch\" or a positive number of batches.", nameof(value));

    /// <summary>Save every <paramref name="batches"/> training batches.</summary>
    public static implicit operator SaveFrequency(int batches) => batches > 0
        ? new SaveFrequency(batches)
        : throw new ArgumentException($"Unrecognized saveFreq: {batches}. Expected saveFreq are \"epoch\" or a positive number of batches.", nameof(batches));

    /// <inheritdoc/>
    public bool Equals(SaveFrequency other) => Batches == other.Batches;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SaveFrequency other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Batches.GetHashCode();

    /// <summary>Equality.</summary>
    public static bool operator ==(SaveFrequency left, SaveFrequency right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(SaveFrequency left, SaveFrequency right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => Batches?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "epoch";
}
