using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Data;

/// <summary>
/// Elements in random order with tf.data's buffer semantics: a buffer is filled with the first <c>bufferSize</c>
/// elements; each step yields a uniformly chosen buffered element and refills its place with the next source element.
/// A buffer at least as large as the dataset gives a uniform permutation; a buffer of 1 keeps the order.
/// </summary>
/// <remarks>
/// The order comes from a <see cref="Random"/> seeded per enumeration from the dataset's seed and, when reshuffling,
/// the number of enumerations started so far: the same seed gives the same sequence of orders.
/// </remarks>
internal sealed class ShuffleDataset : Dataset
{
    readonly Dataset source;
    readonly int bufferSize;
    readonly long seed;
    readonly bool reshuffleEachIteration;
    long iterations;

    public ShuffleDataset(Dataset source, int bufferSize, long? seed, bool reshuffleEachIteration)
    {
        this.source = source;
        this.bufferSize = bufferSize;
        this.seed = seed ?? SeedFromGlobalGenerator();
        this.reshuffleEachIteration = reshuffleEachIteration;
    }

    public override long Cardinality => source.Cardinality;

    internal override IEnumerable<DatasetElement> Elements()
    {
        var buffer = new List<(DatasetElement Element, Tensor[] Owned)>(Math.Min(bufferSize, 1 << 16));
        try
        {
            using var upstream = source.Elements().GetEnumerator();
            // Buffered elements are detached from every scope: they outlive the step that read them.
            foreach (var (element, owned) in BufferShuffle(PullDetached(upstream), buffer, NextRandom()))
            {
                ElementOwnership.AttachToCurrentScope(owned);
                yield return element;
            }
        }
        finally
        {
            // An enumeration stopped early (break, Take) drops the rest of the buffer.
            ElementOwnership.Dispose(buffer.SelectMany(b => b.Owned));
        }
    }

    /// <summary>The rows of the source in shuffled order, when the source is rows of in-memory tensors; else null.</summary>
    /// <remarks>The same order <see cref="Elements"/> gives (same buffer, same draws): a batch can then gather its rows in one op.</remarks>
    internal (TensorSlicesDataset Rows, IEnumerable<long> Order)? ShuffledRows() =>
        source is TensorSlicesDataset rows ? (rows, RowOrder(rows.Cardinality)) : null;

    // An iterator, so the pass is counted when enumeration starts, as Elements() counts it.
    IEnumerable<long> RowOrder(long count)
    {
        foreach (var row in BufferShuffle(Range(count), new List<long>((int)Math.Min(Math.Min(bufferSize, count), 1 << 16)), NextRandom()))
            yield return row;
    }

    static IEnumerable<long> Range(long count)
    {
        for (long i = 0; i < count; i++) yield return i;
    }

    // Each enumeration draws from its own generator: a new order per pass unless reshuffleEachIteration is off.
    Random NextRandom()
    {
        var iteration = reshuffleEachIteration ? Interlocked.Increment(ref iterations) - 1 : 0;
        return new Random(Mix(seed, iteration));
    }

    static IEnumerable<(DatasetElement Element, Tensor[] Owned)> PullDetached(IEnumerator<DatasetElement> upstream)
    {
        while (ElementOwnership.TryPullDetached(upstream, out var element, out var owned)) yield return (element, owned);
    }

    // tf.data's buffer shuffle: keep the buffer full from the source, emit a random buffered item, and let the next
    // source item take its place (the last one fills the hole once the source is exhausted).
    IEnumerable<T> BufferShuffle<T>(IEnumerable<T> source, List<T> buffer, Random random)
    {
        using var upstream = source.GetEnumerator();
        var exhausted = false;
        while (true)
        {
            while (!exhausted && buffer.Count < bufferSize)
            {
                if (upstream.MoveNext()) buffer.Add(upstream.Current);
                else exhausted = true;
            }
            if (buffer.Count == 0) yield break;
            var pick = random.Next(buffer.Count);
            var chosen = buffer[pick];
            buffer[pick] = buffer[^1];
            buffer.RemoveAt(buffer.Count - 1);
            yield return chosen;
        }
    }

    // Without a seed the order still follows Keras.Utils.SetRandomSeed (TorchSharp's global generator), as tf.data's
    // op seeds follow the global seed; one draw when the dataset is built.
    static long SeedFromGlobalGenerator()
    {
        using var draw = randint(0, int.MaxValue, [1], dtype: ScalarType.Int64);
        return draw.item<long>();
    }

    // SplitMix64 of (seed, iteration): well-spread 32-bit seeds for System.Random.
    static int Mix(long seed, long iteration)
    {
        var z = unchecked((ulong)seed + 0x9E3779B97F4A7C15UL * (ulong)(iteration + 1));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
