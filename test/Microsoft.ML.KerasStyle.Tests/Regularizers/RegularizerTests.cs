using Microsoft.ML.KerasStyle.Regularizers;

namespace Microsoft.ML.KerasStyle.Tests.Regularizers;

[TestClass]
public sealed class RegularizerTests : KerasTestBase
{
    static readonly float[] Values = [1, -2, 3, -4, 0.5f, -0.25f];

    static Tensor Matrix => tensor(Values, [3, 2]);

    static float Item(Tensor t) => t.to(ScalarType.Float32).item<float>();

    [TestMethod]
    public void L1IsFactorTimesSumOfAbsoluteValues()
    {
        // float32 like Keras: the factor is cast to the input's dtype.
        var expected = 0.3f * Values.Sum(Math.Abs);
        Assert.AreEqual(expected, Item(new L1(0.3).Call(Matrix)), 1e-6);
    }

    [TestMethod]
    public void L2IsFactorTimesSumOfSquares()
    {
        var expected = 0.2f * Values.Sum(v => v * v);
        Assert.AreEqual(expected, Item(new L2(0.2).Call(Matrix)), 1e-6);
    }

    [TestMethod]
    public void L1L2AddsBothTermsAndLeavesZeroFactorsOut()
    {
        var expected = 0.1f * Values.Sum(Math.Abs) + 0.2f * Values.Sum(v => v * v);
        Assert.AreEqual(expected, Item(new L1L2(0.1, 0.2).Call(Matrix)), 1e-5);
        var none = new L1L2().Call(Matrix);
        Assert.AreEqual(0f, Item(none));
        Assert.AreEqual(0L, none.dim());
        Assert.AreEqual(0.2f * Values.Sum(v => v * v), Item(new L1L2(l2: 0.2).Call(Matrix)), 1e-6);
    }

    [TestMethod]
    public void KerasDocstringExamples()
    {
        // keras.regularizers docstring: L2(2.)(ones((5, 5))) == 50.0.
        Assert.AreEqual(50f, Item(new L2(2.0).Call(ones(5, 5))));
        // Dense(5, kernel_initializer='ones', kernel_regularizer=L1(0.01), activity_regularizer=L2(0.01)) on ones((5, 5)) * 2:
        // ops.sum(layer.losses) == 5.25 (0.25 from the kernel, 25 / batch 5 = 5.0 from the activity).
        var layer = new Dense(5, kernelInitializer: "ones", kernelRegularizer: new L1(0.01), activityRegularizer: new L2(0.01));
        layer.Apply(ones(5, 5) * 2);
        Assert.AreEqual(2, layer.Losses.Count);
        Assert.AreEqual(5.25f, layer.Losses.Sum(Item), 1e-5);
        Assert.AreEqual(5.0f, Item(layer.Losses[0]), 1e-5, "the activity loss (added in the call) comes first");
        Assert.AreEqual(0.25f, Item(layer.Losses[1]), 1e-6);
    }

    [TestMethod]
    public void L1KeepsItsFactorAsFloat32AsKerasDoes()
    {
        // Keras's L1 stores its factor as a float32 tensor: the config holds float32(0.01) and a float64 input sees it too.
        Assert.AreEqual((double)0.01f, new L1(0.01).GetConfig()["l1"]);
        Assert.AreEqual(0.01, new L2(0.01).GetConfig()["l2"]);
        var x = tensor(new double[] { 100 });
        Assert.AreEqual((double)0.01f * 100, new L1(0.01).Call(x).item<double>(), 1e-15);
        Assert.AreEqual(0.01 * 10000, new L2(0.01).Call(x).item<double>(), 1e-12);
    }

    /// <summary>Keras's formula, written out with loops in float64.</summary>
    static double OrthogonalReference(float[] values, int rows, int columns, double factor, bool byRows)
    {
        var count = byRows ? rows : columns;
        var length = byRows ? columns : rows;
        double At(int vector, int i) => byRows ? values[vector * columns + i] : values[i * columns + vector];
        var normalized = new double[count, length];
        for (var v = 0; v < count; v++)
        {
            var squares = 0.0;
            for (var i = 0; i < length; i++) squares += At(v, i) * At(v, i);
            var inverse = 1 / Math.Sqrt(Math.Max(squares, 1e-14));
            for (var i = 0; i < length; i++) normalized[v, i] = At(v, i) * inverse;
        }
        var total = 0.0;
        for (var a = 0; a < count; a++)
            for (var b = 0; b < count; b++)
            {
                if (a == b) continue;
                var dot = 0.0;
                for (var i = 0; i < length; i++) dot += normalized[a, i] * normalized[b, i];
                total += Math.Abs(dot);
            }
        return factor * 0.5 * total / (count * (count - 1) / 2.0);
    }

    [TestMethod]
    [DataRow("rows")]
    [DataRow("columns")]
    public void OrthogonalRegularizerMatchesKerasFormula(string mode)
    {
        float[] values = [1, 2, 0, -1, 3, 0.5f, 2, 2, -1, 0.25f, 4, 1];
        var x = tensor(values, [3, 4]);
        var expected = OrthogonalReference(values, 3, 4, 0.3, mode == "rows");
        Assert.AreEqual(expected, Item(new OrthogonalRegularizer(0.3, mode).Call(x)), 1e-6);
    }

    [TestMethod]
    public void OrthogonalRegularizerIsZeroForOrthogonalRowsAndChecksItsInput()
    {
        Assert.AreEqual(0f, Item(new OrthogonalRegularizer(1.0).Call(tensor(new float[] { 2, 0, 0, 0, -3, 0 }, [2, 3]))), 1e-7);
        var rank = Assert.ThrowsExactly<ArgumentException>(() => new OrthogonalRegularizer().Call(ones(2, 2, 2)));
        StringAssert.Contains(rank.Message, "must have rank 2");
        var single = Assert.ThrowsExactly<ArgumentException>(() => new OrthogonalRegularizer().Call(ones(1, 4)));
        StringAssert.Contains(single.Message, "at least 2 rows");
        var mode = Assert.ThrowsExactly<ArgumentException>(() => new OrthogonalRegularizer(mode: "diagonal"));
        StringAssert.Contains(mode.Message, "Received: mode=diagonal");
    }

    [TestMethod]
    public void NegativeOrNonFiniteFactorsAreRejectedAsKerasDoes()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new L2(-0.1)).Message,
            "Invalid value for argument l2: expected a non-negative float. Received: l2=-0.1");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new L1(double.NaN)).Message, "argument l1");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new L1L2(0, double.PositiveInfinity)).Message, "argument l2");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new OrthogonalRegularizer(-1)).Message, "argument factor");
    }

    [TestMethod]
    public void NamesGiveKerasDefaults()
    {
        Regularizer l2 = "l2";
        Assert.AreEqual(0.01, ((L2)l2).Factor);
        Assert.AreEqual(0.01, ((L1)(Regularizer)"l1").Factor);
        var keras3 = (L1L2)(Regularizer)"l1l2";
        Assert.AreEqual((0.0, 0.0), (keras3.L1, keras3.L2));
        var keras2 = (L1L2)(Regularizer)"l1_l2";
        Assert.AreEqual((0.01, 0.01), (keras2.L1, keras2.L2));
        var orthogonal = (OrthogonalRegularizer)(Regularizer)"orthogonal_regularizer";
        Assert.AreEqual((0.01, "rows"), (orthogonal.Factor, orthogonal.Mode));
        Assert.IsInstanceOfType<L2>((Regularizer)"L2");
        var error = Assert.ThrowsExactly<ArgumentException>(() => (Regularizer)"l3");
        StringAssert.Contains(error.Message, "Could not interpret regularizer identifier: l3");
    }
}
