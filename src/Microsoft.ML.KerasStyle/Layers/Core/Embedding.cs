using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Constraints;
using Microsoft.ML.KerasStyle.Initializers;
using Microsoft.ML.KerasStyle.Regularizers;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Keras's Embedding: turns integer indices in [0, <paramref name="inputDim"/>) into dense vectors of size
/// <paramref name="outputDim"/> by looking them up in the <c>embeddings</c> matrix of shape (inputDim, outputDim).
/// The output shape is the input shape followed by <paramref name="outputDim"/>; the output dtype is the layer's dtype
/// whatever the input's. Integer inputs are used as they are; float inputs must hold whole numbers (converted to int64),
/// and any other value, like an index outside [0, inputDim), is an <see cref="ArgumentException"/> naming the layer.
/// </summary>
/// <param name="inputDim">Size of the vocabulary (largest index + 1).</param>
/// <param name="outputDim">Size of each embedding vector.</param>
/// <param name="embeddingsInitializer">Initializer of the embeddings. Defaults to Keras's <c>uniform</c>: <c>RandomUniform(-0.05, 0.05)</c>.</param>
/// <param name="embeddingsRegularizer">Penalty on the embeddings, added to the loss (e.g. <c>"l2"</c>). Defaults to none.</param>
/// <param name="activityRegularizer">Penalty on the output, divided by the batch size. Defaults to none.</param>
/// <param name="embeddingsConstraint">Projection of the embeddings after each optimizer update (e.g. <c>new UnitNorm(1)</c>). Defaults to none.</param>
/// <param name="maskZero">Whether index 0 is padding to be masked (kept in the config; masks are not propagated yet). Defaults to false.</param>
/// <param name="name">Layer name. Defaults to <c>embedding</c>, <c>embedding_1</c>, ….</param>
/// <param name="trainable">Whether the embeddings are trained. Defaults to true.</param>
/// <param name="dtype">Embeddings' and outputs' dtype. Defaults to <c>float32</c>.</param>
public class Embedding(int inputDim, int outputDim, Initializer? embeddingsInitializer = null,
                       Regularizer? embeddingsRegularizer = null, Regularizer? activityRegularizer = null, Constraint? embeddingsConstraint = null,
                       bool maskZero = false, string? name = null, bool trainable = true, string dtype = "float32")
    : Layer(name, trainable, dtype, activityRegularizer)
{
    /// <summary>Size of the vocabulary.</summary>
    public int InputDim { get; } = inputDim > 0
        ? inputDim
        : throw new ArgumentException($"Embedding: `input_dim` must be a positive integer. Received: input_dim={inputDim}.", nameof(inputDim));

    /// <summary>Size of each embedding vector.</summary>
    public int OutputDim { get; } = outputDim > 0
        ? outputDim
        : throw new ArgumentException($"Embedding: `output_dim` must be a positive integer. Received: output_dim={outputDim}.", nameof(outputDim));

    /// <summary>Initializer of the embeddings.</summary>
    public Initializer EmbeddingsInitializer { get; } = embeddingsInitializer ?? new RandomUniform();

    /// <summary>Penalty on the embeddings, or null.</summary>
    public Regularizer? EmbeddingsRegularizer { get; } = embeddingsRegularizer;

    /// <summary>Projection of the embeddings after each update, or null.</summary>
    public Constraint? EmbeddingsConstraint { get; } = embeddingsConstraint;

    /// <summary>Whether index 0 is padding (configuration only for now).</summary>
    public bool MaskZero { get; } = maskZero;

    /// <summary>The (inputDim, outputDim) lookup table, once built.</summary>
    public Variable? Embeddings { get; private set; }

    /// <summary>Indices are looked up as integers, never converted to the layer's float dtype.</summary>
    protected override bool CastInputs => false;

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        Embeddings = AddWeight("embeddings", [InputDim, OutputDim], EmbeddingsInitializer,
                               regularizer: EmbeddingsRegularizer, constraint: EmbeddingsConstraint);
        Built = true;
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (inputs.is_floating_point())
        {
            using var notWhole = inputs.ne(inputs.trunc()).logical_or(inputs.isfinite().logical_not());
            if (notWhole.any().item<bool>())
            {
                var first = inputs.masked_select(notWhole)[0].to(ScalarType.Float64).item<double>();
                throw new ArgumentException(
                    $"Layer \"{Name}\" (Embedding) expects integer indices, received the non-integer value {first.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
            }
        }
        var indices = inputs.dtype is ScalarType.Int64 or ScalarType.Int32 ? inputs : inputs.to(ScalarType.Int64);
        if (indices.numel() > 0)
        {
            var min = indices.min().to(ScalarType.Int64).item<long>();
            var max = indices.max().to(ScalarType.Int64).item<long>();
            var bad = min < 0 ? min : max >= InputDim ? max : (long?)null;
            if (bad is { } value)
                throw new ArgumentException(
                    $"Layer \"{Name}\" (Embedding) received index {value}, outside the valid range [0, {InputDim}) of input_dim={InputDim}.");
        }
        var flat = Embeddings!.Value.index_select(0, indices.reshape(-1));
        return flat.reshape([.. indices.shape, OutputDim]);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => [.. inputShape, OutputDim];

    /// <summary>The output dtype is the layer's (float32 by default), whatever the indices' dtype.</summary>
    protected override string ComputeOutputDtype(IReadOnlyList<string> inputDtypes) => Dtype;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig())
    {
        ["input_dim"] = InputDim,
        ["output_dim"] = OutputDim,
        ["embeddings_initializer"] = EmbeddingsInitializer.Serialize(),
        ["embeddings_regularizer"] = EmbeddingsRegularizer?.Serialize(),
        ["activity_regularizer"] = ActivityRegularizer?.Serialize(),
        ["embeddings_constraint"] = EmbeddingsConstraint?.Serialize(),
        ["mask_zero"] = MaskZero,
        ["quantization_config"] = null,
    };
}
