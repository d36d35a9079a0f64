extern alias MicrosoftML;
using MicrosoftML::Microsoft.ML.Transforms;
using VectorTypeAttribute = MicrosoftML::Microsoft.ML.Data.VectorTypeAttribute;

namespace Microsoft.ML.KerasStyle.MLNet.Mapping;

/// <summary>
/// Part of the saved form of a Keras regressor: turns ApplyOnnxModel's one-element vector into ML.NET's scalar
/// <c>Score</c> (see <see cref="ClassIndexMapping"/> on why, and on loading).
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class RegressionScoreMapping : CustomMappingFactory<RegressionScoreMapping.Input, RegressionScoreMapping.Output>
{
    /// <summary>The contract name saved in ML.NET models.</summary>
    public const string ContractName = "KerasStyle.RegressionScore";

    /// <summary>The mapping: the one element of the vector.</summary>
    public static void Map(Input input, Output output) => output.Score = input.Score[0];

    /// <inheritdoc/>
    public override Action<Input, Output> GetMapping() => Map;

    /// <summary>The network's output, as ApplyOnnxModel gives it.</summary>
    public sealed class Input
    {
        /// <summary>The network's output.</summary>
        [VectorType(1)]
        public float[] Score { get; set; } = [0];
    }

    /// <summary>ML.NET's regression column.</summary>
    public sealed class Output
    {
        /// <summary>The network's output.</summary>
        public float Score { get; set; }
    }
}
