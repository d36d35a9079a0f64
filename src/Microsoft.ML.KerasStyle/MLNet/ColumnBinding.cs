extern alias MicrosoftML;
using Microsoft.ML.Data;
using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Losses;
using Microsoft.ML.KerasStyle.Models;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// The columns of a Keras estimator checked against a data view's schema and the model: every error names the column,
/// what the model expects and what the column holds.
/// </summary>
internal sealed class ColumnBinding
{
    ColumnBinding(string owner, KerasTask task, IReadOnlyList<FeatureBinding> features, IReadOnlyList<LabelBinding> labels, string? weightColumn)
    {
        Owner = owner;
        Task = task;
        Features = features;
        Labels = labels;
        WeightColumn = weightColumn;
    }

    /// <summary>Who reads the columns, for messages ("ml.MulticlassClassification.Trainers.Keras").</summary>
    public string Owner { get; }

    /// <summary>The task.</summary>
    public KerasTask Task { get; }

    /// <summary>One per model input, in input order.</summary>
    public IReadOnlyList<FeatureBinding> Features { get; }

    /// <summary>One per trained output, in output order (empty when only scoring).</summary>
    public IReadOnlyList<LabelBinding> Labels { get; }

    /// <summary>Column of per-row loss weights, or null.</summary>
    public string? WeightColumn { get; }

    /// <summary>Checks the feature columns (and, with <paramref name="withLabels"/>, the label and weight columns) of <paramref name="schema"/>.</summary>
    public static ColumnBinding Create(string owner, KerasTask task, Model model, KerasColumns columns, DataViewSchema schema, bool withLabels)
    {
        var features = new List<FeatureBinding>();
        foreach (var input in model.InputTensors)
        {
            if (!columns.Inputs.TryGetValue(input.Name, out var column))
                throw new ArgumentException($"{owner}: model input '{input.Name}' has no feature column; inputColumns maps [{string.Join(", ", columns.Inputs.Keys.Select(k => $"'{k}'"))}].");
            var shape = input.Shape.Skip(1).Select(d => d is { } v ? (long)v : throw new ArgumentException(
                $"{owner}: model input '{input.Name}' has shape {Shapes.Format(input.Shape)}; a column fills a fixed shape, so every axis but the batch axis must be known.")).ToArray();
            var binding = new FeatureBinding(input.Name, column, shape, Dtypes.ToScalarType(input.Dtype));
            CheckFeature(owner, binding, schema);
            features.Add(binding);
        }
        foreach (var name in columns.Inputs.Keys.Where(k => !model.InputNames.Contains(k)))
            throw new ArgumentException($"{owner}: inputColumns names '{name}', which is not an input of model '{model.Name}' (inputs: {string.Join(", ", model.InputNames.Select(n => $"'{n}'"))}).");

        var labels = new List<LabelBinding>();
        if (withLabels)
        {
            var outputs = model.OutputTensors;
            for (var i = 0; i < outputs.Count; i++)
            {
                var outputName = model.OutputNames[i];
                if (!columns.Labels.TryGetValue(outputName, out var column)) continue;
                var loss = i < model.CompiledLosses.Count ? model.CompiledLosses[i] : null;
                labels.Add(CheckLabel(owner, task, outputName, outputs[i].Shape, loss, column, schema));
            }
            foreach (var name in columns.Labels.Keys.Where(k => !model.OutputNames.Contains(k)))
                throw new ArgumentException($"{owner}: labelColumns names '{name}', which is not an output of model '{model.Name}' (outputs: {string.Join(", ", model.OutputNames.Select(n => $"'{n}'"))}).");
            if (labels.Count != outputs.Count)
                throw new ArgumentException($"{owner}: every output of model '{model.Name}' needs a label column to train; missing: " +
                    string.Join(", ", model.OutputNames.Where(n => !columns.Labels.ContainsKey(n)).Select(n => $"'{n}'")) + ".");
            if (columns.WeightColumn is { } weight)
            {
                var c = Find(owner, schema, weight, "example weight");
                if (c.Type != NumberDataViewType.Single && c.Type != NumberDataViewType.Double)
                    throw new ArgumentException($"{owner}: the example weight column '{weight}' must be Single or Double; it is {c.Type}.");
            }
        }
        return new ColumnBinding(owner, task, features, labels, withLabels ? columns.WeightColumn : null);
    }

    static DataViewSchema.Column Find(string owner, DataViewSchema schema, string name, string role) =>
        schema.GetColumnOrNull(name) ?? throw new ArgumentException(
            $"{owner}: the {role} column '{name}' is not in the data. Columns present: [{string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}].");

    static void CheckFeature(string owner, FeatureBinding binding, DataViewSchema schema)
    {
        var c = Find(owner, schema, binding.Column, "feature");
        var (item, size) = c.Type is VectorDataViewType v ? (v.ItemType, v.Size) : (c.Type, 1);
        if (c.Type is VectorDataViewType { IsKnownSize: false })
            throw new ArgumentException($"{owner}: the feature column '{binding.Column}' is a vector of variable size; model input '{binding.InputName}' needs {binding.Size} values per row (resize it in ML.NET first).");
        if (item is KeyDataViewType || !NumericReaders.IsSupported(item.RawType))
            throw new ArgumentException($"{owner}: the feature column '{binding.Column}' holds {item}; features must be Single, Double, integer or Boolean values (map text with FeaturizeText, keys with MapKeyToVector).");
        if (size != binding.Size)
            throw new ArgumentException($"{owner}: the feature column '{binding.Column}' holds {size} value(s) per row but model input '{binding.InputName}' " +
                $"has shape {Shapes.Format([null, .. binding.Shape.Select(d => (int?)d)])}, which takes {binding.Size}.");
    }

    static LabelBinding CheckLabel(string owner, KerasTask task, string outputName, int?[] outputShape, Loss? loss, string column, DataViewSchema schema)
    {
        var c = Find(owner, schema, column, "label");
        var units = outputShape.Length >= 2 && outputShape[^1] is { } last ? last : (int?)null;
        var outputTail = outputShape.Skip(1).Select(d => (long)(d ?? 1)).ToArray();
        if (c.Type is KeyDataViewType key)
        {
            if (task is KerasTask.BinaryClassification or KerasTask.Regression)
                throw new ArgumentException($"{owner}: the label column '{column}' is a key ({key}); {(task == KerasTask.Regression ? "regression needs a Single label" : "binary classification needs a Boolean or Single label")}.");
            var count = checked((int)key.Count);
            if (count == 0) throw new ArgumentException($"{owner}: the label column '{column}' is a key of unknown count; the class count must be known.");
            if (units is { } u && u != count && !(loss is SparseCategoricalCrossentropy && u == 1))
                throw new ArgumentException($"{owner}: the label column '{column}' has {count} classes (its key count) but model output '{outputName}' has {u} units.");
            if (loss is Losses.CategoricalCrossentropy) return new LabelBinding(outputName, column, TargetEncoding.OneHot, [count], count);
            if (loss is not null and not SparseCategoricalCrossentropy)
                throw new ArgumentException($"{owner}: the label column '{column}' is a key (class labels) but model output '{outputName}' is trained with loss '{loss.Name}'; " +
                    "key labels fit 'sparse_categorical_crossentropy' (or 'categorical_crossentropy', fed one-hot).");
            return new LabelBinding(outputName, column, TargetEncoding.ClassIndex, [], count);
        }
        if (task == KerasTask.MulticlassClassification)
            throw new ArgumentException($"{owner}: the label column '{column}' is {c.Type}; multiclass classification needs a key label " +
                "(ml.Transforms.Conversion.MapValueToKey turns values into keys).");
        var (item, size) = c.Type is VectorDataViewType v ? (v.ItemType, v.Size) : (c.Type, 1);
        if (!NumericReaders.IsSupported(item.RawType) || item is KeyDataViewType)
            throw new ArgumentException($"{owner}: the label column '{column}' holds {c.Type}, which is not a number.");
        if (task == KerasTask.BinaryClassification && c.Type != BooleanDataViewType.Instance && c.Type != NumberDataViewType.Single)
            throw new ArgumentException($"{owner}: the label column '{column}' is {c.Type}; binary classification needs a Boolean or Single (0/1) label.");
        if (task == KerasTask.Regression && c.Type != NumberDataViewType.Single && c.Type != NumberDataViewType.Double)
            throw new ArgumentException($"{owner}: the label column '{column}' is {c.Type}; regression needs a Single label.");
        if (task is KerasTask.BinaryClassification or KerasTask.Regression && units is not 1)
            throw new ArgumentException($"{owner}: model output '{outputName}' has shape {Shapes.Format(outputShape)}; " +
                $"{(task == KerasTask.Regression ? "regression" : "binary classification")} needs one unit (e.g. Dense(1{(task == KerasTask.Regression ? "" : ", activation: \"sigmoid\"")})).");
        if (task == KerasTask.BinaryClassification && loss is not null and not Losses.BinaryCrossentropy)
            throw new ArgumentException($"{owner}: the label column '{column}' holds binary labels but model output '{outputName}' is trained with loss '{loss.Name}'; use 'binary_crossentropy'.");
        if (loss is SparseCategoricalCrossentropy)
            return new LabelBinding(outputName, column, TargetEncoding.ClassIndex, size == 1 ? [] : [size], 0);
        var outputSize = outputTail.Aggregate(1L, (a, b) => a * b);
        var shape = size == outputSize ? outputTail : [size];
        return new LabelBinding(outputName, column, TargetEncoding.Value, shape, 0);
    }
}
