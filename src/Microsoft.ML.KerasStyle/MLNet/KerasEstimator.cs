extern alias MicrosoftML;
using Microsoft.ML.Data;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Models;
using MicrosoftML::Microsoft.ML;
using MLContext = MicrosoftML::Microsoft.ML.MLContext;
using SchemaShape = MicrosoftML::Microsoft.ML.SchemaShape;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// An ML.NET estimator that trains a compiled Keras model on a data view (Keras's <c>fit</c>, streaming the rows in
/// batches through cursors) and returns a <see cref="KerasTransformer"/>. Made by the catalogs:
/// <c>ml.MulticlassClassification.Trainers.Keras</c>, <c>ml.BinaryClassification.Trainers.Keras</c>,
/// <c>ml.Regression.Trainers.Keras</c> and <c>ml.Transforms.Keras</c>.
/// </summary>
public sealed class KerasEstimator : IEstimator<KerasTransformer>
{
    readonly string owner;
    readonly KerasTask task;
    readonly Model model;
    readonly KerasColumns columns;
    readonly KerasTrainerOptions options;
    InitialTrainingState? initialState;

    internal KerasEstimator(string owner, KerasTask task, Model model, KerasColumns columns, KerasTrainerOptions options)
    {
        this.owner = owner;
        this.task = task;
        this.model = model ?? throw new ArgumentNullException(nameof(model), $"{owner}: model is null.");
        this.columns = columns;
        this.options = options ?? throw new ArgumentNullException(nameof(options), $"{owner}: options is null.");
        if (options.Epochs < 0) throw new ArgumentOutOfRangeException(nameof(options), options.Epochs, $"{owner}: Epochs must be ≥ 0.");
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, $"{owner}: BatchSize must be ≥ 1.");
        if (options.PrefetchBatches is < 0) throw new ArgumentOutOfRangeException(nameof(options), options.PrefetchBatches, $"{owner}: PrefetchBatches must be ≥ 0.");
        if (options.ScoringBatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), options.ScoringBatchSize, $"{owner}: ScoringBatchSize must be ≥ 1.");
        if (options.ValidationSplit is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(options), options.ValidationSplit, $"{owner}: ValidationSplit must be in [0, 1).");
        if (!model.IsFunctional)
            throw new ArgumentException($"{owner}: model '{model.Name}' has no graph of layers (a subclassed model, or a Sequential model without an Input); " +
                "its input shape and ONNX export need one: declare the input (new Sequential([Keras.Input(shape: [...]), ...])).", nameof(model));
        if (task != KerasTask.General && (model.InputNames.Count != 1 || model.OutputNames.Count != 1))
            throw new ArgumentException($"{owner}: model '{model.Name}' has {model.InputNames.Count} inputs and {model.OutputNames.Count} outputs; a trainer feeds one " +
                "feature column to one input and trains one output. Use ml.Transforms.Keras for several.", nameof(model));
    }

    /// <summary>Trains the model on <paramref name="input"/> (nothing is trained when the general transform has no label columns).</summary>
    /// <remarks>
    /// <para>
    /// The Keras model trains in place, as <c>model.Fit</c> does. Every Fit of this estimator starts from the weights the
    /// model had before its first Fit, with a fresh optimizer, so that repeated fits (ML.NET's CrossValidate) are independent;
    /// each returned transformer scores with the network as it was trained for it, while its <c>Model</c> is the live model.
    /// </para>
    /// <para>
    /// Fit never returns a model whose weights are NaN or infinite. Training data without rows is an error. A NaN or
    /// infinite feature, label or weight fails Fit before it reaches the model, naming the column and the row (or, with
    /// <see cref="KerasTrainerOptions.SkipRowsWithNonFiniteValues"/>, the row is left out); weights that training itself
    /// made non-finite (a learning rate too large) fail Fit once training ends, saying at which epoch and batch the loss
    /// stopped being finite.
    /// </para>
    /// </remarks>
    /// <param name="input">The training data.</param>
    public KerasTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var train = columns.Labels.Count > 0;
        if (train && !model.Compiled)
            throw new InvalidOperationException($"{owner}: model '{model.Name}' is not compiled; call model.Compile(optimizer, loss, metrics) before fitting the pipeline.");
        // Before the columns: an empty view's key label has a made-up key count that would be blamed instead.
        if (train && !HasRows(input)) throw new ArgumentException($"{owner}: the IDataView given to Fit has no rows: there is nothing to train on.", nameof(input));
        if (train && options.ValidationData is { } validationData && !HasRows(validationData))
            throw new ArgumentException($"{owner}: KerasTrainerOptions.ValidationData has no rows: there is nothing to validate on.", nameof(input));
        var binding = ColumnBinding.Create(owner, task, model, columns, input.Schema, withLabels: train);
        var ml = new MLContext(options.Seed);
        var history = new History();
        if (train)
        {
            if (initialState is null) initialState = InitialTrainingState.Capture(model);
            else initialState.Restore(model, owner);
            var (trainData, validation) = Split(ml, input);
            var skip = options.SkipRowsWithNonFiniteValues;
            var batches = new DataViewBatches(trainData, binding, options.BatchSize, withTargets: true, options.Shuffle, options.Seed, options.ShufflePoolSize, options.ClassWeight,
                                              options.PrefetchBatches, skipNonFinite: skip);
            Data.Dataset? validationBatches = null;
            if (validation is not null)
            {
                var validationBinding = ColumnBinding.Create(owner, task, model, columns, validation.Schema, withLabels: true);
                // Split rows keep their ids in the input, so errors name them as rows of the IDataView given to Fit.
                var source = options.ValidationData is null ? "the IDataView given to Fit" : "KerasTrainerOptions.ValidationData";
                validationBatches = new DataViewBatches(validation, validationBinding, options.BatchSize, withTargets: true, readAhead: options.PrefetchBatches,
                                                        source: source, skipNonFinite: skip);
            }
            var guard = new FiniteModelGuard();
            history = model.Fit(batches, options.Epochs, options.Verbose, [.. options.Callbacks ?? [], guard], validationBatches);
            guard.Check(model, owner, options.Epochs);
        }
        var keys = task == KerasTask.MulticlassClassification ? LabelKeys.Of(input.Schema[binding.Labels[0].Column], binding.Labels[0].ClassCount) : null;
        return new KerasTransformer(ml, binding, model, history, input, OutputColumns(), keys, options.ScoringBatchSize);
    }

    /// <summary>The output schema shape: the input's columns plus the step's outputs; errors name missing feature and label columns.</summary>
    /// <param name="inputSchema">The shape of the input schema.</param>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        foreach (var (role, column) in columns.Inputs.Values.Select(c => ("feature", c))
                     .Concat(columns.Labels.Values.Select(c => ("label", c))))
            if (!inputSchema.Any(c => c.Name == column))
                throw new ArgumentException($"{owner}: the {role} column '{column}' is not in the data. Columns present: " +
                    $"[{string.Join(", ", inputSchema.Select(c => $"'{c.Name}'"))}].", nameof(inputSchema));
        // ML.NET's schema shapes can only be made by its own estimators: ask the saved form's chain, with stand-in key values.
        var sizes = model.InputTensors.Where(t => columns.Inputs.ContainsKey(t.Name))
            .ToDictionary(t => columns.Inputs[t.Name], t => t.Shape.Skip(1).Aggregate(1, (a, d) => a * (d ?? 1)));
        var empty = EmptyDataView(inputSchema, sizes);
        var binding = ColumnBinding.Create(owner, task, model, columns, empty.Schema, withLabels: false);
        var onnx = Google.Protobuf.MessageExtensions.ToByteArray(PipelineOnnx.Build(model, binding, empty.Schema, OutputColumns(), Onnx.OnnxExporter.DefaultOpset));
        var units = model.OutputTensors[0].Shape[^1] ?? 1;
        var keys = task == KerasTask.MulticlassClassification
            ? new LabelKeys(TextDataViewType.Instance, Enumerable.Range(0, units).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture).AsMemory()).ToArray())
            : null;
        return ScoringChain.Create(new MLContext(), task, onnx, binding, PipelineOnnx.OutputColumns(task, OutputColumns()), keys).GetOutputSchema(inputSchema);
    }

    IReadOnlyDictionary<string, string> OutputColumns() =>
        columns.Outputs.Count > 0 || task != KerasTask.General ? columns.Outputs : model.OutputNames.ToDictionary(n => n, n => n);

    (IDataView Train, IDataView? Validation) Split(MLContext ml, IDataView input)
    {
        if (options.ValidationData is { } validation) return (input, validation);
        if (options.ValidationSplit <= 0) return (input, null);
        var rows = input.GetRowCount() ?? CountRows(input);
        // As Keras: the last fraction of the rows, before any shuffling.
        var validationRows = (long)Math.Floor(rows * options.ValidationSplit);
        if (validationRows == 0 || validationRows == rows)
            throw new ArgumentException($"{owner}: ValidationSplit {options.ValidationSplit} of {rows} rows leaves an empty training or validation set.");
        return (ml.Data.TakeRows(input, rows - validationRows), ml.Data.SkipRows(input, rows - validationRows));
    }

    // The row count when the view knows it; otherwise whether a cursor over no columns finds a first row.
    static bool HasRows(IDataView data)
    {
        if (data.GetRowCount() is { } rows) return rows > 0;
        using var cursor = data.GetRowCursor([]);
        return cursor.MoveNext();
    }

    static long CountRows(IDataView data)
    {
        using var cursor = data.GetRowCursor([]);
        long rows = 0;
        while (cursor.MoveNext()) rows++;
        return rows;
    }

    // A data view with no rows whose columns have the shape's types; a shape has no vector sizes, so feature vectors
    // take the size their model input needs (ApplyOnnxModel's schema check looks at item types only).
    static IDataView EmptyDataView(SchemaShape shape, IReadOnlyDictionary<string, int> sizes)
    {
        var columns = new List<(string, DataViewType, Array)>();
        foreach (var c in shape)
        {
            if (c.ItemType is not PrimitiveDataViewType item) continue;
            var type = c.Kind == SchemaShape.Column.VectorKind.Scalar ? (DataViewType)item : new VectorDataViewType(item, sizes.GetValueOrDefault(c.Name, 1));
            columns.Add((c.Name, type, Array.CreateInstance(type.RawType, 0)));
        }
        return new ArrayDataView(columns);
    }
}
