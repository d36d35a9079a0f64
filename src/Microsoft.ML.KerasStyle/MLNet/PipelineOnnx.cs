extern alias MicrosoftML;
using Microsoft.ML.Data;
using Microsoft.ML.KerasStyle.Losses;
using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Onnx;
using Microsoft.ML.KerasStyle.Onnx.Proto;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// The ONNX model of a pipeline's Keras step: the network exported by <see cref="OnnxExporter"/>, reading the feature
/// columns by name (cast and reshaped into the Keras inputs) and writing ML.NET's columns — multiclass: <c>Score</c>
/// (class probabilities) and <c>PredictedLabel</c> (0-based class index, int64; −1 where a score is NaN); binary: <c>Score</c> (the logit, as
/// ML.NET thresholds scores at 0), <c>Probability</c>, <c>PredictedLabel</c> (Boolean), each of shape (batch,); regression: <c>Score</c> (batch,);
/// the general transform: each output under its column name. The Keras config stays in the metadata.
/// </summary>
internal static class PipelineOnnx
{
    /// <summary>The output columns of <paramref name="task"/> (the general transform: <paramref name="outputColumns"/>' values).</summary>
    public static IReadOnlyList<string> OutputColumns(KerasTask task, IReadOnlyDictionary<string, string> outputColumns) => task switch
    {
        KerasTask.MulticlassClassification => ["Score", "PredictedLabel"],
        KerasTask.BinaryClassification => ["Score", "Probability", "PredictedLabel"],
        KerasTask.Regression => ["Score"],
        _ => outputColumns.Values.ToList(),
    };

    /// <summary>Builds the model; <paramref name="schema"/> gives the feature columns' types.</summary>
    public static ModelProto Build(Model model, ColumnBinding binding, DataViewSchema schema, IReadOnlyDictionary<string, string> outputColumns, int opset)
    {
        var proto = OnnxExporter.Build(model, opset);
        var editor = new OnnxGraphEditor(proto);
        foreach (var feature in binding.Features)
        {
            var column = schema[feature.Column];
            var raw = (column.Type is VectorDataViewType v ? v.ItemType : column.Type).RawType;
            editor.FeedFromColumn(feature.InputName, feature.Column, ElementType(raw, feature.Column), feature.Size);
        }
        var loss = model.CompiledLosses.Count > 0 ? model.CompiledLosses[0] : null;
        switch (binding.Task)
        {
            case KerasTask.MulticlassClassification:
            {
                var output = editor.KerasOutput(model.OutputNames[0]);
                var shape = editor.KerasOutputShape(output);
                var fromLogits = loss is SparseCategoricalCrossentropy { FromLogits: true } or Losses.CategoricalCrossentropy { FromLogits: true };
                var scores = fromLogits ? editor.Add("Softmax", [output], "probabilities", OnnxAttributes.Int("axis", -1)) : output;
                var argMax = editor.Add("ArgMax", [scores], "class_index", OnnxAttributes.Int("axis", -1), OnnxAttributes.Int("keepdims", 0));
                editor.Output("Score", scores, TensorProto.Types.DataType.Float, shape);
                editor.Output("PredictedLabel", NoClassWhereNaN(editor, scores, argMax), TensorProto.Types.DataType.Int64, []);
                break;
            }
            case KerasTask.BinaryClassification:
            {
                var output = editor.Flatten(editor.KerasOutput(model.OutputNames[0]), "output");
                // ML.NET's binary Score is a margin whose threshold is 0: the logit. A sigmoid output's logit is
                // log(p / (1 - p)), with p kept off 0 and 1 so that it stays finite.
                string score, probability;
                if (loss is Losses.BinaryCrossentropy { FromLogits: true })
                {
                    score = output;
                    probability = editor.Add("Sigmoid", [output], "probability");
                }
                else
                {
                    probability = output;
                    var clipped = editor.Add("Clip", [output, editor.FloatScalar("epsilon", 1e-7f), editor.FloatScalar("one_minus_epsilon", 1 - 1e-7f)], "clipped");
                    var complement = editor.Add("Sub", [editor.FloatScalar("one", 1f), clipped], "complement");
                    score = editor.Add("Sub", [editor.Add("Log", [clipped], "log_p"), editor.Add("Log", [complement], "log_q")], "logit");
                }
                var predicted = editor.Add("Greater", [probability, editor.FloatScalar("threshold", 0.5f)], "predicted_label");
                editor.Output("Score", score, TensorProto.Types.DataType.Float, []);
                editor.Output("Probability", probability, TensorProto.Types.DataType.Float, []);
                editor.Output("PredictedLabel", predicted, TensorProto.Types.DataType.Bool, []);
                break;
            }
            case KerasTask.Regression:
                editor.Output("Score", editor.Flatten(editor.KerasOutput(model.OutputNames[0]), "score"), TensorProto.Types.DataType.Float, []);
                break;
            default:
                foreach (var (outputName, column) in outputColumns)
                {
                    if (!model.OutputNames.Contains(outputName))
                        throw new ArgumentException($"{binding.Owner}: outputColumns names '{outputName}', which is not an output of model '{model.Name}' " +
                            $"(outputs: {string.Join(", ", model.OutputNames.Select(n => $"'{n}'"))}).");
                    var value = editor.KerasOutput(outputName);
                    editor.Output(column, value, TensorProto.Types.DataType.Float, editor.KerasOutputShape(value));
                }
                break;
        }
        editor.Finish();
        return proto;
    }

    /// <summary>
    /// The class index, or −1 where the row's scores hold a NaN: such a row has no predicted class (a NaN argmax would
    /// name a class anyway). The ML.NET columns turn −1 into the missing key 0, as ML.NET's own multiclass scorer does
    /// for NaN scores.
    /// </summary>
    static string NoClassWhereNaN(OnnxGraphEditor editor, string scores, string argMax)
    {
        var nan = editor.Add("Cast", [editor.Add("IsNaN", [scores], "score_is_nan")], "score_is_nan_float", OnnxAttributes.Int("to", (long)TensorProto.Types.DataType.Float));
        var nanCount = editor.Add("ReduceSum", [nan, editor.Int64Constant("class_axis", [-1])], "nan_scores", OnnxAttributes.Int("keepdims", 0));
        var hasNaN = editor.Add("Cast", [nanCount], "has_nan_score", OnnxAttributes.Int("to", (long)TensorProto.Types.DataType.Bool));
        return editor.Add("Where", [hasNaN, editor.Int64Constant("no_class", [-1]), argMax], "predicted_class");
    }

    static TensorProto.Types.DataType ElementType(Type raw, string column) => raw switch
    {
        _ when raw == typeof(float) => TensorProto.Types.DataType.Float,
        _ when raw == typeof(double) => TensorProto.Types.DataType.Double,
        _ when raw == typeof(sbyte) => TensorProto.Types.DataType.Int8,
        _ when raw == typeof(byte) => TensorProto.Types.DataType.Uint8,
        _ when raw == typeof(short) => TensorProto.Types.DataType.Int16,
        _ when raw == typeof(ushort) => TensorProto.Types.DataType.Uint16,
        _ when raw == typeof(int) => TensorProto.Types.DataType.Int32,
        _ when raw == typeof(uint) => TensorProto.Types.DataType.Uint32,
        _ when raw == typeof(long) => TensorProto.Types.DataType.Int64,
        _ when raw == typeof(ulong) => TensorProto.Types.DataType.Uint64,
        _ when raw == typeof(bool) => TensorProto.Types.DataType.Bool,
        _ => throw new ArgumentException($"Column '{column}' holds {raw.Name} values, which have no ONNX element type."),
    };
}
