using Microsoft.ML.KerasStyle.Training;

namespace Microsoft.ML.KerasStyle.Data;

// What Fit, Evaluate and Predict consume: the elements as training batches.
public abstract partial class Dataset
{
    /// <summary>
    /// The elements as <see cref="Training.Batch"/>es, one per element, for <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c>
    /// (see <see cref="BatchMapping"/> for how elements map). Like <c>ArrayDataAdapter.OneEpoch</c>, each batch's tensors
    /// belong to the dispose scope current when <c>MoveNext</c> is called (the caller's per-step scope); no scope is
    /// opened here. Each call enumerates the dataset again (a new shuffle order).
    /// </summary>
    /// <param name="inputNames">The model's input names (functional models), or null to keep the element's own structure.</param>
    /// <param name="outputNames">The model's output names (functional models), or null to keep the element's own structure.</param>
    internal IEnumerable<Batch> AsBatches(IReadOnlyList<string>? inputNames, IReadOnlyList<string>? outputNames)
    {
        foreach (var element in Elements())
            yield return BatchMapping.ToBatch(element, inputNames, outputNames);
    }
}
