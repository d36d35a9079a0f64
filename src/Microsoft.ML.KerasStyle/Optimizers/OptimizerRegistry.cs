namespace Microsoft.ML.KerasStyle.Optimizers;

/// <summary>Optimizers by Keras name.</summary>
public static class OptimizerRegistry
{
    static readonly Dictionary<string, Func<Optimizer>> Factories = new()
    {
        ["sgd"] = () => new SGD(),
        ["rmsprop"] = () => new RMSprop(),
        ["adam"] = () => new Adam(),
        ["adamw"] = () => new AdamW(),
        ["adagrad"] = () => new Adagrad(),
        ["nadam"] = () => new Nadam(),
        ["adamax"] = () => new Adamax(),
        ["adadelta"] = () => new Adadelta(),
        ["ftrl"] = () => new Ftrl(),
        ["lion"] = () => new Lion(),
    };

    /// <summary>The Keras names this registry knows.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>A new optimizer for <paramref name="name"/> with Keras's defaults; an unknown name is an error listing the known ones.</summary>
    public static Optimizer Get(string name) => Factories.TryGetValue(name.ToLowerInvariant(), out var make)
        ? make()
        : throw new ArgumentException($"Unknown optimizer '{name}'. Known optimizers: {string.Join(", ", Factories.Keys)}.");
}
