using Microsoft.ML.KerasStyle.Activations;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// Keras's activations as ONNX operators, by Keras name, with the library's formulas (<see cref="ActivationFunctions"/>).
/// Softmax and log-softmax work on the last axis; every other activation is element-wise, so it may run on a
/// channels-first copy of the data.
/// </summary>
internal static class OnnxActivations
{
    const double SeluAlpha = 1.6732632423543772848170429916717;
    const double SeluScale = 1.0507009873554804934193349852946;

    delegate OnnxValue Emit(OnnxGraphBuilder b, OnnxValue x, ActivationFunction activation);

    static readonly Dictionary<string, Emit> ByName = new(StringComparer.Ordinal)
    {
        ["linear"] = (_, x, _) => x,
        ["relu"] = (b, x, _) => b.Node("Relu", [x]),
        ["sigmoid"] = (b, x, _) => b.Node("Sigmoid", [x]),
        ["tanh"] = (b, x, _) => b.Node("Tanh", [x]),
        // Softmax-13 and LogSoftmax-13 normalise over one axis (older versions flattened the trailing axes).
        ["softmax"] = (b, x, _) => b.Node("Softmax", [x], OnnxAttributes.Int("axis", -1)),
        ["log_softmax"] = (b, x, _) => b.Node("LogSoftmax", [x], OnnxAttributes.Int("axis", -1)),
        ["gelu"] = (b, x, _) => Gelu(b, x),
        ["elu"] = (b, x, _) => b.Node("Elu", [x], OnnxAttributes.Float("alpha", 1.0)),
        ["selu"] = (b, x, _) => b.Node("Selu", [x], OnnxAttributes.Float("alpha", SeluAlpha), OnnxAttributes.Float("gamma", SeluScale)),
        ["softplus"] = (b, x, _) => b.Node("Softplus", [x]),
        ["softsign"] = (b, x, _) => b.Node("Softsign", [x]),
        ["silu"] = (b, x, _) => Silu(b, x),
        ["swish"] = (b, x, _) => Silu(b, x),
        ["relu6"] = (b, x, _) => b.Node("Clip", [x, b.Scalar(0, x.ElemType, "zero"), b.Scalar(6, x.ElemType, "six")]),
        // Keras's hard_sigmoid is relu6(x + 3) / 6 = clip(x / 6 + 1/2, 0, 1): ONNX HardSigmoid with alpha 1/6, beta 1/2
        // (ONNX's default alpha is 0.2, which is another function).
        ["hard_sigmoid"] = (b, x, _) => b.Node("HardSigmoid", [x], OnnxAttributes.Float("alpha", 1.0 / 6.0), OnnxAttributes.Float("beta", 0.5)),
        ["leaky_relu"] = (b, x, a) => b.Node("LeakyRelu", [x], OnnxAttributes.Float("alpha", NegativeSlope(a))),
        ["exponential"] = (b, x, _) => b.Node("Exp", [x]),
    };

    /// <summary>The Keras names that export.</summary>
    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>True when the activation is computed value by value (everything but softmax and log-softmax).</summary>
    public static bool IsElementwise(ActivationFunction activation) => activation.Name is not ("softmax" or "log_softmax");

    /// <summary>True for the identity, which adds no node.</summary>
    public static bool IsLinear(ActivationFunction activation) => activation.Name == "linear";

    /// <summary>Applies <paramref name="activation"/> to <paramref name="x"/>; an unknown activation is an error naming <paramref name="owner"/>.</summary>
    public static OnnxValue Apply(OnnxGraphBuilder builder, OnnxValue x, ActivationFunction activation, string owner)
    {
        var emit = Find(activation, owner);
        var y = emit(builder, x, activation);
        if (y != x) y.Shape ??= x.Shape;
        return y;
    }

    /// <summary>Checks that <paramref name="activation"/> exports (before any node is added for the layer).</summary>
    public static void Require(ActivationFunction activation, string owner) => Find(activation, owner);

    static Emit Find(ActivationFunction activation, string owner) => ByName.TryGetValue(activation.Name, out var emit)
        ? emit
        : throw new NotSupportedException(
            $"{owner} uses the activation '{activation.Name}', which has no ONNX mapping. " +
            $"Activations that export: {string.Join(", ", ByName.Keys.Order(StringComparer.Ordinal))}.");

    static double NegativeSlope(ActivationFunction activation) =>
        activation.Config.TryGetValue("negative_slope", out var slope) && slope is not null
            ? Convert.ToDouble(slope, System.Globalization.CultureInfo.InvariantCulture)
            : 0.2;

    // x · sigmoid(x): ONNX has no Swish operator in the opsets exported here.
    static OnnxValue Silu(OnnxGraphBuilder b, OnnxValue x) => b.Node("Mul", [x, b.Node("Sigmoid", [x])]);

    // Exact GELU. Gelu is an operator from opset 20; before, x · ½ · (1 + erf(x / √2)).
    static OnnxValue Gelu(OnnxGraphBuilder b, OnnxValue x)
    {
        if (b.Opset >= 20) return b.Node("Gelu", [x], OnnxAttributes.String("approximate", "none"));
        var erf = b.Node("Erf", [b.Node("Div", [x, b.Scalar(Math.Sqrt(2.0), x.ElemType, "sqrt2")])]);
        var onePlus = b.Node("Add", [erf, b.Scalar(1, x.ElemType, "one")]);
        return b.Node("Mul", [b.Node("Mul", [x, onePlus]), b.Scalar(0.5, x.ElemType, "half")]);
    }
}
