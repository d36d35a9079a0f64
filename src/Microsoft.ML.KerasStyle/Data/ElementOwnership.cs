using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Data;

/// <summary>
/// How pipeline stages move element tensors between TorchSharp dispose scopes. The contract of every stage: the
/// tensors of the element it yields belong to the dispose scope current when its <c>MoveNext</c> was called (the
/// step's scope), so they are released with the step. A stage that keeps elements across steps (a shuffle buffer, a
/// prefetch queue) detaches their tensors from every scope and hands them back with <see cref="AttachToCurrentScope"/>
/// when it yields them, or disposes them itself. Tensors an element borrows from elsewhere (a constant captured by a map
/// function, a source tensor) belong to no scope of the pipeline and are never disposed by it.
/// </summary>
internal static class ElementOwnership
{
    /// <summary>
    /// Pulls the next element inside a scope of its own, so what upstream stages made on the way (map temporaries) is
    /// released at once; the element's own tensors are detached from every scope and returned in <paramref name="owned"/>
    /// (the caller disposes them or hands them on).
    /// </summary>
    public static bool TryPullDetached(IEnumerator<DatasetElement> source, out DatasetElement element, out Tensor[] owned)
    {
        using var scope = NewDisposeScope();
        if (!source.MoveNext())
        {
            (element, owned) = (null!, []);
            return false;
        }
        element = source.Current;
        owned = OwnedBy(scope, element);
        scope.Detach(owned);
        return true;
    }

    /// <summary>
    /// Pulls the next element inside a scope of its own and moves only the element's tensors to the enclosing scope
    /// (the caller's): upstream temporaries are released at once.
    /// </summary>
    public static bool TryPull(IEnumerator<DatasetElement> source, out DatasetElement element)
    {
        using var scope = NewDisposeScope();
        if (!source.MoveNext())
        {
            element = null!;
            return false;
        }
        element = source.Current;
        scope.MoveToOuter(OwnedBy(scope, element));
        return true;
    }

    /// <summary>Pulls the next element and releases it with everything made for it (to skip it).</summary>
    public static bool TryDiscard(IEnumerator<DatasetElement> source)
    {
        using var scope = NewDisposeScope();
        return source.MoveNext();
    }

    /// <summary>Puts detached tensors in the scope current on this thread, so they are released with the step.</summary>
    public static void AttachToCurrentScope(Tensor[] owned)
    {
        if (owned.Length == 0) return;
        // TorchSharp has no public handle on the current scope: attach to a fresh inner scope, then move out of it.
        using var scope = NewDisposeScope();
        scope.Attach(owned);
        scope.MoveToOuter(owned);
    }

    /// <summary>Disposes detached tensors a stage still holds (a buffer being dropped).</summary>
    public static void Dispose(IEnumerable<Tensor> owned)
    {
        foreach (var t in owned) t.Dispose();
    }

    static Tensor[] OwnedBy(DisposeScope scope, DatasetElement element) =>
        element.Tensors.Distinct(ReferenceEqualityComparer.Instance).Cast<Tensor>().Where(scope.Contains).ToArray();
}
