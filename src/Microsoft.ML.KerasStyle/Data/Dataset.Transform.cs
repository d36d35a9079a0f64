using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Data;

// Transformations: each returns a new dataset over this one (nothing runs until it is enumerated).
public abstract partial class Dataset
{
    /// <summary>A <see cref="Prefetch"/> buffer size that lets the library choose (tf.data's AUTOTUNE): 2 elements ahead.</summary>
    public const int Autotune = -1;

    /// <summary>
    /// Shuffles the elements with tf.data's buffer semantics: a buffer holds <paramref name="bufferSize"/> elements;
    /// each step yields one of them chosen uniformly at random and refills its place with the next element. A buffer at
    /// least as large as the dataset gives a uniform permutation; a smaller one shuffles locally (an element moves at most
    /// <c>bufferSize − 1</c> places earlier) and holds only that many elements in memory.
    /// </summary>
    /// <param name="bufferSize">Number of elements in the buffer (≥ 1).</param>
    /// <param name="seed">
    /// Seed of the order: the same seed gives the same order (the same sequence of orders when reshuffling). Defaults to
    /// null: a seed drawn from TorchSharp's global generator when the dataset is built, so <c>Keras.Utils.SetRandomSeed</c>
    /// makes it reproducible too.
    /// </param>
    /// <param name="reshuffleEachIteration">A new order each time the dataset is enumerated (each epoch); false repeats the first order. Defaults to true.</param>
    public Dataset Shuffle(int bufferSize, long? seed = null, bool reshuffleEachIteration = true)
    {
        if (bufferSize < 1) throw new ArgumentOutOfRangeException(nameof(bufferSize), $"Dataset.Shuffle: bufferSize must be ≥ 1, received {bufferSize}.");
        return new ShuffleDataset(this, bufferSize, seed, reshuffleEachIteration);
    }

    /// <summary>
    /// Stacks consecutive elements into batches along a new first axis (every tensor of the element, groups included):
    /// elements <c>(image[28, 28], label[])</c> become <c>(images[32, 28, 28], labels[32])</c>. Tensors of one component
    /// must have equal shapes.
    /// </summary>
    /// <param name="batchSize">Elements per batch (≥ 1).</param>
    /// <param name="dropRemainder">Drop a last batch smaller than <paramref name="batchSize"/> (fixed batch shapes). Defaults to false.</param>
    public Dataset Batch(int batchSize, bool dropRemainder = false)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), $"Dataset.Batch: batchSize must be ≥ 1, received {batchSize}.");
        return new BatchDataset(this, batchSize, dropRemainder);
    }

    /// <summary>
    /// Passes each element through <paramref name="map"/> when it is requested (tf.data's <c>map</c>). Return a tensor,
    /// a tuple of tensors (<c>e =&gt; (e[0] / 255f, e[1])</c>), a dictionary, or a <see cref="DatasetElement"/> (e.g.
    /// <see cref="DatasetElement.From"/> for nested structures). Temporaries of the function are released with the step.
    /// </summary>
    /// <param name="map">The function applied to each element.</param>
    public Dataset Map(Func<DatasetElement, DatasetElement> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return new MapDataset(this, map);
    }

    /// <summary>
    /// Maps elements of two tensor components, e.g. <c>dataset.Map((x, y) =&gt; (x / 255f, y))</c>.
    /// </summary>
    /// <param name="map">The function applied to the two components of each element.</param>
    public Dataset Map(Func<Tensor, Tensor, (Tensor, Tensor)> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return new MapDataset(this, e =>
        {
            var (x, y) = e;
            return map(x, y);
        });
    }

    /// <summary>Maps elements of three tensor components, e.g. <c>(x, y, w) =&gt; (x / 255f, y, w)</c>.</summary>
    /// <param name="map">The function applied to the three components of each element.</param>
    public Dataset Map(Func<Tensor, Tensor, Tensor, (Tensor, Tensor, Tensor)> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return new MapDataset(this, e =>
        {
            var (x, y, w) = e;
            return map(x, y, w);
        });
    }

    /// <summary>
    /// Prepares up to <paramref name="bufferSize"/> elements ahead on a background thread while the current one is used
    /// (tf.data's <c>prefetch</c>), usually last in the pipeline. Elements keep their order, still belong to the step that
    /// receives them, and an exception in the pipeline reaches the loop. Map functions before it run on that thread.
    /// </summary>
    /// <param name="bufferSize">Elements prepared ahead: ≥ 1, 0 for none (the same dataset), or <see cref="Autotune"/>.</param>
    public Dataset Prefetch(int bufferSize)
    {
        if (bufferSize < Autotune)
            throw new ArgumentOutOfRangeException(nameof(bufferSize), $"Dataset.Prefetch: bufferSize must be ≥ 0 or Dataset.Autotune, received {bufferSize}.");
        return bufferSize == 0 ? this : new PrefetchDataset(this, bufferSize == Autotune ? 2 : bufferSize);
    }

    /// <summary>
    /// Enumerates the dataset <paramref name="count"/> times in a row (tf.data's <c>repeat</c>); each pass enumerates it
    /// again, so a <see cref="Shuffle"/> before gives a new order every pass.
    /// </summary>
    /// <param name="count">Number of passes (≥ 0). Defaults to null: forever.</param>
    public Dataset Repeat(int? count = null)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), $"Dataset.Repeat: count must be ≥ 0 or null (forever), received {count}.");
        return new RepeatDataset(this, count);
    }

    /// <summary>The first <paramref name="count"/> elements (tf.data's <c>take</c>), e.g. to bound an infinite dataset.</summary>
    /// <param name="count">Number of elements (≥ 0).</param>
    public Dataset Take(long count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), $"Dataset.Take: count must be ≥ 0, received {count}.");
        return new TakeDataset(this, count);
    }

    /// <summary>Every element after the first <paramref name="count"/> (tf.data's <c>skip</c>).</summary>
    /// <param name="count">Number of elements to skip (≥ 0).</param>
    public Dataset Skip(long count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), $"Dataset.Skip: count must be ≥ 0, received {count}.");
        return new SkipDataset(this, count);
    }
}
