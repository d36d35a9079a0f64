namespace Microsoft.ML.KerasStyle.Optimizers;

/// <summary>
/// The checks the optimizers' constructors share: each returns the value, or throws an <see cref="ArgumentException"/>
/// for parameter <c>name</c> that says <c>Optimizer '{optimizer name}': {name} must be …, received {value}.</c>
/// </summary>
internal static class OptimizerArguments
{
    /// <summary>A number in [0, 1) (a decay rate β, where β = 1 would divide by 1 − βᵗ = 0).</summary>
    public static double Fraction(double value, string name, string optimizerName) =>
        value is >= 0 and < 1 ? value : throw Invalid(value, name, optimizerName, "a number in [0, 1)");

    /// <summary>A number in [0, 1] (a discount factor or a momentum).</summary>
    public static double UnitInterval(double value, string name, string optimizerName) =>
        value is >= 0 and <= 1 ? value : throw Invalid(value, name, optimizerName, "a number in [0, 1]");

    /// <summary>A finite number ≥ 0 (an epsilon, a momentum, a starting value).</summary>
    public static double NonNegative(double value, string name, string optimizerName) =>
        value >= 0 && double.IsFinite(value) ? value : throw Invalid(value, name, optimizerName, "a non-negative number");

    /// <summary>Adds <paramref name="entries"/>, in order, to a base class's <c>get_config</c>.</summary>
    public static Dictionary<string, object?> Extend(Dictionary<string, object?> config, params ReadOnlySpan<(string Key, object? Value)> entries)
    {
        foreach (var (key, value) in entries) config[key] = value;
        return config;
    }

    static ArgumentException Invalid(double value, string name, string optimizerName, string expected) =>
        new($"Optimizer '{optimizerName}': {name} must be {expected}, received {value}.", name);
}
