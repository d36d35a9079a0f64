using Microsoft.ML.KerasStyle.Losses;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Tests.Losses;

/// <summary>
/// Sparse categorical crossentropy computes its unweighted batch mean directly (one op fewer each way, every training
/// step); it must give exactly what reducing the per-sample values gives, value and gradient, in every shape it takes.
/// </summary>
[TestClass]
public sealed class SparseCrossentropyMeanTests : KerasTestBase
{
    static (float Loss, float[] Gradient) ThroughCall(Loss loss, Tensor yTrue, Tensor logits, bool viaCompute)
    {
        var leaf = logits.detach().clone().requires_grad_(true);
        var predictions = softmax(leaf, -1);
        var value = viaCompute ? LossReduction.Reduce(loss.Compute(yTrue, predictions), null, loss.Reduction) : loss.Call(yTrue, predictions);
        value.backward();
        return (value.item<float>(), leaf.grad!.data<float>().ToArray());
    }

    [TestMethod]
    [DataRow(false, DisplayName = "labels (batch,)")]
    [DataRow(true, DisplayName = "labels (batch, 1)")]
    public void TheDirectMeanEqualsTheReducedValuesBitForBit(bool columnLabels)
    {
        manual_seed(3);
        var logits = randn(37, 5);
        var labels = randint(0, 5, [37]);
        if (columnLabels) labels = labels.unsqueeze(-1);
        var loss = new SparseCategoricalCrossentropy();
        var (direct, directGradient) = ThroughCall(loss, labels, logits, viaCompute: false);
        var (reduced, reducedGradient) = ThroughCall(loss, labels, logits, viaCompute: true);
        Assert.AreEqual(reduced, direct, 0f, "−mean(log p) and mean(−log p) are the same float");
        CollectionAssert.AreEqual(reducedGradient, directGradient);
    }

    [TestMethod]
    public void WeightsIgnoredClassesAndOtherReductionsStillReduceTheValues()
    {
        manual_seed(4);
        var predictions = softmax(randn(6, 3), -1);
        var labels = tensor(new long[] { 0, 1, 2, 1, 0, 2 });
        var weights = tensor(new float[] { 1, 2, 0, 1, 1, 3 });
        var perSample = new SparseCategoricalCrossentropy().Compute(labels, predictions).data<float>().ToArray();
        var weighted = perSample.Select((v, i) => v * weights.data<float>()[i]).Sum() / 6;
        Assert.AreEqual(weighted, new SparseCategoricalCrossentropy().Call(labels, predictions, weights).item<float>(), 1e-6);
        Assert.AreEqual(perSample.Sum(), new SparseCategoricalCrossentropy(reduction: "sum").Call(labels, predictions).item<float>(), 1e-5);
        var keptMean = perSample.Where((_, i) => labels.data<long>()[i] != 2).Average();
        Assert.AreEqual(keptMean, new SparseCategoricalCrossentropy(ignoreClass: 2).Call(labels, predictions).item<float>(), 1e-6);
    }

    [TestMethod]
    public void AnEmptyBatchHasLossZero()
    {
        var loss = new SparseCategoricalCrossentropy().Call(zeros(0, dtype: ScalarType.Int64), zeros(0, 4));
        Assert.AreEqual(0f, loss.item<float>());
    }
}
