using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>
/// A loss, as Keras's <c>Loss</c>: <see cref="Compute"/> gives per-sample values, <see cref="Call"/> applies sample
/// weights and the reduction. Pass built-in losses by Keras name (<c>"mse"</c>,
/// <c>"sparse_categorical_crossentropy"</c>) or as objects.
/// </summary>
public abstract class Loss
{
    static readonly string[] Reductions = ["sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none"];

    /// <summary>Creates a loss.</summary>
    /// <param name="name">The loss's name. Defaults to the snake_case class name.</param>
    /// <param name="reduction">How per-sample values become one: <c>sum_over_batch_size</c>, <c>sum</c>, <c>mean</c>,
    /// <c>mean_with_sample_weight</c> or <c>none</c>. Defaults to <c>sum_over_batch_size</c>.</param>
    protected Loss(string? name = null, string reduction = "sum_over_batch_size")
    {
        Name = name ?? Backend.Naming.ToSnakeCase(GetType().Name);
        Reduction = Reductions.Contains(reduction)
            ? reduction
            : throw new ArgumentException($"Loss '{Name}': invalid reduction '{reduction}'. Expected one of {string.Join(", ", Reductions)}.");
    }

    /// <summary>The loss's name.</summary>
    public string Name { get; }

    /// <summary>The reduction applied by <see cref="Call"/>.</summary>
    public string Reduction { get; }

    /// <summary>Per-sample loss values (the last axis reduced where the loss does so).</summary>
    public abstract Tensor Compute(Tensor yTrue, Tensor yPred);

    /// <summary>The reduced loss: per-sample values times <paramref name="sampleWeight"/>, then <see cref="Reduction"/>.</summary>
    public Tensor Call(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) =>
        sampleWeight is null && Reduction is "sum_over_batch_size" or "mean" or "mean_with_sample_weight" && BatchMean(yTrue, yPred) is { } mean
            ? mean
            : LossReduction.Reduce(Compute(yTrue, yPred), sampleWeight, Reduction);

    /// <summary>
    /// The unweighted batch mean of <see cref="Compute"/>, when the loss can compute it more cheaply than the per-sample
    /// values (it runs every training step); null (the default) computes the values and reduces them.
    /// </summary>
    protected virtual Tensor? BatchMean(Tensor yTrue, Tensor yPred) => null;

    /// <summary>Keras's <c>get_config</c>.</summary>
    public virtual Dictionary<string, object?> GetConfig() => new() { ["name"] = Name, ["reduction"] = Reduction };

    /// <summary>Looks a loss up by its Keras name.</summary>
    public static implicit operator Loss(string name) => LossRegistry.Get(name);
}
