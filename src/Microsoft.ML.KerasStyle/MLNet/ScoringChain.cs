extern alias MicrosoftML;
using Microsoft.ML.Data;
using Microsoft.ML.KerasStyle.MLNet.Mapping;
using MicrosoftML::Microsoft.ML;
using MLContext = MicrosoftML::Microsoft.ML.MLContext;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// The saved form of a Keras step: a chain of ML.NET's own transforms that round-trips through <c>ml.Model.Save</c> and
/// <c>ml.Model.Load</c> — ApplyOnnxModel over the pipeline's ONNX model (embedded in the zip), then the conversions to
/// ML.NET's scalar and key columns.
/// </summary>
internal static class ScoringChain
{
    const string ClassIndex = "KerasClassIndex";
    const string PredictedValue = "KerasPredictedValue";

    /// <summary>The chain for <paramref name="task"/>; <paramref name="keys"/> are the label's key values (multiclass).</summary>
    public static IEstimator<ITransformer> Create(MLContext ml, KerasTask task, byte[] onnx, ColumnBinding binding, IReadOnlyList<string> outputColumns, LabelKeys? keys)
    {
        var inputs = binding.Features.Select(f => f.Column).Distinct().ToArray();
        IEstimator<ITransformer> chain = ml.Transforms.ApplyOnnxModel(outputColumns.ToArray(), inputs, new MemoryStream(onnx, writable: false));
        switch (task)
        {
            case KerasTask.MulticlassClassification:
            {
                var k = keys ?? throw new InvalidOperationException("A multiclass scoring chain needs the label's key values.");
                var count = k.Values.Length;
                // Class index −1 (the scores hold a NaN) looks up a value that is no class, which MapValueToKey turns into
                // the missing key; without an entry MapValue would give the type's default value, which may be a class.
                var indices = Enumerable.Range(0, count).Select(i => (long)i).ToList();
                var lookupValues = k.Values;
                if (k.NoClassValue() is { } noClass)
                {
                    indices.Add(-1);
                    lookupValues = Array.CreateInstance(k.ItemType.RawType, count + 1);
                    Array.Copy(k.Values, lookupValues, count);
                    lookupValues.SetValue(noClass, count);
                }
                var lookup = new ArrayDataView([("Index", NumberDataViewType.Int64, indices.ToArray()), ("Value", k.ItemType, lookupValues)]);
                var values = new ArrayDataView([("Value", k.ItemType, k.Values)]);
                chain = chain
                    .Append(ml.Transforms.CustomMapping<ClassIndexMapping.Input, ClassIndexMapping.Output>(ClassIndexMapping.Map, ClassIndexMapping.ContractName))
                    .Append(ml.Transforms.Conversion.MapValue(PredictedValue, lookup, lookup.Schema["Index"], lookup.Schema["Value"], ClassIndex))
                    .Append(ml.Transforms.Conversion.MapValueToKey("PredictedLabel", PredictedValue, keyData: values))
                    .Append(ml.Transforms.DropColumns(ClassIndex, PredictedValue));
                break;
            }
            case KerasTask.BinaryClassification:
                chain = chain.Append(ml.Transforms.CustomMapping<BinaryOutputsMapping.Input, BinaryOutputsMapping.Output>(BinaryOutputsMapping.Map, BinaryOutputsMapping.ContractName));
                break;
            case KerasTask.Regression:
                chain = chain.Append(ml.Transforms.CustomMapping<RegressionScoreMapping.Input, RegressionScoreMapping.Output>(RegressionScoreMapping.Map, RegressionScoreMapping.ContractName));
                break;
        }
        return chain;
    }
}
