extern alias MicrosoftML;
using Google.Protobuf;
using Microsoft.ML.Data;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.OnnxRuntime;
using MicrosoftML::Microsoft.ML;
using MLContext = MicrosoftML::Microsoft.ML.MLContext;
using IRowToRowMapper = MicrosoftML::Microsoft.ML.Data.IRowToRowMapper;
using ModelSaveContext = MicrosoftML::Microsoft.ML.ModelSaveContext;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// A fitted Keras step of an ML.NET pipeline (what the Keras trainers and <c>ml.Transforms.Keras</c> return): it holds
/// the trained <see cref="Model"/> and its <see cref="History"/>, and scores with ONNX Runtime on the network exported
/// when training ended.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Transform"/> scores a batch of rows per network call. <c>ml.Model.Save</c> writes the step as a chain of
/// ML.NET's own transforms (<see cref="SavedForm"/>: ApplyOnnxModel over the same ONNX model, plus conversions to
/// ML.NET's scalar and key columns); <c>ml.Model.Load</c> gives that chain back — ML.NET's types, not this class,
/// scoring one row per call — in any process that references this library, with no registration call (ML.NET records
/// the conversions' assembly in the zip and loads it itself).
/// </para>
/// <para>
/// The step is a snapshot: training <see cref="Model"/> further changes neither <see cref="Transform"/> nor what is saved.
/// </para>
/// </remarks>
public sealed class KerasTransformer : ITransformer
{
    readonly ColumnBinding binding;
    readonly IReadOnlyList<ProducedColumn> produced;
    readonly byte[] onnx;
    readonly int scoringBatchSize;
    readonly Lazy<InferenceSession> session;
    readonly Dictionary<string, DataViewType> featureTypes;

    internal KerasTransformer(MLContext ml, ColumnBinding binding, Model model, History history, IDataView trainingData,
                              IReadOnlyDictionary<string, string> outputColumns, LabelKeys? keys, int scoringBatchSize)
    {
        this.binding = binding;
        Model = model;
        History = history;
        this.scoringBatchSize = scoringBatchSize;
        featureTypes = binding.Features.Select(f => f.Column).Distinct().ToDictionary(c => c, c => trainingData.Schema[c].Type);
        onnx = PipelineOnnx.Build(model, binding, trainingData.Schema, outputColumns, Onnx.OnnxExporter.DefaultOpset).ToByteArray();
        var columns = PipelineOnnx.OutputColumns(binding.Task, outputColumns);
        SavedForm = ScoringChain.Create(ml, binding.Task, onnx, binding, columns, keys).Fit(trainingData);
        var schema = SavedForm.GetOutputSchema(trainingData.Schema);
        produced = columns.Select(c => new ProducedColumn(c, schema[c].Type, schema[c].Annotations,
            IsClassKey: binding.Task == KerasTask.MulticlassClassification && c == "PredictedLabel")).ToList();
        session = new Lazy<InferenceSession>(() => new InferenceSession(onnx), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The trained Keras model (train it more, save it as <c>.keras</c>, export it).</summary>
    public Model Model { get; }

    /// <summary>The training history: per-epoch loss, metrics and validation figures.</summary>
    public History History { get; }

    /// <summary>
    /// The history as a data view: an Int32 column <c>Epoch</c> (0-based, as Keras's <c>history.epoch</c>) and one
    /// Double column per logged figure (<c>loss</c>, metrics, <c>val_*</c>), one row per epoch.
    /// </summary>
    public IDataView HistoryView => new ArrayDataView(
        [("Epoch", NumberDataViewType.Int32, History.Epoch.ToArray()),
         .. History.Values.Select(kv => (kv.Key, (DataViewType)NumberDataViewType.Double, (Array)kv.Value.ToArray()))]);

    /// <summary>
    /// The chain of ML.NET transforms that <c>ml.Model.Save</c> writes for this step (ApplyOnnxModel and conversions);
    /// it scores one row per network call.
    /// </summary>
    public ITransformer SavedForm { get; }

    /// <summary>Always true: the step maps each row on its own.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>
    /// Writes the pipeline's ONNX model to <paramref name="path"/>: inputs named after the feature columns (the
    /// columns' element types and sizes, batch axis symbolic), outputs named after the output columns (multiclass:
    /// <c>Score</c> and <c>PredictedLabel</c> as the 0-based class index, −1 for a row whose scores hold a NaN; binary:
    /// <c>Score</c>, <c>Probability</c>, <c>PredictedLabel</c> (false for a NaN probability, as ML.NET's binary scorers
    /// give); regression: <c>Score</c>), the Keras config in the metadata.
    /// </summary>
    /// <param name="path">The file to write (replaced).</param>
    public void ExportOnnx(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Saving.AtomicFile.Write(path, overwrite: true, stream => stream.Write(onnx));
    }

    /// <summary>Writes the pipeline's ONNX model (see <see cref="ExportOnnx(string)"/>) to <paramref name="stream"/>.</summary>
    /// <param name="stream">The stream to write to.</param>
    public void ExportOnnx(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(onnx);
    }

    /// <summary>
    /// The Keras model of a Keras step saved in an ML.NET model zip (<c>ml.Model.Save</c>), rebuilt from the Keras
    /// config and weights its ONNX model carries: not compiled (compile it to train further).
    /// </summary>
    /// <param name="zipPath">The ML.NET model zip.</param>
    public static Model ReadKerasModel(string zipPath) => SavedKerasModel.Read(zipPath);

    /// <summary>The input schema plus the step's output columns; errors name a missing or mistyped feature column.</summary>
    /// <param name="inputSchema">The schema of the data to transform.</param>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        Rebind(inputSchema);
        return BatchScoringDataView.SchemaOf(inputSchema, produced);
    }

    /// <summary>The row-by-row mapper of <see cref="SavedForm"/> (used by ML.NET's PredictionEngine; thread-safe as ONNX Runtime is).</summary>
    /// <param name="inputSchema">The schema of the rows to map.</param>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        Rebind(inputSchema);
        return SavedForm.GetRowToRowMapper(inputSchema);
    }

    /// <summary>Scores <paramref name="input"/> lazily, a batch of rows per ONNX Runtime call.</summary>
    /// <param name="input">Data with the feature columns.</param>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new BatchScoringDataView(input, Rebind(input.Schema), produced, session.Value, scoringBatchSize);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) => SavedForm.Save(ctx);

    ColumnBinding Rebind(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var inputs = binding.Features.ToDictionary(f => f.InputName, f => f.Column);
        var rebound = ColumnBinding.Create(binding.Owner, binding.Task, Model, new KerasColumns(inputs, new Dictionary<string, string>(), new Dictionary<string, string>(), null), schema, withLabels: false);
        // The ONNX model reads each column in its training-time element type.
        foreach (var feature in rebound.Features)
        {
            var now = schema[feature.Column].Type;
            var then = featureTypes[feature.Column];
            if (!now.Equals(then))
                throw new ArgumentException($"{binding.Owner}: the feature column '{feature.Column}' is {now} but was {then} when the model was trained.");
        }
        return rebound;
    }
}
