using Microsoft.ML.KerasStyle.Regularizers;

namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class LayerLossesTests : KerasTestBase
{
    static float Item(Tensor t) => t.to(ScalarType.Float32).item<float>();

    /// <summary>Adds sum(x) · factor in its call, as Keras's add_loss docstring layer does.</summary>
    sealed class SumLoss(double factor) : Layer
    {
        protected override Tensor Call(Tensor inputs, bool training)
        {
            AddLoss(inputs.sum() * factor);
            return inputs;
        }

        public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;
    }

    [TestMethod]
    public void EachOutermostCallReplacesTheLossesOfTheLast()
    {
        var layer = new SumLoss(1);
        layer.Apply(ones(2, 3));
        Assert.AreEqual(6f, Item(layer.Losses.Single()));
        layer.Apply(ones(1, 3) * 2);
        Assert.AreEqual(6f, Item(layer.Losses.Single()), "the second call's loss only");
    }

    [TestMethod]
    public void ModelLossesGatherEverySublayerAndTheWeightPenaltiesInKerasOrder()
    {
        var inputs = Keras.Input(shape: [2]);
        var dense = new Dense(2, kernelInitializer: "ones", biasInitializer: "ones", kernelRegularizer: new L2(0.5), biasRegularizer: new L1(0.25));
        var adder = new SumLoss(0.1);
        var model = new Model(inputs, adder.Apply(dense.Apply(inputs)));

        model.Apply(tensor(new float[] { 1, 2, 3, 4 }, [2, 2]));

        // Dense output: rows (1+2+1, …) = (4, 4), (8, 8) → sum 24 · 0.1 = 2.4; kernel 0.5 · 4 = 2; bias 0.25 · 2 = 0.5.
        var losses = model.Losses.Select(Item).ToArray();
        Assert.AreEqual(3, losses.Length);
        Assert.AreEqual(2.4f, losses[0], 1e-5);
        Assert.AreEqual(2f, losses[1], 1e-6);
        Assert.AreEqual(0.5f, losses[2], 1e-6);
        model.Apply(tensor(new float[] { 0, 0 }, [1, 2])); // output (1, 1): add_loss 0.1 · 2
        Assert.AreEqual(0.1f * 2 + 2 + 0.5f, model.Losses.Sum(Item), 1e-5, "a new call: the new batch's add_loss, the same penalties");
    }

    [TestMethod]
    public void WeightPenaltiesAreComputedFromTheCurrentValuesOfTrainableWeightsOnly()
    {
        var dense = new Dense(1, useBias: false, kernelRegularizer: new L2(1));
        dense.Build([null, 2]);
        dense.SetWeights([tensor(new float[] { 3, 4 }, [2, 1])]);
        Assert.AreEqual(25f, Item(dense.Losses.Single()));
        dense.SetWeights([tensor(new float[] { 1, 0 }, [2, 1])]);
        Assert.AreEqual(1f, Item(dense.Losses.Single()), "computed when read, from the new values");
        dense.Trainable = false;
        Assert.AreEqual(0, dense.Losses.Count, "Keras regularizes trainable weights only");
    }

    [TestMethod]
    public void ActivityLossIsDividedByTheBatchSize()
    {
        var layer = new Activation("linear") { ActivityRegularizer = new L1(0.5) };
        layer.Apply(tensor(new float[] { 1, -2, 3, -4 }, [2, 2]));
        Assert.AreEqual(0.5f * 10 / 2, Item(layer.Losses.Single()), 1e-6);
        layer.Apply(zeros(0, 2));
        Assert.AreEqual(0f, Item(layer.Losses.Single()), "an empty batch gives 0 (divide_no_nan), not NaN");
    }

    [TestMethod]
    public void LossesOfABranchNotTakenInTheLatestCallAreGone()
    {
        var branch = new SumLoss(1);
        var model = new Branching(branch);
        model.Apply(ones(1, 2), training: true);
        Assert.AreEqual(2f, Item(model.Losses.Single()));
        model.Apply(ones(1, 2), training: false);
        Assert.AreEqual(0, model.Losses.Count, "Keras clears every sublayer's losses at the start of the outer call");
        branch.Apply(ones(1, 3));
        Assert.AreEqual(3f, Item(model.Losses.Single()), "a later direct call of the sublayer counts");
    }

    sealed class Branching(Layer branch) : Model
    {
        readonly Layer inner = branch;

        protected override Outputs Call(Inputs inputs, bool training) => training ? inner.Apply(inputs[0]) : inputs[0];
    }

    [TestMethod]
    public void LossesAddedOutsideACallLastUntilTheNextCall()
    {
        var layer = new SumLoss(1);
        layer.AddLoss(tensor(7f));
        Assert.AreEqual(7f, Item(layer.Losses.Single()));
        layer.Apply(ones(1, 2));
        Assert.AreEqual(2f, Item(layer.Losses.Single()));
        layer.AddLoss(tensor(1f));
        CollectionAssert.AreEqual(new[] { 2f, 1f }, layer.Losses.Select(Item).ToArray(), "added to the call's losses, as Keras's list");
    }

    [TestMethod]
    public void ActivityRegularizerIsWrittenInTheBaseConfigAndReadBack()
    {
        var layer = new Flatten { ActivityRegularizer = new L2(0.5) };
        var config = layer.GetConfig();
        CollectionAssert.AreEqual(new[] { "name", "trainable", "dtype", "activity_regularizer" }, config.Keys.Take(4).ToArray());
        var model = new Sequential([Keras.Input(shape: [2, 2]), layer]);
        var path = Path.Combine(Path.GetTempPath(), $"flatten_activity_{Environment.ProcessId}.keras");
        model.Save(path);
        var reloaded = (Flatten)Keras.Models.LoadModel(path).Layers[0];
        File.Delete(path);
        Assert.AreEqual(0.5, ((L2)reloaded.ActivityRegularizer!).Factor);
    }
}
