using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Activations;

/// <summary>Keras's activations with Keras's formulas and defaults, by name and as objects.</summary>
public static class ActivationFunctions
{
    const double SeluAlpha = 1.6732632423543772848170429916717;
    const double SeluScale = 1.0507009873554804934193349852946;

    /// <summary>max(x, 0).</summary>
    public static ActivationFunction Relu { get; } = new("relu", x => torch.nn.functional.relu(x));

    /// <summary>1 / (1 + exp(-x)).</summary>
    public static ActivationFunction Sigmoid { get; } = new("sigmoid", torch.sigmoid);

    /// <summary>Softmax over the last axis.</summary>
    public static ActivationFunction Softmax { get; } = new("softmax", x => torch.softmax(x, -1));

    /// <summary>Log of softmax over the last axis.</summary>
    public static ActivationFunction LogSoftmax { get; } = new("log_softmax", x => torch.nn.functional.log_softmax(x, -1));

    /// <summary>Hyperbolic tangent.</summary>
    public static ActivationFunction Tanh { get; } = new("tanh", torch.tanh);

    /// <summary>Exact GELU: x · Φ(x) (Keras's default, approximate=False).</summary>
    public static ActivationFunction Gelu { get; } = new("gelu", x => torch.nn.functional.gelu(x));

    /// <summary>x for x &gt; 0, exp(x) − 1 otherwise (alpha 1).</summary>
    public static ActivationFunction Elu { get; } = new("elu", x => torch.nn.functional.elu(x, 1.0));

    /// <summary>Scaled ELU with Keras's constants.</summary>
    public static ActivationFunction Selu { get; } = new("selu", x => SeluScale * torch.where(x > 0, x, SeluAlpha * torch.expm1(x)));

    /// <summary>log(exp(x) + 1).</summary>
    public static ActivationFunction Softplus { get; } = new("softplus", x => torch.nn.functional.softplus(x));

    /// <summary>x / (|x| + 1).</summary>
    public static ActivationFunction Softsign { get; } = new("softsign", x => x / (x.abs() + 1));

    /// <summary>x · sigmoid(x) (also named swish).</summary>
    public static ActivationFunction Silu { get; } = new("silu", x => torch.nn.functional.silu(x));

    /// <summary>min(max(x, 0), 6).</summary>
    public static ActivationFunction Relu6 { get; } = new("relu6", x => torch.clamp(x, 0, 6));

    /// <summary>relu6(x + 3) / 6.</summary>
    public static ActivationFunction HardSigmoid { get; } = new("hard_sigmoid", x => torch.clamp(x + 3, 0, 6) / 6);

    /// <summary>Identity.</summary>
    public static ActivationFunction Linear { get; } = new("linear", x => x);

    /// <summary>exp(x).</summary>
    public static ActivationFunction Exponential { get; } = new("exponential", torch.exp);

    /// <summary>Leaky ReLU: x for x ≥ 0, <paramref name="negativeSlope"/> · x otherwise (Keras default 0.2).</summary>
    public static ActivationFunction LeakyRelu(double negativeSlope = 0.2) => new("leaky_relu",
        x => torch.nn.functional.leaky_relu(x, negativeSlope),
        negativeSlope == 0.2 ? null : new Dictionary<string, object?> { ["negative_slope"] = negativeSlope });

    static readonly Dictionary<string, Func<ActivationFunction>> ByName = new()
    {
        ["relu"] = () => Relu,
        ["sigmoid"] = () => Sigmoid,
        ["softmax"] = () => Softmax,
        ["log_softmax"] = () => LogSoftmax,
        ["tanh"] = () => Tanh,
        ["gelu"] = () => Gelu,
        ["elu"] = () => Elu,
        ["selu"] = () => Selu,
        ["softplus"] = () => Softplus,
        ["softsign"] = () => Softsign,
        ["silu"] = () => Silu,
        ["swish"] = () => Silu,
        ["relu6"] = () => Relu6,
        ["hard_sigmoid"] = () => HardSigmoid,
        ["leaky_relu"] = () => LeakyRelu(),
        ["linear"] = () => Linear,
        ["exponential"] = () => Exponential,
    };

    /// <summary>The Keras names known here.</summary>
    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>The activation named <paramref name="name"/>; null or empty means linear, as in Keras.</summary>
    public static ActivationFunction Get(string? name)
    {
        if (string.IsNullOrEmpty(name)) return Linear;
        return ByName.TryGetValue(name, out var make)
            ? make()
            : throw new ArgumentException($"Unknown activation '{name}'. Known activations: {string.Join(", ", ByName.Keys)}.");
    }
}
