using System.Runtime.ExceptionServices;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// Reads the batches of a <see cref="RowBatchReader"/> on a background thread, up to <c>readAhead</c> batches ahead of
/// the training thread, so that the cursor's work (the getters, the pipeline's transforms, copying values) overlaps with
/// the training step. Only managed buffers cross threads: the training thread takes a filled buffer with
/// <see cref="Next"/>, makes its tensors (in its own dispose scope) and hands the buffer back with
/// <see cref="Recycle"/>; the reading thread never touches TorchSharp.
/// </summary>
/// <remarks>
/// <para>
/// What the reading thread throws is rethrown by <see cref="Next"/> (same exception, its stack kept) after the batches
/// read before it. <see cref="Dispose"/> (the pass ends, training stops early or fails) stops the thread and waits for it
/// to end — at most the batch it is reading — so the caller can then dispose the <see cref="RowBatchReader"/> and its
/// cursor, which the thread no longer uses.
/// </para>
/// <para>
/// The threads meet under one lock and wait with <see cref="Monitor.Wait(object)"/>, which blocks without spinning: a
/// spinning waiter would take processor time from the training step on a machine with few cores. For the same reason the
/// reading thread, once it has filled every buffer, sleeps until half of them are free again and then refills them in
/// one go: on two cores (measured with the <c>mlnet-profile</c> benchmark), a wake-up per batch cost more than the
/// reading it overlapped.
/// </para>
/// </remarks>
internal sealed class BackgroundBatchReader : IDisposable
{
    readonly RowBatchReader reader;
    readonly object gate = new();
    readonly Stack<BatchBuffer> free = new();
    readonly Queue<BatchBuffer> filled = new();
    readonly Thread thread;
    bool done;
    bool stopping;
    Exception? failure;
    readonly int wakeAt;

    /// <summary>The read-ahead depth chosen when none is given: as many batches as fit in 64 MB, from 2 to 16.</summary>
    /// <param name="batchBytes">Bytes of one batch's buffers.</param>
    public static int DefaultDepth(long batchBytes) => (int)Math.Clamp(64L * 1024 * 1024 / Math.Max(1, batchBytes), 2, 16);

    /// <param name="reader">The pass to read; still owned by the caller.</param>
    /// <param name="readAhead">Batches read ahead (≥ 1): the buffers the two threads share; null for <see cref="DefaultDepth"/>.</param>
    public BackgroundBatchReader(RowBatchReader reader, int? readAhead)
    {
        if (readAhead is { } depth) ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1, nameof(readAhead));
        this.reader = reader;
        var first = reader.NewBuffer();
        free.Push(first);
        Depth = readAhead ?? DefaultDepth(first.Bytes);
        wakeAt = Math.Max(1, Depth / 2);
        for (var i = 1; i < Depth; i++) free.Push(reader.NewBuffer());
        thread = new Thread(Run) { IsBackground = true, Name = "KerasStyle data view reader" };
        thread.Start();
    }

    /// <summary>Batches read ahead: the buffers the two threads share.</summary>
    public int Depth { get; }

    void Run()
    {
        try
        {
            while (true)
            {
                BatchBuffer buffer;
                lock (gate)
                {
                    // All buffers filled: sleep until half of them are free (one wake-up per wakeAt batches).
                    if (free.Count == 0)
                        while (free.Count < wakeAt && !stopping) Monitor.Wait(gate);
                    if (stopping) return;
                    buffer = free.Pop();
                }
                var any = reader.Fill(buffer);
                lock (gate)
                {
                    if (any) filled.Enqueue(buffer);
                    else done = true;
                    Monitor.PulseAll(gate);
                }
                if (!any) return;
            }
        }
        catch (Exception e)
        {
            lock (gate)
            {
                failure = e;
                done = true;
                Monitor.PulseAll(gate);
            }
        }
    }

    /// <summary>The next filled batch, waiting for it if need be; null at the end of the pass. Rethrows the reading thread's exception.</summary>
    public BatchBuffer? Next()
    {
        lock (gate)
        {
            while (filled.Count == 0 && !done) Monitor.Wait(gate);
            if (filled.Count > 0) return filled.Dequeue();
        }
        if (failure is { } e) ExceptionDispatchInfo.Capture(e).Throw();
        return null;
    }

    /// <summary>Hands a buffer whose tensors are made back to the reading thread.</summary>
    public void Recycle(BatchBuffer buffer)
    {
        lock (gate)
        {
            free.Push(buffer);
            if (free.Count >= wakeAt) Monitor.PulseAll(gate);
        }
    }

    /// <summary>Stops the reading thread and waits for it to end.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            stopping = true;
            Monitor.PulseAll(gate);
        }
        thread.Join();
    }
}
