using Microsoft.ML.KerasStyle.Constraints;

namespace Microsoft.ML.KerasStyle.Tests.Constraints;

[TestClass]
public sealed class ConstraintTests : KerasTestBase
{
    const double Epsilon = 1e-7; // Keras's backend.epsilon()

    // A (3, 2) "kernel": column 0 has norm 5·√2 ≈ 7.07, column 1 norm 0.5.
    static readonly float[] W = [3, 0.3f, 4, 0.4f, 5, 0];

    static Tensor Kernel => tensor(W, [3, 2]);

    /// <summary>w · desired(n) / (ε + n) per column, n the column's L2 norm, in float64.</summary>
    static float[] ScaleColumns(float[] w, int rows, int columns, Func<double, double> desired)
    {
        var result = new float[w.Length];
        for (var c = 0; c < columns; c++)
        {
            var norm = Math.Sqrt(Enumerable.Range(0, rows).Sum(r => (double)w[r * columns + c] * w[r * columns + c]));
            for (var r = 0; r < rows; r++) result[r * columns + c] = (float)(w[r * columns + c] * (desired(norm) / (Epsilon + norm)));
        }
        return result;
    }

    [TestMethod]
    public void MaxNormScalesOnlyTheColumnsAboveTheLimit()
    {
        var expected = ScaleColumns(W, 3, 2, n => Math.Clamp(n, 0, 2));
        LayerTestHarness.AssertClose(expected, new MaxNorm(2).Call(Kernel), 1e-6);
        var values = LayerTestHarness.Values(new MaxNorm(2).Call(Kernel));
        Assert.AreEqual(2.0, Math.Sqrt(values[0] * values[0] + values[2] * values[2] + values[4] * values[4]), 1e-5);
        Assert.AreEqual(0.3f, values[1], 1e-6, "a column under the limit keeps its values (up to ε)");
    }

    [TestMethod]
    public void MinMaxNormMovesNormsTowardTheBoundsAtTheRate()
    {
        var expected = ScaleColumns(W, 3, 2, n => 0.5 * Math.Clamp(n, 1, 3) + 0.5 * n);
        LayerTestHarness.AssertClose(expected, new MinMaxNorm(1, 3, rate: 0.5).Call(Kernel), 1e-6);
        var strict = ScaleColumns(W, 3, 2, n => Math.Clamp(n, 0, 1));
        LayerTestHarness.AssertClose(strict, new MinMaxNorm().Call(Kernel), 1e-6);
    }

    [TestMethod]
    public void UnitNormDividesByTheNorm()
    {
        LayerTestHarness.AssertClose(ScaleColumns(W, 3, 2, _ => 1), new UnitNorm().Call(Kernel), 1e-6);
        // axis 1: one norm per row.
        var byRows = LayerTestHarness.Values(new UnitNorm(1).Call(Kernel));
        var norm0 = Math.Sqrt(3 * 3 + 0.3 * 0.3);
        Assert.AreEqual(3 / (Epsilon + norm0), byRows[0], 1e-6);
        Assert.AreEqual(1f, byRows[4], 1e-6); // row (5, 0)
    }

    [TestMethod]
    public void NormsOverSeveralAxesGiveOneNormPerFilter()
    {
        // A Conv2D-like kernel (2, 1, 1, 2) with MaxNorm over [0, 1, 2]: filter 0 = (3, 4) norm 5, filter 1 = (0.6, 0.8) norm 1.
        var kernel = tensor(new float[] { 3, 0.6f, 4, 0.8f }, [2, 1, 1, 2]);
        var result = LayerTestHarness.Values(new MaxNorm(2, [0, 1, 2]).Call(kernel));
        Assert.AreEqual(3 * 2 / (5 + Epsilon), result[0], 1e-6);
        Assert.AreEqual(4 * 2 / (5 + Epsilon), result[2], 1e-6);
        Assert.AreEqual(0.6 * 1 / (1 + Epsilon), result[1], 1e-6);
        var badAxis = Assert.ThrowsExactly<ArgumentException>(() => new MaxNorm(2, 3).Call(Kernel));
        StringAssert.Contains(badAxis.Message, "axis 3 is out of range");
    }

    [TestMethod]
    public void NonNegClampsNegativeWeightsToZero()
    {
        LayerTestHarness.AssertClose([0, 2, 0, 0.5f], new NonNeg().Call(tensor(new float[] { -1, 2, -0.25f, 0.5f })));
    }

    [TestMethod]
    public void NamesAndConfigsAreKeras()
    {
        Assert.AreEqual(2.0, ((MaxNorm)(Constraint)"max_norm").MaxValue);
        var minMax = (MinMaxNorm)(Constraint)"min_max_norm";
        Assert.AreEqual((0.0, 1.0, 1.0), (minMax.MinValue, minMax.MaxValue, minMax.Rate));
        Assert.IsInstanceOfType<NonNeg>((Constraint)"non_neg");
        CollectionAssert.AreEqual(new[] { 0 }, ((UnitNorm)(Constraint)"unit_norm").Axis.ToArray());
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => (Constraint)"positive").Message, "Could not interpret constraint identifier: positive");

        Assert.AreEqual(0, new MaxNorm(3).GetConfig()["axis"], "an int axis stays an int");
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, (int[])new MaxNorm(3, [0, 1, 2]).GetConfig()["axis"]!);
        CollectionAssert.AreEqual(new[] { "min_value", "max_value", "rate", "axis" }, new MinMaxNorm().GetConfig().Keys.ToArray());
        Assert.AreEqual(0, new NonNeg().GetConfig().Count);
        var serialized = new UnitNorm(1).Serialize();
        Assert.AreEqual("keras.constraints", serialized["module"]);
        Assert.AreEqual("UnitNorm", serialized["class_name"]);
    }

    [TestMethod]
    public void ReadsKeras3AndKeras2Forms()
    {
        var keras3 = (MaxNorm)Constraint.Deserialize("""{"module": "keras.constraints", "class_name": "MaxNorm", "config": {"max_value": 3, "axis": 0}, "registered_name": null}""");
        Assert.AreEqual(3.0, keras3.MaxValue);
        var filters = (MaxNorm)Constraint.Deserialize("""{"class_name": "MaxNorm", "config": {"max_value": 2.0, "axis": [0, 1, 2]}}""");
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, filters.Axis.ToArray());
        var minMax = (MinMaxNorm)Constraint.Deserialize("""{"class_name": "MinMaxNorm", "config": {"min_value": 0.5, "max_value": 2.0, "rate": 0.5, "axis": 1}}""");
        Assert.AreEqual((0.5, 2.0, 0.5, 1), (minMax.MinValue, minMax.MaxValue, minMax.Rate, minMax.Axis[0]));
        Assert.IsInstanceOfType<NonNeg>(Constraint.Deserialize("""{"class_name": "NonNeg", "config": {}}"""));
        Assert.IsInstanceOfType<NonNeg>(Constraint.Deserialize("\"non_neg\""));
        Assert.AreEqual(1, Constraint.FromConfig<UnitNorm>(new UnitNorm(1).GetConfig()).Axis[0]);
    }
}
