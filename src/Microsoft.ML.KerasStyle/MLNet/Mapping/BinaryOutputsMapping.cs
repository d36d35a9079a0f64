extern alias MicrosoftML;
using MicrosoftML::Microsoft.ML.Transforms;
using VectorTypeAttribute = MicrosoftML::Microsoft.ML.Data.VectorTypeAttribute;

namespace Microsoft.ML.KerasStyle.MLNet.Mapping;

/// <summary>
/// Part of the saved form of a Keras binary classifier: turns ApplyOnnxModel's one-element vectors into ML.NET's scalar
/// <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c> (see <see cref="ClassIndexMapping"/> on why, and on loading).
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class BinaryOutputsMapping : CustomMappingFactory<BinaryOutputsMapping.Input, BinaryOutputsMapping.Output>
{
    /// <summary>The contract name saved in ML.NET models.</summary>
    public const string ContractName = "KerasStyle.BinaryOutputs";

    /// <summary>The mapping: the one element of each vector.</summary>
    public static void Map(Input input, Output output)
    {
        output.Score = input.Score[0];
        output.Probability = input.Probability[0];
        output.PredictedLabel = input.PredictedLabel[0];
    }

    /// <inheritdoc/>
    public override Action<Input, Output> GetMapping() => Map;

    /// <summary>The network's outputs, as ApplyOnnxModel gives them.</summary>
    public sealed class Input
    {
        /// <summary>The logit of the positive class (ML.NET's margin, thresholded at 0).</summary>
        [VectorType(1)]
        public float[] Score { get; set; } = [0];

        /// <summary>The probability of the positive class.</summary>
        [VectorType(1)]
        public float[] Probability { get; set; } = [0];

        /// <summary>Probability &gt; 0.5.</summary>
        [VectorType(1)]
        public bool[] PredictedLabel { get; set; } = [false];
    }

    /// <summary>ML.NET's binary classification columns.</summary>
    public sealed class Output
    {
        /// <summary>The logit of the positive class (ML.NET's margin, thresholded at 0).</summary>
        public float Score { get; set; }

        /// <summary>The probability of the positive class.</summary>
        public float Probability { get; set; }

        /// <summary>Probability &gt; 0.5.</summary>
        public bool PredictedLabel { get; set; }
    }
}
