using Microsoft.ML.KerasStyle.Activations;

namespace Microsoft.ML.KerasStyle.Tests.Activations;

[TestClass]
public sealed class ActivationFunctionTests
{
    static readonly float[] X = [-2f, -0.5f, 0f, 0.7f, 3f];

    static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    static double Erf(double x)
    {
        // Abramowitz–Stegun 7.1.26 is too coarse for 1e-5; integrate the series instead.
        double sum = 0, term = x;
        for (var n = 0; n < 60; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    public static IEnumerable<object[]> Cases() =>
    [
        ["relu", (Func<double, double>)(x => Math.Max(0, x))],
        ["sigmoid", (Func<double, double>)Sigmoid],
        ["tanh", (Func<double, double>)Math.Tanh],
        ["gelu", (Func<double, double>)(x => 0.5 * x * (1 + Erf(x / Math.Sqrt(2))))],
        ["elu", (Func<double, double>)(x => x > 0 ? x : Math.Exp(x) - 1)],
        ["selu", (Func<double, double>)(x => 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * (Math.Exp(x) - 1)))],
        ["softplus", (Func<double, double>)(x => Math.Log(Math.Exp(x) + 1))],
        ["softsign", (Func<double, double>)(x => x / (Math.Abs(x) + 1))],
        ["silu", (Func<double, double>)(x => x * Sigmoid(x))],
        ["swish", (Func<double, double>)(x => x * Sigmoid(x))],
        ["leaky_relu", (Func<double, double>)(x => x >= 0 ? x : 0.2 * x)],
        ["relu6", (Func<double, double>)(x => Math.Min(Math.Max(x, 0), 6))],
        ["hard_sigmoid", (Func<double, double>)(x => Math.Min(Math.Max(x + 3, 0), 6) / 6)],
        ["linear", (Func<double, double>)(x => x)],
        ["exponential", (Func<double, double>)Math.Exp],
    ];

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void ElementwiseActivationMatchesFormula(string name, Func<double, double> formula)
    {
        ActivationFunction f = name;
        var y = f.Apply(tensor(X));
        LayerTestHarness.AssertClose(X.Select(x => (float)formula(x)).ToArray(), y, 1e-5);
    }

    [TestMethod]
    public void SoftmaxNormalisesTheLastAxis()
    {
        var y = ActivationFunctions.Softmax.Apply(tensor(new float[] { 1, 2, 3, 0, 0, 0 }, [2, 3]));
        var e = new[] { Math.Exp(1), Math.Exp(2), Math.Exp(3) };
        LayerTestHarness.AssertClose([.. e.Select(v => (float)(v / e.Sum())), 1 / 3f, 1 / 3f, 1 / 3f], y);
    }

    [TestMethod]
    public void LeakyReluObjectCarriesItsSlope()
    {
        var f = ActivationFunctions.LeakyRelu(0.1);
        LayerTestHarness.AssertClose([-0.2f, 3f], f.Apply(tensor(new float[] { -2, 3 })));
        Assert.AreEqual(0.1, f.Config["negative_slope"]);
        Assert.AreEqual("leaky_relu", f.Name);
    }

    [TestMethod]
    public void UnknownNameListsKnownActivations()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => ActivationFunctions.Get("rectifier"));
        StringAssert.Contains(error.Message, "Unknown activation 'rectifier'. Known activations: relu, sigmoid");
        Assert.AreSame(ActivationFunctions.Linear, ActivationFunctions.Get(null));
    }

    [TestMethod]
    public void ActivationLayerAppliesFunctionAndKeepsShape()
    {
        Keras.ClearSession();
        LayerTestHarness.Run(() => new Activation("relu"), tensor(new float[] { -1, 2, -3, 4 }, [2, 2]), [null, 2], expectedValues: [0, 2, 0, 4]);
        Assert.AreEqual("relu", new Activation("relu").GetConfig()["activation"]);
    }
}
