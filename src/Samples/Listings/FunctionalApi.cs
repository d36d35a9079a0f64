namespace Samples.Listings;

/// <summary>7-2-2: the functional API — a small model, the multi-input/multi-output ticket model, plots, feature extraction.</summary>
public sealed class FunctionalApi : Listing
{
    /// <inheritdoc/>
    public override string Id => "7-2-2";

    /// <inheritdoc/>
    public override string Title => "Functional API: multi-input/multi-output ticket model, PlotModel, feature extraction";

    /// <inheritdoc/>
    public override void Run(TextWriter output, ListingSettings settings)
    {
        Keras.ClearSession();
        var inputs = Keras.Input(shape: [3], name: "my_input");
        var features = new Dense(64, activation: "relu").Apply(inputs);
        var outputs = new Dense(10, activation: "softmax").Apply(features);
        var model = new Model(inputs, outputs);
        model.Summary(printFn: output.Write);

        var ticket = TicketModel.Build();
        ticket.Model.Summary(printFn: output.Write);

        // Training on the seed's kind of data: random 0/1 vectors, by input and output name.
        const int numSamples = 1280;
        var data = TicketModel.RandomData(numSamples);
        ticket.Model.Compile(optimizer: "rmsprop",
            loss: new() { ["priority"] = "mean_squared_error", ["department"] = "categorical_crossentropy" },
            metrics: new() { ["priority"] = ["mean_squared_error"], ["department"] = ["categorical_crossentropy"] });
        ticket.Model.Fit(data.Inputs, data.Targets, epochs: settings.Epochs(1), verbose: settings.Verbose);
        var evaluation = ticket.Model.Evaluate(data.Inputs, data.Targets, verbose: settings.Verbose, returnDict: true);
        output.WriteLine($"evaluate: {evaluation}");
        var (priorityPreds, departmentPreds) = ticket.Model.Predict(data.Inputs, verbose: settings.Verbose);
        output.WriteLine($"priority predictions: {Shape(priorityPreds)}, department predictions: {Shape(departmentPreds)}");

        output.WriteLine($"wrote {Keras.Utils.PlotModel(ticket.Model, toFile: "ticket_classifier.png")}");
        output.WriteLine($"wrote {Keras.Utils.PlotModel(ticket.Model, toFile: "ticket_classifier_with_shapes.png", showShapes: true)}");

        var layers = ticket.Model.Layers;
        output.WriteLine("layers: " + string.Join(", ", layers.Select(l => $"{l.Name} ({l.ClassName})")));
        output.WriteLine($"layers[3].Input: {layers[3].Input}");
        output.WriteLine($"layers[2].Output: {layers[2].Output}");

        // Feature extraction: a new model from an inner tensor of the old graph.
        var hidden = layers[4].Output;
        var difficulty = new Dense(3, activation: "softmax", name: "difficulty").Apply(hidden);
        var newModel = new Model(inputs: [ticket.Title, ticket.TextBody, ticket.Tags], outputs: [ticket.Priority, ticket.Department, difficulty]);
        output.WriteLine($"wrote {Keras.Utils.PlotModel(newModel, toFile: "multi_input_and_output_model.png", showShapes: true)}");
        newModel.Summary(printFn: output.Write);
    }

    static string Shape(Tensor t) => "(" + string.Join(", ", t.shape) + ")";
}
