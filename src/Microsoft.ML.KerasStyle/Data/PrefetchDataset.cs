using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Data;

/// <summary>
/// Produces up to <c>bufferSize</c> elements ahead on a background thread, as tf.data's <c>prefetch</c>, so that
/// reading, mapping and batching overlap with the training step.
/// </summary>
/// <remarks>
/// TorchSharp tensors may be created on one thread and used on another (libtorch tensors are not tied to a thread);
/// what is tied to a thread is the dispose-scope bookkeeping. So the producer pulls each element inside its own scope
/// (its temporaries are released there), detaches the element's tensors from every scope before queueing them, and the
/// consumer attaches them to its step's scope when it yields them. Elements still queued when the enumeration stops are
/// disposed; exceptions of the producer are rethrown to the consumer. Order is kept.
/// </remarks>
internal sealed class PrefetchDataset(Dataset source, int bufferSize) : Dataset
{
    public override long Cardinality => source.Cardinality;

    internal override IEnumerable<DatasetElement> Elements()
    {
        using var queue = new BlockingCollection<(DatasetElement Element, Tensor[] Owned)>(bufferSize);
        using var stop = new CancellationTokenSource();
        Exception? failure = null;
        var producer = new Thread(() =>
        {
            try
            {
                using var upstream = source.Elements().GetEnumerator();
                while (!stop.IsCancellationRequested && ElementOwnership.TryPullDetached(upstream, out var element, out var owned))
                {
                    try
                    {
                        queue.Add((element, owned), stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        ElementOwnership.Dispose(owned);
                        break;
                    }
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
            finally
            {
                queue.CompleteAdding();
            }
        })
        { IsBackground = true, Name = "Dataset.Prefetch" };
        producer.Start();
        try
        {
            foreach (var (element, owned) in queue.GetConsumingEnumerable())
            {
                ElementOwnership.AttachToCurrentScope(owned);
                yield return element;
            }
            // The producer has completed (CompleteAdding): its failure, if any, is visible.
            if (failure is not null) ExceptionDispatchInfo.Capture(failure).Throw();
        }
        finally
        {
            stop.Cancel();
            producer.Join();
            while (queue.TryTake(out var left)) ElementOwnership.Dispose(left.Owned);
        }
    }
}
