namespace Samples.Listings;

/// <summary>7-2-3: the ticket model written by subclassing Model.</summary>
public sealed class SubclassedModel : Listing
{
    /// <inheritdoc/>
    public override string Id => "7-2-3";

    /// <inheritdoc/>
    public override string Title => "Subclassing Model: the ticket model with Call";

    /// <summary>The seed's CustomerTicketModel: layers in fields, the forward pass in Call.</summary>
    public sealed class CustomerTicketModel : Model
    {
        readonly Concatenate concatLayer = new();
        readonly Dense mixingLayer = new(64, activation: "relu");
        readonly Dense priorityScorer = new(1, activation: "sigmoid", name: "priority");
        readonly Dense departmentClassifier;

        /// <summary>Creates the model for <paramref name="numDepartments"/> departments.</summary>
        public CustomerTicketModel(int numDepartments) =>
            departmentClassifier = new(numDepartments, activation: "softmax", name: "department");

        /// <inheritdoc/>
        protected override Outputs Call(Inputs inputs, bool training)
        {
            var features = concatLayer.Apply(inputs["title"], inputs["text_body"], inputs["tags"]);
            features = mixingLayer.Apply(features);
            return [priorityScorer.Apply(features), departmentClassifier.Apply(features)];
        }
    }

    /// <inheritdoc/>
    public override void Run(TextWriter output, ListingSettings settings)
    {
        Keras.ClearSession();
        var model = new CustomerTicketModel(numDepartments: 4);
        var (priority, department) = model.Apply(TicketModel.RandomInputs(1280));
        output.WriteLine($"priority: ({string.Join(", ", priority.shape)}), department: ({string.Join(", ", department.shape)})");
        model.Summary(printFn: output.Write);

        // A subclassed model has no output names: losses and metrics go in output order.
        var data = TicketModel.RandomData(1280);
        ModelData targets = [data.Targets["priority"], data.Targets["department"]];
        model.Compile(optimizer: "rmsprop", loss: ["mean_squared_error", "categorical_crossentropy"],
                      metrics: [["mean_absolute_error"], ["accuracy"]]);
        model.Fit(data.Inputs, targets, epochs: settings.Epochs(1), verbose: settings.Verbose);
        output.WriteLine($"evaluate: {model.Evaluate(data.Inputs, targets, verbose: settings.Verbose, returnDict: true)}");
        try
        {
            Keras.Utils.PlotModel(model, toFile: "customer_ticket_model.png");
        }
        catch (InvalidOperationException e)
        {
            output.WriteLine($"PlotModel: {e.Message}");
        }
    }
}
