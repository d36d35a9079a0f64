using System.Collections;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Data;

/// <summary>
/// An input pipeline, as Keras users know tf.data's <c>Dataset</c>: immutable, lazy, enumerable again and again.
/// Start from <see cref="FromTensorSlices(Tensor[])"/> (tensors or arrays cut along their first axis) or
/// <see cref="FromDataView(IDataView, string[], string?, string?)"/> (an ML.NET <c>IDataView</c>, streamed), then chain <see cref="Shuffle"/>,
/// <see cref="Map(Func{DatasetElement, DatasetElement})"/>, <see cref="Batch"/>, <see cref="Repeat"/>,
/// <see cref="Take"/>, <see cref="Skip"/> and <see cref="Prefetch"/>; each returns a new dataset.
/// </summary>
/// <remarks>
/// <para>
/// Enumerate it with <c>foreach (var (x, y) in dataset)</c> or, with the step number, <c>foreach (var (step, (x, y)) in
/// dataset.Index())</c>.
/// </para>
/// <para>
/// Memory: each element is produced inside a TorchSharp dispose scope of its own, opened when the element is requested
/// and disposed when the next one is requested (or the enumeration ends). That scope holds the element's tensors and
/// every tensor your loop body creates while the element is current, so a long training loop does not accumulate
/// tensors. To keep a tensor beyond its step, copy it out of the scope: <c>kept = loss.detach().DetachFromDisposeScope()</c>
/// (then dispose it yourself). Model variables and optimizer state are not tensors of the scope and are unaffected.
/// When the enumeration stops while an element is current (<c>break</c>, <c>dataset.First()</c>), that last step is not
/// released: its tensors move to the enclosing dispose scope (or, with none, are left to the garbage collector), so
/// <c>var (x, y) = dataset.First();</c> gives live tensors. Materialising (<c>ToList()</c>) keeps only the last element
/// alive: select copies instead (<c>dataset.Select(e =&gt; e[0].DetachFromDisposeScope())</c>).
/// </para>
/// </remarks>
public abstract partial class Dataset : IEnumerable<DatasetElement>
{
    /// <summary><see cref="Cardinality"/> of a dataset that never ends (tf.data's INFINITE_CARDINALITY).</summary>
    public const long InfiniteCardinality = -2;

    /// <summary><see cref="Cardinality"/> of a dataset whose length is not known without enumerating it (tf.data's UNKNOWN_CARDINALITY).</summary>
    public const long UnknownCardinality = -1;

    private protected Dataset() { }

    /// <summary>
    /// The number of elements when known without enumerating: a count, <see cref="UnknownCardinality"/> (−1) or
    /// <see cref="InfiniteCardinality"/> (−2), as tf.data's <c>cardinality()</c>.
    /// </summary>
    public abstract long Cardinality { get; }

    /// <summary>
    /// Enumerates the elements, each inside its own dispose scope: the element's tensors, and the tensors created while
    /// it is current, are disposed when the next element is requested (see the remarks on <see cref="Dataset"/>; keep a
    /// tensor with <c>DetachFromDisposeScope()</c>). An enumeration stopped early leaves the current step's tensors to the
    /// enclosing scope.
    /// </summary>
    public IEnumerator<DatasetElement> GetEnumerator() => InStepScopes(Elements()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// The raw elements, without per-element scopes: the tensors of each element belong to the scope current when
    /// <c>MoveNext</c> is called (see <see cref="ElementOwnership"/>). Stages chain these; users enumerate the dataset.
    /// </summary>
    internal abstract IEnumerable<DatasetElement> Elements();

    /// <summary>A short description of the pipeline for messages.</summary>
    public override string ToString() => $"{GetType().Name}(cardinality: {FormatCardinality(Cardinality)})";

    internal static string FormatCardinality(long cardinality) => cardinality switch
    {
        InfiniteCardinality => "infinite",
        UnknownCardinality => "unknown",
        _ => cardinality.ToString(),
    };

    // One dispose scope per element: opened before the element is produced, disposed when the next one is requested,
    // so it also collects what the loop body creates during the step. When the enumeration stops while an element is
    // current (break, First()), that step's tensors go to the enclosing scope instead: the caller still holds them.
    static IEnumerable<DatasetElement> InStepScopes(IEnumerable<DatasetElement> elements)
    {
        using var source = elements.GetEnumerator();
        while (true)
        {
            var scope = NewDisposeScope();
            var current = false;
            try
            {
                if (!source.MoveNext()) yield break;
                current = true;
                yield return source.Current;
                current = false;
            }
            finally
            {
                if (current) scope.MoveToOuter(scope.DisposablesView);
                scope.Dispose();
            }
        }
    }
}
