using Microsoft.ML.KerasStyle.Backend;

namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

// Build, symbolic and eager calls, ComputeOutputShapes, determinism and the training flag.
internal static partial class LayerContract
{
    static void AssertWeightCounts(LayerCase c, Layer layer, string when)
    {
        Assert.IsTrue(layer.Built, $"not built {when}");
        Assert.HasCount(c.TrainableWeights, layer.TrainableWeights, $"trainable weights {when}: [{string.Join(", ", layer.TrainableWeights.Select(w => w.Path))}]");
        Assert.HasCount(c.NonTrainableWeights, layer.NonTrainableWeights, $"non-trainable weights {when}: [{string.Join(", ", layer.NonTrainableWeights.Select(w => w.Path))}]");
    }

    static IReadOnlyList<int?[]> SymbolicInputShapes(LayerCase c) => c.Inputs.Select(i => (int?[])[null, .. i.SampleShape]).ToList();

    static void CheckBuild(LayerCase c)
    {
        var layer = c.Make();
        layer.Build(SymbolicInputShapes(c));
        AssertWeightCounts(c, layer, "after Build(input shapes)");
        var paths = layer.Weights.Select(w => w.Path).ToList();
        Assert.IsTrue(paths.All(p => p.StartsWith(layer.Name + "/", StringComparison.Ordinal)), $"weight paths start with the layer's name: [{string.Join(", ", paths)}]");
        Assert.AreEqual(paths.Count, paths.Distinct().Count(), $"weight paths are unique: [{string.Join(", ", paths)}]");
    }

    static void CheckSymbolic(LayerCase c)
    {
        var layer = c.Make();
        var inputs = c.Inputs.Select(i => Keras.Input(shape: i.SampleShape, dtype: i.Dtype)).ToArray();
        var outputs = layer.ApplyMany(inputs);
        Assert.HasCount(c.ExpectedOutputShapes.Length, outputs, "number of symbolic outputs");
        for (var i = 0; i < outputs.Length; i++)
        {
            CollectionAssert.AreEqual(c.ExpectedOutputShapes[i], outputs[i].Shape, $"symbolic shape of output {i}: got {Shapes.Format(outputs[i].Shape)}");
            Assert.AreEqual(c.ExpectedOutputDtype, outputs[i].Dtype, $"symbolic dtype of output {i}");
        }
        AssertWeightCounts(c, layer, "after a symbolic call");
        var computed = layer.ComputeOutputShapes(SymbolicInputShapes(c));
        Assert.HasCount(c.ExpectedOutputShapes.Length, computed, "number of ComputeOutputShapes results");
        for (var i = 0; i < computed.Count; i++)
            CollectionAssert.AreEqual(c.ExpectedOutputShapes[i], computed[i], $"ComputeOutputShapes output {i}: got {Shapes.Format(computed[i])}");
        var withBatch = layer.ComputeOutputShapes(SymbolicInputShapes(c).Select(s => WithBatch(s, 7)).ToList());
        for (var i = 0; i < withBatch.Count; i++)
            CollectionAssert.AreEqual(WithBatch(c.ExpectedOutputShapes[i], 7), withBatch[i], $"ComputeOutputShapes output {i} for a batch of 7: got {Shapes.Format(withBatch[i])}");
    }

    static void CheckEager(LayerCase c)
    {
        var layer = c.Make(); // one layer for every batch size: nothing may depend on the first batch's size
        foreach (var batch in Batches)
        {
            var inputs = Draw(c, batch);
            var outputs = Run(layer, inputs);
            Assert.HasCount(c.ExpectedOutputShapes.Length, outputs, "number of eager outputs");
            for (var i = 0; i < outputs.Length; i++)
            {
                AssertShapeMatches(WithBatch(c.ExpectedOutputShapes[i], batch), outputs[i], $"eager output {i}, batch {batch}");
                Assert.AreEqual(c.ExpectedOutputDtype, Dtypes.ToName(outputs[i].dtype), $"eager dtype of output {i}");
                if (outputs[i].is_floating_point())
                    Assert.IsTrue(outputs[i].isfinite().all().item<bool>(), $"eager output {i}, batch {batch}, holds NaN or infinity");
            }
            AssertWeightCounts(c, layer, "after an eager call");
            AssertIdentical(outputs, Run(layer, inputs), $"a second inference call, batch {batch}");
        }
    }

    static void CheckTrainingFlag(LayerCase c)
    {
        var layer = BuiltWithRandomWeights(c);
        var inputs = Draw(c, 7);
        var inference = Run(layer, inputs);
        var training = Run(layer, inputs, training: true);
        var again = Run(layer, inputs, training: true);
        if (c.RandomInTraining)
        {
            Assert.IsFalse(Same(inference, training), "RandomInTraining: the training-mode output equals the inference output");
            Assert.IsFalse(Same(training, again), "RandomInTraining: two training-mode calls give the same output");
        }
        else AssertIdentical(training, again, "two training-mode calls (declare RandomInTraining if the layer draws random numbers)");
        if (c.IdentityInInference) AssertIdentical(inputs, inference, "IdentityInInference: the inference output is not the input");
        else Assert.IsFalse(Same(inputs, inference),
                            "the inference output equals the input: declare IdentityInInference, or give the case data the layer changes");
    }

    static bool Same(Tensor[] a, Tensor[] b) =>
        a.Length == b.Length && a.Zip(b).All(p => p.First.dtype == p.Second.dtype && p.First.shape.SequenceEqual(p.Second.shape) && p.First.equal(p.Second).all().item<bool>());
}
