using Microsoft.ML.KerasStyle.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Tests.Training;

/// <summary>Fit's in-memory batches: one seeded permutation per pass, rows kept with their labels.</summary>
[TestClass]
public sealed class ArrayDataAdapterTests : KerasTestBase
{
    const int Rows = 10, BatchSize = 4;

    static ArrayDataAdapter Adapter(Tensor x, Tensor y) => new([(null, x)], [(null, y)], sampleWeight: null);

    static (Tensor X, Tensor Y) Data() =>
        (arange(Rows * 3, dtype: ScalarType.Float32).reshape(Rows, 3).DetachFromDisposeScope(), arange(Rows, dtype: ScalarType.Int64).DetachFromDisposeScope());

    [TestMethod]
    public void ShuffledBatchesFollowOneSeededPermutation()
    {
        var (x, y) = Data();
        manual_seed(5);
        var expectedOrder = randperm(Rows, dtype: ScalarType.Int64).data<long>().ToArray();
        manual_seed(5);
        var seen = new List<long>();
        foreach (var batch in Adapter(x, y).OneEpoch(BatchSize, shuffle: true))
        {
            var labels = batch.Y[0].data<long>().ToArray();
            // Each row travels with its label (row i holds 3i, 3i+1, 3i+2).
            CollectionAssert.AreEqual(labels.SelectMany(l => new[] { 3f * l, 3f * l + 1, 3f * l + 2 }).ToArray(), batch.X[0].data<float>().ToArray());
            seen.AddRange(labels);
        }
        CollectionAssert.AreEqual(expectedOrder, seen, "the batches, in order, are the permutation drawn when the pass starts");
        Assert.AreEqual(Rows, seen.Count);
    }

    [TestMethod]
    public void FitFromOneSeedEndsWithTheSameWeights()
    {
        var (x, y) = Data();
        float[] Train()
        {
            manual_seed(11);
            var model = new Microsoft.ML.KerasStyle.Models.Sequential([Keras.Input(shape: [3]), new Microsoft.ML.KerasStyle.Layers.Dense(4, activation: "softmax")]);
            model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
            model.Fit(x, y % 4, batchSize: BatchSize, epochs: 3, verbose: 0);
            return model.GetWeights()[0].data<float>().ToArray();
        }
        CollectionAssert.AreEqual(Train(), Train());
    }
}
