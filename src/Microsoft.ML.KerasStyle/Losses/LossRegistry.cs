namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>
/// Losses by Keras name (and alias). A loss made from a name carries that name, as Keras's <c>compile</c> names a
/// loss given as a string.
/// </summary>
public static class LossRegistry
{
    static readonly Dictionary<string, Func<string, Loss>> Factories = new()
    {
        ["mean_squared_error"] = n => new MeanSquaredError(name: n),
        ["mse"] = n => new MeanSquaredError(name: n),
        ["MSE"] = n => new MeanSquaredError(name: n),
        ["MeanSquaredError"] = n => new MeanSquaredError(name: n),
        ["mean_absolute_error"] = n => new MeanAbsoluteError(name: n),
        ["mae"] = n => new MeanAbsoluteError(name: n),
        ["MAE"] = n => new MeanAbsoluteError(name: n),
        ["MeanAbsoluteError"] = n => new MeanAbsoluteError(name: n),
        ["binary_crossentropy"] = n => new BinaryCrossentropy(name: n),
        ["bce"] = n => new BinaryCrossentropy(name: n),
        ["BCE"] = n => new BinaryCrossentropy(name: n),
        ["BinaryCrossentropy"] = n => new BinaryCrossentropy(name: n),
        ["categorical_crossentropy"] = n => new CategoricalCrossentropy(name: n),
        ["CategoricalCrossentropy"] = n => new CategoricalCrossentropy(name: n),
        ["sparse_categorical_crossentropy"] = n => new SparseCategoricalCrossentropy(name: n),
        ["SparseCategoricalCrossentropy"] = n => new SparseCategoricalCrossentropy(name: n),
        ["huber"] = n => new Huber(name: n),
        ["huber_loss"] = n => new Huber(name: n),
        ["Huber"] = n => new Huber(name: n),
        ["kl_divergence"] = n => new KLDivergence(name: n),
        ["kld"] = n => new KLDivergence(name: n),
        ["KLD"] = n => new KLDivergence(name: n),
        ["kullback_leibler_divergence"] = n => new KLDivergence(name: n),
        ["KLDivergence"] = n => new KLDivergence(name: n),
        ["poisson"] = n => new Poisson(name: n),
        ["Poisson"] = n => new Poisson(name: n),
        ["cosine_similarity"] = n => new CosineSimilarity(name: n),
        ["CosineSimilarity"] = n => new CosineSimilarity(name: n),
        ["mean_absolute_percentage_error"] = n => new MeanAbsolutePercentageError(name: n),
        ["mape"] = n => new MeanAbsolutePercentageError(name: n),
        ["MAPE"] = n => new MeanAbsolutePercentageError(name: n),
        ["MeanAbsolutePercentageError"] = n => new MeanAbsolutePercentageError(name: n),
        ["mean_squared_logarithmic_error"] = n => new MeanSquaredLogarithmicError(name: n),
        ["msle"] = n => new MeanSquaredLogarithmicError(name: n),
        ["MSLE"] = n => new MeanSquaredLogarithmicError(name: n),
        ["MeanSquaredLogarithmicError"] = n => new MeanSquaredLogarithmicError(name: n),
        ["log_cosh"] = n => new LogCosh(name: n),
        ["logcosh"] = n => new LogCosh(name: n),
        ["LogCosh"] = n => new LogCosh(name: n),
        ["hinge"] = n => new Hinge(name: n),
        ["Hinge"] = n => new Hinge(name: n),
        ["squared_hinge"] = n => new SquaredHinge(name: n),
        ["SquaredHinge"] = n => new SquaredHinge(name: n),
        ["categorical_hinge"] = n => new CategoricalHinge(name: n),
        ["CategoricalHinge"] = n => new CategoricalHinge(name: n),
        ["binary_focal_crossentropy"] = n => new BinaryFocalCrossentropy(name: n),
        ["BinaryFocalCrossentropy"] = n => new BinaryFocalCrossentropy(name: n),
        ["categorical_focal_crossentropy"] = n => new CategoricalFocalCrossentropy(name: n),
        ["CategoricalFocalCrossentropy"] = n => new CategoricalFocalCrossentropy(name: n),
        ["dice"] = n => new Dice(name: n),
        ["Dice"] = n => new Dice(name: n),
        ["tversky"] = n => new Tversky(name: n),
        ["Tversky"] = n => new Tversky(name: n),
    };

    /// <summary>The Keras names this registry knows.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>A new loss for <paramref name="name"/>, named so; an unknown name is an error listing the known ones.</summary>
    /// <param name="name">A Keras loss name or alias, e.g. <c>mse</c> or <c>sparse_categorical_crossentropy</c>.</param>
    public static Loss Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Factories.TryGetValue(name, out var make)
            ? make(name)
            : throw new ArgumentException($"Unknown loss '{name}'. Known losses: {string.Join(", ", Factories.Keys)}.", nameof(name));
    }

    /// <summary>
    /// Keras's <c>compile_utils.get_loss</c>: <c>"crossentropy"</c>/<c>"ce"</c> (any case) become binary
    /// crossentropy when the predictions' last dimension is 1, sparse categorical when the targets have fewer dimensions
    /// than the predictions or a last dimension of 1 against several classes, categorical otherwise; other names go to
    /// <see cref="Get"/>. The loss keeps the name given.
    /// </summary>
    /// <param name="name">The loss name given to <c>Compile</c>.</param>
    /// <param name="yTrueShape">The shape of a batch of targets.</param>
    /// <param name="yPredShape">The shape of a batch of predictions.</param>
    public static Loss Resolve(string name, IReadOnlyList<long> yTrueShape, IReadOnlyList<long> yPredShape)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.ToLowerInvariant() is not ("crossentropy" or "ce")) return Get(name);
        var (isBinary, isSparse) = TargetKind.Of(yTrueShape, yPredShape, $"loss '{name}'");
        if (isBinary) return new BinaryCrossentropy(name: name);
        if (isSparse) return new SparseCategoricalCrossentropy(name: name);
        return new CategoricalCrossentropy(name: name);
    }

    /// <inheritdoc cref="Resolve(string, IReadOnlyList{long}, IReadOnlyList{long})"/>
    public static Loss Resolve(string name, int[] yTrueShape, int[] yPredShape) =>
        Resolve(name, yTrueShape.Select(d => (long)d).ToArray(), yPredShape.Select(d => (long)d).ToArray());
}
