namespace Samples.Listings;

/// <summary>7-2-1: a Sequential model built with an input shape, weights and Summary; names, CJK names, building as you go.</summary>
public sealed class SequentialModel : Listing
{
    /// <inheritdoc/>
    public override string Id => "7-2-1";

    /// <inheritdoc/>
    public override string Title => "Sequential model: Build, Weights, Summary";

    /// <inheritdoc/>
    public override void Run(TextWriter output, ListingSettings settings)
    {
        Keras.ClearSession();
        var model = new Sequential([
            new Dense(64, activation: "relu"),
            new Dense(10, activation: "softmax"),
        ]);
        model.Build(inputShape: [null, 3]);
        foreach (var weight in model.Weights) output.WriteLine(weight);
        model.Summary(printFn: output.Write);

        var named = new Sequential(name: "my_model");
        named.Add(new Dense(64, activation: "relu", name: "輸入層"));
        named.Add(new Dense(10, activation: "relu", name: "輸出層"));
        named.Build([null, 3]);
        named.Summary(printFn: output.Write);

        // Declaring the input first builds the model as layers are added: Summary works after every Add.
        var incremental = new Sequential();
        incremental.Add(Keras.Input(shape: [3]));
        incremental.Add(new Dense(64, activation: "relu"));
        incremental.Summary(printFn: output.Write);
        incremental.Add(new Dense(10, activation: "softmax"));
        incremental.Summary(printFn: output.Write);
    }
}
