using Microsoft.ML.KerasStyle.Backend;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Keras's Flatten: reshapes each sample to one axis, giving (batch, product of the other dimensions); the batch size is
/// unchanged. Inputs shaped (batch,) become (batch, 1). With <c>channels_first</c> the channel axis is first moved last,
/// so the flattened order is always the channels_last order (row-major over (…, channels)). An unknown non-batch
/// dimension makes the flattened size unknown. Integer inputs keep their dtype, as in Keras.
/// </summary>
/// <param name="dataFormat">Order of the input's axes: <c>channels_last</c> (batch, …, channels) or <c>channels_first</c> (batch, channels, …). Defaults to <c>channels_last</c>.</param>
/// <param name="name">Layer name. Defaults to <c>flatten</c>, <c>flatten_1</c>, ….</param>
/// <param name="dtype">The dtype of the computations and outputs. Defaults to <c>float32</c>.</param>
public class Flatten(string dataFormat = "channels_last", string? name = null, string dtype = "float32") : Layer(name, dtype: dtype)
{
    /// <summary>The input's axis order, <c>channels_last</c> or <c>channels_first</c>.</summary>
    public string DataFormat { get; } = StandardizeDataFormat(dataFormat);

    static string StandardizeDataFormat(string dataFormat)
    {
        var format = dataFormat?.ToLowerInvariant();
        return format is "channels_last" or "channels_first"
            ? format
            : throw new ArgumentException(
                $"Flatten: The `data_format` argument must be one of {{'channels_first', 'channels_last'}}. Received: data_format={dataFormat ?? "null"}",
                nameof(dataFormat));
    }

    /// <summary>Keras autocasts only floating inputs; integer and boolean inputs pass through unchanged.</summary>
    protected override bool CastInputs => false;

    /// <inheritdoc/>
    protected override string ComputeOutputDtype(IReadOnlyList<string> inputDtypes) =>
        Dtypes.IsFloating(Dtypes.ToScalarType(inputDtypes[0])) ? Dtype : inputDtypes[0];

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        InputSpec = new InputSpec { MinNdim = 1 };
        Built = true;
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        var target = ComputeType;
        if (Dtypes.IsFloating(inputs.dtype) && inputs.dtype != target) inputs = inputs.to(target);
        var rank = (int)inputs.dim();
        if (DataFormat == "channels_first" && rank > 1)
        {
            // (batch, channels, d1, …, dn) → (batch, d1, …, dn, channels)
            var permutation = new long[rank];
            for (var i = 1; i < rank - 1; i++) permutation[i] = i + 1;
            permutation[rank - 1] = 1;
            inputs = inputs.permute(permutation);
        }
        long flattened = 1;
        for (var i = 1; i < rank; i++) flattened *= inputs.shape[i];
        return inputs.reshape(inputs.shape[0], flattened);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        if (inputShape.Length < 1)
            throw new ArgumentException($"Layer \"{Name}\" (Flatten) needs inputs with a batch axis. Received: input shape={Shapes.Format(inputShape)}");
        var flattened = Shapes.Product(inputShape[1..]);
        if (flattened is > int.MaxValue)
            throw new ArgumentException($"Layer \"{Name}\" (Flatten): the flattened size {flattened} of input shape {Shapes.Format(inputShape)} is too large.");
        return [inputShape[0], (int?)flattened];
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["data_format"] = DataFormat };
}
