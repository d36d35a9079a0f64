using Microsoft.ML.KerasStyle.Initializers;

namespace Microsoft.ML.KerasStyle.Tests.Layers.Core;

[TestClass]
public sealed class DenseTests : KerasTestBase
{
    [TestMethod]
    public void ComputesActivationOfAffineMapWithKernelInOut()
    {
        // kernel (2, 3) filled by hand, bias (3).
        var x = tensor(new float[] { 1, 2, -1, 0.5f }, [2, 2]);
        var dense = new Dense(3, activation: "relu");
        dense.Build([null, 2]);
        dense.Kernel!.Assign(tensor(new float[] { 1, 0, -1, 2, 1, 0.5f }, [2, 3]));
        dense.Bias!.Assign(tensor(new float[] { 0.5f, -1, 0 }, [3]));
        var y = dense.Apply(x);
        // row 0: [1*1+2*2, 1*0+2*1, 1*-1+2*0.5] + b = [5.5, 1, 0] → relu
        // row 1: [-1+1, 0+0.5, 1+0.25] + b = [0.5, -0.5, 1.25] → relu [0.5, 0, 1.25]
        LayerTestHarness.AssertClose([5.5f, 1, 0, 0.5f, 0, 1.25f], y);
    }

    [TestMethod]
    public void HarnessShapesAndWeightsOnHigherRank()
    {
        LayerTestHarness.Run(() => new Dense(4), randn(5, 7, 3), [null, 7, 4],
            expectedWeights: [("kernel", [3, 4]), ("bias", [4])]);
    }

    [TestMethod]
    public void WrongInputWidthAfterBuildNamesLayerAndShapes()
    {
        var dense = new Dense(2);
        dense.Build([null, 3]);
        var error = Assert.ThrowsExactly<ArgumentException>(() => dense.Apply(zeros(4, 5)));
        Assert.AreEqual("Input 0 of layer \"dense\" is incompatible with the layer: expected axis -1 of input shape to have value 3, but received input with shape (4, 5)", error.Message);
    }

    [TestMethod]
    public void GlorotUniformDefaultStaysWithinLimit()
    {
        var dense = new Dense(50);
        dense.Build([null, 30]);
        var limit = Math.Sqrt(6.0 / (30 + 50));
        var values = dense.Kernel!.ToArray();
        Assert.IsTrue(values.All(v => Math.Abs(v) <= limit), "every value within ±sqrt(6/(in+out))");
        Assert.IsTrue(values.Max() > limit * 0.9 && values.Min() < -limit * 0.9, "spread over the whole range");
        Assert.IsTrue(dense.Bias!.ToArray().All(v => v == 0));
    }

    [TestMethod]
    public void UnknownActivationListsKnownNames()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Dense(2, activation: "relux"));
        StringAssert.Contains(error.Message, "Unknown activation 'relux'");
        StringAssert.Contains(error.Message, "relu, sigmoid, softmax");
    }

    [TestMethod]
    public void SeededInitializerRepeatsItself()
    {
        var a = new GlorotNormal(seed: 7).Call([4, 5]);
        var b = new GlorotNormal(seed: 7).Call([4, 5]);
        CollectionAssert.AreEqual(LayerTestHarness.Values(a), LayerTestHarness.Values(b));
    }
}
