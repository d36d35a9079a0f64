using System.Collections;
using Microsoft.ML.KerasStyle.Losses;

namespace Microsoft.ML.KerasStyle.Training;

/// <summary>
/// The <c>loss</c> argument of <c>Compile</c>: one loss for every output (<c>"mse"</c> or an object), one per output in
/// order (<c>["mse", "categorical_crossentropy"]</c>), or by output name
/// (<c>new() { ["priority"] = "mse", ["department"] = "categorical_crossentropy" }</c>).
/// </summary>
public sealed class LossSpec : IEnumerable<Loss>
{
    readonly List<(string? Output, Loss Loss)> entries = [];

    /// <summary>The loss for output <paramref name="output"/>.</summary>
    public Loss this[string output]
    {
        get => entries.First(e => e.Output == output).Loss;
        set => entries.Add((output, value));
    }

    /// <summary>Adds the loss of the next output.</summary>
    public void Add(Loss loss) => entries.Add((null, loss));

    internal IReadOnlyList<(string? Output, Loss Loss)> Entries => entries;

    /// <summary>One loss (by Keras name).</summary>
    public static implicit operator LossSpec(string name) => new() { (Loss)name };

    /// <summary>One loss.</summary>
    public static implicit operator LossSpec(Loss loss) => new() { loss };

    /// <summary>Losses by output name (Keras names).</summary>
    public static implicit operator LossSpec(Dictionary<string, string> byOutput)
    {
        var spec = new LossSpec();
        foreach (var (output, name) in byOutput) spec[output] = name;
        return spec;
    }

    /// <inheritdoc/>
    public IEnumerator<Loss> GetEnumerator() => entries.Select(e => e.Loss).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
