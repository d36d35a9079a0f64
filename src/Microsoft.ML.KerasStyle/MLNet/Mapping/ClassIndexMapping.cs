extern alias MicrosoftML;
using MicrosoftML::Microsoft.ML.Transforms;
using VectorTypeAttribute = MicrosoftML::Microsoft.ML.Data.VectorTypeAttribute;

namespace Microsoft.ML.KerasStyle.MLNet.Mapping;

/// <summary>
/// Part of the saved form of a Keras multiclass transformer: ML.NET's ApplyOnnxModel gives every output as a vector
/// (a one-element vector for the class index; it cannot read an ONNX scalar output, dotnet/machinelearning#7225), and
/// ML.NET has no saveable transform from a one-element vector to a scalar; this mapping is that step. ML.NET saves this
/// assembly's name with the contract name and loads the assembly when it loads the model: no registration is needed.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class ClassIndexMapping : CustomMappingFactory<ClassIndexMapping.Input, ClassIndexMapping.Output>
{
    /// <summary>The contract name saved in ML.NET models.</summary>
    public const string ContractName = "KerasStyle.ClassIndex";

    /// <summary>The mapping: the one element of <see cref="Input.PredictedLabel"/>.</summary>
    public static void Map(Input input, Output output) => output.KerasClassIndex = input.PredictedLabel[0];

    /// <inheritdoc/>
    public override Action<Input, Output> GetMapping() => Map;

    /// <summary>The network's class index, as ApplyOnnxModel gives it.</summary>
    public sealed class Input
    {
        /// <summary>The 0-based class index (argmax of the scores).</summary>
        [VectorType(1)]
        public long[] PredictedLabel { get; set; } = [0];
    }

    /// <summary>The class index as a scalar.</summary>
    public sealed class Output
    {
        /// <summary>The 0-based class index.</summary>
        public long KerasClassIndex { get; set; }
    }
}
