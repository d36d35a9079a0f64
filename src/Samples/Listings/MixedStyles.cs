namespace Samples.Listings;

/// <summary>7-2-4: a subclassed model inside a functional one, and a functional model inside a subclassed one.</summary>
public sealed class MixedStyles : Listing
{
    /// <inheritdoc/>
    public override string Id => "7-2-4";

    /// <inheritdoc/>
    public override string Title => "Mixing styles: subclassed inside functional, functional inside subclassed";

    /// <summary>Binary → Dense(1, sigmoid); otherwise Dense(n, softmax).</summary>
    public sealed class Classifier : Model
    {
        readonly Dense dense;

        /// <summary>Creates a classifier for <paramref name="numClasses"/> classes.</summary>
        public Classifier(int numClasses) =>
            dense = numClasses == 2 ? new Dense(1, activation: "sigmoid") : new Dense(numClasses, activation: "softmax");

        /// <inheritdoc/>
        protected override Outputs Call(Inputs inputs, bool training) => dense.Apply(inputs[0]);
    }

    /// <summary>A subclassed model that uses a functional model as a layer.</summary>
    public sealed class MyModel : Model
    {
        // The seed's notes say Dense(1) here, which Keras rejects too (the classifier expects 64 features);
        // the book's listing uses Dense(64).
        readonly Dense dense = new(64, activation: "relu");
        readonly Model classifier;

        /// <summary>Creates the model around <paramref name="binaryClassifier"/>.</summary>
        public MyModel(Model binaryClassifier) => classifier = binaryClassifier;

        /// <inheritdoc/>
        protected override Outputs Call(Inputs inputs, bool training) => classifier.Apply(dense.Apply(inputs[0]));
    }

    /// <inheritdoc/>
    public override void Run(TextWriter output, ListingSettings settings)
    {
        Keras.ClearSession();
        var inputs = Keras.Input(shape: [3]);
        var features = new Dense(64, activation: "relu").Apply(inputs);
        var outputs = new Classifier(numClasses: 10).Apply(features);
        var model = new Model(inputs, outputs);
        model.Summary(printFn: output.Write);

        var inner = Keras.Input(shape: [64]);
        var binaryClassifier = new Model(inner, new Dense(1, activation: "sigmoid").Apply(inner));
        var myModel = new MyModel(binaryClassifier);
        var y = myModel.Apply(ones(2, 64));
        output.WriteLine($"MyModel output: ({string.Join(", ", y.shape)})");
        myModel.Summary(printFn: output.Write);
    }
}
