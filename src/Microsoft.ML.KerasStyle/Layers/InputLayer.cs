using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Models;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// The entry point of a functional graph: holds no weights and produces the symbolic tensor that
/// <see cref="Keras.Input"/> returns. Usually made through <see cref="Keras.Input"/>.
/// </summary>
public sealed class InputLayer : Layer
{
    /// <summary>Creates an input layer.</summary>
    /// <param name="shape">Shape of one sample, without the batch axis, e.g. <c>[3]</c>. Either this or <paramref name="batchShape"/>.</param>
    /// <param name="batchSize">Fixed batch size. Defaults to none (any batch size).</param>
    /// <param name="dtype">Dtype of the data. Defaults to <c>float32</c>.</param>
    /// <param name="batchShape">Full shape including the batch axis, e.g. <c>[null, 3]</c>.</param>
    /// <param name="name">Layer (and tensor) name. Defaults to <c>input_layer</c>, <c>input_layer_1</c>, ….</param>
    public InputLayer(int?[]? shape = null, int? batchSize = null, string dtype = "float32", int?[]? batchShape = null, string? name = null)
        : base(name, trainable: true, dtype: dtype)
    {
        if (shape is not null && batchShape is not null)
            throw new ArgumentException($"InputLayer '{Name}': give either shape or batchShape, not both.");
        BatchShape = batchShape ?? (shape is null
            ? throw new ArgumentException($"InputLayer '{Name}': a shape is required, e.g. Keras.Input(shape: [3]).")
            : [batchSize, .. shape]);
        if (BatchShape.Any(d => d <= 0))
            throw new ArgumentException($"InputLayer '{Name}': dimensions must be positive, received {Shapes.Format(BatchShape)}.");
        Built = true;
        var tensor = new KerasTensor(BatchShape, Dtype, Name);
        _ = new Node(this, [], [tensor]);
    }

    /// <summary>The input's shape with the batch axis first (<c>null</c> when any batch size is accepted).</summary>
    public int?[] BatchShape { get; }

    /// <inheritdoc/>
    protected override bool CastInputs => false;

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) => inputs;

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => BatchShape;

    /// <inheritdoc/>
    protected override string ComputeOutputDtype(IReadOnlyList<string> inputDtypes) => Dtype;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["batch_shape"] = BatchShape,
        ["dtype"] = Dtype,
        ["sparse"] = false,
        // Keras 3.10 writes ragged too (always false: this library has no ragged tensors).
        ["ragged"] = false,
        ["name"] = Name,
    };
}
