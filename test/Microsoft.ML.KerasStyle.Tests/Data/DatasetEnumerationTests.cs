using Microsoft.ML.KerasStyle.Data;
using static Microsoft.ML.KerasStyle.Tests.Data.DatasetTestData;

namespace Microsoft.ML.KerasStyle.Tests.Data;

[TestClass]
public sealed class DatasetEnumerationTests : KerasTestBase
{
    [TestMethod]
    public void IndexGivesTheStepAndDeconstructsTheBatch()
    {
        var trainingDataset = Dataset.FromTensorSlices(Rows(10), Labels(10)).Batch(4);
        var steps = new List<(int Step, long Rows, long FirstLabel)>();
        foreach (var (step, (inputsBatch, targetsBatch)) in trainingDataset.Index())
            steps.Add((step, inputsBatch.shape[0], Longs(targetsBatch)[0]));
        CollectionAssert.AreEqual(new[] { (0, 4L, 0L), (1, 4L, 4L), (2, 2L, 8L) }, steps);

        foreach (var (step, (x, y, w)) in Dataset.FromTensorSlices(Rows(2), Labels(2), ones(2)).Index())
            Assert.AreEqual(1f, w.item<float>(), $"step {step}");
    }

    [TestMethod]
    public void EachStepReleasesThePreviousStepsTensors()
    {
        Tensor? previousElement = null, previousUserTensor = null;
        var kept = new List<Tensor>();
        foreach (var (x, y) in Dataset.FromTensorSlices(Rows(6), Labels(6)).Shuffle(3, seed: 1))
        {
            if (previousElement is not null)
            {
                Assert.IsTrue(previousElement.IsInvalid, "the previous element's tensor was released");
                Assert.IsTrue(previousUserTensor!.IsInvalid, "a tensor the loop body made in the previous step was released");
            }
            var doubled = x * 2f;
            kept.Add(doubled.sum().DetachFromDisposeScope());
            (previousElement, previousUserTensor) = (x, doubled);
        }
        Assert.IsTrue(previousElement!.IsInvalid && previousUserTensor!.IsInvalid, "the last step is released when the enumeration ends");
        // Detached copies outlive their steps: sums of 2·(10i, 10i+1, 10i+2) = 60i + 6, in some order.
        CollectionAssert.AreEquivalent(new float[] { 6, 66, 126, 186, 246, 306 }, kept.Select(t => t.item<float>()).ToArray());
        foreach (var t in kept) t.Dispose();
    }

    [TestMethod]
    public void StoppingEarlyLeavesTheCurrentElementToTheCaller()
    {
        using var outer = NewDisposeScope();
        var (x, y) = Dataset.FromTensorSlices(Rows(3), Labels(3)).Shuffle(3, seed: 2).First();
        Assert.IsFalse(x.IsInvalid);
        Assert.AreEqual(Long(y) * 10f, Floats(x)[0]);
        Assert.IsTrue(outer.Contains(x), "the element went to the enclosing scope");
        Tensor? last = null;
        foreach (var (features, _) in Dataset.FromTensorSlices(Rows(3), Labels(3)))
        {
            last = features + 1f;
            break;
        }
        Assert.AreEqual(1f, Floats(last!)[0]);
    }

    [TestMethod]
    public void TenThousandStepsKeepTheLiveTensorCountFlat()
    {
        // A long custom loop: each step reads a batch and does tensor math. Without per-element scopes the step's
        // tensors would pile up; TorchSharp's per-thread statistics count creations minus disposals on this thread
        // (finalizers run on another thread, so the garbage collector cannot hide a leak here).
        var w = randn(3, 2).DetachFromDisposeScope();
        var dataset = Dataset.FromTensorSlices(Rows(64), Labels(64)).Shuffle(64, seed: 3).Batch(16).Map((x, y) => (x / 100f, y)).Repeat();
        var statistics = DisposeScopeManager.Statistics;
        long liveAtStep100 = 0, totalAtStep100 = 0;
        var steps = 0;
        foreach (var (step, (x, y)) in dataset.Take(10_000).Index())
        {
            var logits = x.matmul(w);
            var loss = nn.functional.cross_entropy(logits, y % 2);
            _ = loss.item<float>();
            // Sample at the same phase of the 4-batch epoch (the shuffle buffer refills at epoch starts).
            if (step == 100) (liveAtStep100, totalAtStep100) = (statistics.ThreadTotalLiveCount, Tensor.TotalCount);
            if (step == 9_996)
            {
                Assert.AreEqual(liveAtStep100, statistics.ThreadTotalLiveCount, $"live tensors on this thread grew between step 100 and step 9,996: {statistics}");
                Assert.IsTrue(Tensor.TotalCount - totalAtStep100 <= 0, $"TorchSharp's live tensor count grew by {Tensor.TotalCount - totalAtStep100}");
            }
            steps++;
        }
        Assert.AreEqual(10_000, steps);
        w.Dispose();
    }

    [TestMethod]
    public void PrefetchedLoopKeepsTheLiveTensorCountFlat()
    {
        var dataset = Dataset.FromTensorSlices(Rows(32), Labels(32)).Shuffle(32, seed: 3).Map((x, y) => (x * 2f, y)).Batch(8).Repeat().Prefetch(2);
        var stepTensors = new List<Tensor>();
        long totalAtStep50 = 0;
        foreach (var (step, (x, _)) in dataset.Take(2_000).Index())
        {
            // The producer runs ahead: its shuffle buffer (≤ 32 elements of 2 tensors) and the queue (≤ 3 batches of 2)
            // may be fuller at one sample than at the other; a leak of even one tensor a step would be ~1,950.
            // Strong references keep the garbage collector from finalizing (and so hiding) leaked tensors.
            stepTensors.Add(x);
            stepTensors.Add(x.sum());
            if (step == 50) totalAtStep50 = Tensor.TotalCount;
            if (step == 1_998) Assert.IsTrue(Tensor.TotalCount - totalAtStep50 <= 70, $"live tensors grew by {Tensor.TotalCount - totalAtStep50}");
        }
        Assert.IsTrue(stepTensors.All(t => t.IsInvalid), "every step's tensors were released");
    }
}
