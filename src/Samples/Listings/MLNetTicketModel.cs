using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.KerasStyle.MLNet;

namespace Samples.Listings;

/// <summary>
/// The seed's customer-ticket model (three inputs, two outputs) trained and scored from an ML.NET data view through
/// <c>ml.Transforms.Keras</c>: each input fed by a column, each output trained against a column and written to one.
/// </summary>
public sealed class MLNetTicketModel : Listing
{
    /// <inheritdoc/>
    public override string Id => "mlnet-ticket";

    /// <inheritdoc/>
    public override string Title => "ML.NET: the ticket model (3 inputs, 2 outputs) through ml.Transforms.Keras";

    /// <summary>One ticket: three feature vectors and two labels, as in the seed (random 0/1 data).</summary>
    public sealed class Ticket
    {
        /// <summary>Title words (0/1 per vocabulary entry).</summary>
        [VectorType(TicketModel.VocabularySize)]
        public float[] Title { get; set; } = [];

        /// <summary>Body words (0/1 per vocabulary entry).</summary>
        [VectorType(TicketModel.VocabularySize)]
        public float[] TextBody { get; set; } = [];

        /// <summary>Tags (0/1 each).</summary>
        [VectorType(TicketModel.NumTags)]
        public float[] Tags { get; set; } = [];

        /// <summary>Priority in [0, 1).</summary>
        public float Priority { get; set; }

        /// <summary>Department targets (0/1 each).</summary>
        [VectorType(TicketModel.NumDepartments)]
        public float[] Department { get; set; } = [];
    }

    /// <inheritdoc/>
    public override void Run(TextWriter output, ListingSettings settings)
    {
        var samples = Math.Min(1280, settings.MaxTrainSamples ?? 1280);
        var (inputs, targets) = TicketModel.RandomData(samples);
        var tickets = Tickets(inputs, targets, samples);
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(tickets);

        var ticket = TicketModel.Build();
        var model = ticket.Model;
        model.Compile(optimizer: "rmsprop",
            loss: new() { ["priority"] = "mean_squared_error", ["department"] = "categorical_crossentropy" },
            metrics: new() { ["priority"] = ["mean_squared_error"], ["department"] = ["categorical_crossentropy"] });
        var transform = ml.Transforms.Keras(model,
            inputColumns: new Dictionary<string, string> { ["title"] = "Title", ["text_body"] = "TextBody", ["tags"] = "Tags" },
            labelColumns: new Dictionary<string, string> { ["priority"] = "Priority", ["department"] = "Department" },
            outputColumns: new Dictionary<string, string> { ["priority"] = "PredictedPriority", ["department"] = "DepartmentScores" },
            epochs: settings.Epochs(1), verbose: settings.Verbose);
        var fitted = transform.Fit(data);
        output.WriteLine("Trained from the data view: " + string.Join(", ", fitted.History.Values.Select(kv => $"{kv.Key} {kv.Value[^1]:F4}")));

        var scored = fitted.Transform(data);
        output.WriteLine("Output columns: " + string.Join(", ", scored.Schema.Where(c => !c.IsHidden).Skip(5).Select(c => $"{c.Name} ({c.Type})")));
        var (priority, department) = model.Predict(inputs, verbose: 0);
        var expectedPriority = priority.data<float>().ToArray();
        var expectedDepartment = department.data<float>().ToArray();
        var maxDifference = 0.0;
        using (var cursor = scored.GetRowCursor([scored.Schema["PredictedPriority"], scored.Schema["DepartmentScores"]]))
        {
            var p = cursor.GetGetter<VBuffer<float>>(scored.Schema["PredictedPriority"]);
            var d = cursor.GetGetter<VBuffer<float>>(scored.Schema["DepartmentScores"]);
            VBuffer<float> pv = default, dv = default;
            var row = 0;
            while (cursor.MoveNext())
            {
                p(ref pv);
                d(ref dv);
                maxDifference = Math.Max(maxDifference, Math.Abs(pv.GetItemOrDefault(0) - expectedPriority[row]));
                var values = dv.DenseValues().ToArray();
                for (var k = 0; k < values.Length; k++)
                    maxDifference = Math.Max(maxDifference, Math.Abs(values[k] - expectedDepartment[row * TicketModel.NumDepartments + k]));
                row++;
            }
            output.WriteLine($"Scored {row:N0} tickets through ONNX Runtime; max |difference| from model.Predict: {maxDifference:G3}");
        }
    }

    /// <summary>The seed's random tensors as rows.</summary>
    public static List<Ticket> Tickets(ModelData inputs, ModelData targets, int samples)
    {
        float[] Values(ModelData data, string name) => ((Tensor)data[name]).data<float>().ToArray();
        var title = Values(inputs, "title");
        var body = Values(inputs, "text_body");
        var tags = Values(inputs, "tags");
        var priority = Values(targets, "priority");
        var department = Values(targets, "department");
        const int vocabulary = TicketModel.VocabularySize, numTags = TicketModel.NumTags, departments = TicketModel.NumDepartments;
        return Enumerable.Range(0, samples).Select(i => new Ticket
        {
            Title = title.AsSpan(i * vocabulary, vocabulary).ToArray(),
            TextBody = body.AsSpan(i * vocabulary, vocabulary).ToArray(),
            Tags = tags.AsSpan(i * numTags, numTags).ToArray(),
            Priority = priority[i],
            Department = department.AsSpan(i * departments, departments).ToArray(),
        }).ToList();
    }
}
