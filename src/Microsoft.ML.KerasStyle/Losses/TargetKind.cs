namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>Keras's <c>is_binary_or_sparse_categorical</c>: what the target and prediction shapes say about the task.</summary>
internal static class TargetKind
{
    /// <summary>
    /// Binary when the predictions' last dimension is 1; sparse categorical when the targets have fewer dimensions than
    /// the predictions, or a last dimension of 1 while the predictions have several classes.
    /// </summary>
    public static (bool IsBinary, bool IsSparseCategorical) Of(IReadOnlyList<long> yTrueShape, IReadOnlyList<long> yPredShape, string owner)
    {
        ArgumentNullException.ThrowIfNull(yTrueShape);
        ArgumentNullException.ThrowIfNull(yPredShape);
        if (yTrueShape.Count == 0 || yPredShape.Count == 0)
            throw new ArgumentException(
                $"{owner}: resolving needs targets and predictions of rank ≥ 1 (a batch axis). Received target shape " +
                $"({string.Join(", ", yTrueShape)}) and prediction shape ({string.Join(", ", yPredShape)}).");
        var isBinary = yPredShape[^1] == 1;
        var isSparse = yTrueShape.Count < yPredShape.Count || (yTrueShape[^1] == 1 && yPredShape[^1] > 1);
        return (isBinary, isSparse);
    }
}
