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
        var iteration = reshuffleEachIteration ? Interlocked.Increment(ref iterations) - 1 : 0;
        var random = new Random(Mix(seed, iteration));
        var buffer = new List<(DatasetElement Element, Tensor[] Owned)>(Math.Min(bufferSize, 1 << 16));
        try
        {
            using var upstream = source.Elements().GetEnumerator();
            var exhausted = false;
            while (true)
            {
                // Buffered elements are detached from every scope: they outlive the step that read them.
                while (!exhausted && buffer.Count < bufferSize)
                {
                    if (ElementOwnership.TryPullDetached(upstream, out var element, out var owned)) buffer.Add((element, owned));
                    else exhausted = true;
                }
                if (buffer.Count == 0) yield break;
                var pick = random.Next(buffer.Count);
                var chosen = buffer[pick];
                // The next source element takes the chosen one's place (read at the next step); the last one fills the
                // hole once the source is exhausted.
                buffer[pick] = buffer[^1];
                buffer.RemoveAt(buffer.Count - 1);
                ElementOwnership.AttachToCurrentScope(chosen.Owned);
                yield return chosen.Element;
            }
        }
        finally
        {
            // An enumeration stopped early (break, Take) drops the rest of the buffer.
            ElementOwnership.Dispose(buffer.SelectMany(b => b.Owned));
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
