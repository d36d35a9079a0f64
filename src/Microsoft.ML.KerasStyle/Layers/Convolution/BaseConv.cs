using Microsoft.ML.KerasStyle.Activations;
using Microsoft.ML.KerasStyle.Constraints;
using Microsoft.ML.KerasStyle.Initializers;
using Microsoft.ML.KerasStyle.Regularizers;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Keras's BaseConv, the N-D convolution behind <see cref="Conv1D"/> and <see cref="Conv2D"/>: cross-correlates the
/// input with a kernel of shape (kernel_size…, in_channels / groups, filters), adds a bias of shape (filters) and
/// applies the activation. <c>"same"</c> padding follows Keras/TensorFlow: the extra element of an odd total padding
/// goes to the right/bottom.
/// </summary>
public abstract class BaseConv : Layer
{
    /// <summary>Creates a convolution of the given spatial rank; the arguments are those of Conv1D/Conv2D.</summary>
    protected BaseConv(int rank, int filters, IntTuple kernelSize, IntTuple strides, string padding, string? dataFormat,
                               IntTuple dilationRate, int groups, ActivationFunction? activation, bool useBias,
                               Initializer? kernelInitializer, Initializer? biasInitializer, Regularizer? kernelRegularizer,
                               Regularizer? biasRegularizer, Regularizer? activityRegularizer, Constraint? kernelConstraint,
                               Constraint? biasConstraint, string? name, bool trainable, string dtype)
        : base(name, trainable, dtype, activityRegularizer)
    {
        var owner = ClassName;
        Rank = rank;
        Filters = filters > 0 ? filters
            : throw new ArgumentException($"{owner}: invalid value for argument `filters`. Expected a strictly positive value. Received filters={filters}.", nameof(filters));
        Groups = groups > 0 ? groups
            : throw new ArgumentException($"{owner}: the number of groups must be a positive integer. Received: groups={groups}.", nameof(groups));
        if (filters % groups != 0)
            throw new ArgumentException($"{owner}: the number of filters must be evenly divisible by the number of groups. Received: groups={groups}, filters={filters}.", nameof(filters));
        KernelSize = ConvUtils.Tuple(kernelSize, rank, "kernel_size", owner);
        Strides = ConvUtils.Tuple(strides, rank, "strides", owner);
        DilationRate = ConvUtils.Tuple(dilationRate, rank, "dilation_rate", owner);
        Padding = ConvUtils.Padding(padding, owner, allowCausal: rank == 1);
        DataFormat = ConvUtils.DataFormat(dataFormat, owner);
        if (Strides.Max() > 1 && DilationRate.Max() > 1)
            throw new ArgumentException(
                $"{owner}: `strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides={ConvUtils.FormatTuple(Strides)} and dilation_rate={ConvUtils.FormatTuple(DilationRate)}",
                nameof(strides));
        Activation = activation ?? ActivationFunctions.Linear;
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Zeros();
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
        KernelConstraint = kernelConstraint;
        BiasConstraint = biasConstraint;
        InputSpec = RankSpec;
    }

    /// <summary>Number of spatial dimensions (1 for Conv1D, 2 for Conv2D).</summary>
    public int Rank { get; }

    /// <summary>Number of output channels.</summary>
    public int Filters { get; }

    /// <summary>The window size along each spatial axis.</summary>
    public IReadOnlyList<int> KernelSize { get; }

    /// <summary>The step along each spatial axis.</summary>
    public IReadOnlyList<int> Strides { get; }

    /// <summary><c>valid</c> (no padding), <c>same</c> (output length ceil(in / stride)) or, for Conv1D, <c>causal</c>.</summary>
    public string Padding { get; }

    /// <summary><c>channels_last</c> (batch, spatial…, channels) or <c>channels_first</c> (batch, channels, spatial…).</summary>
    public string DataFormat { get; }

    /// <summary>The spacing between kernel taps along each spatial axis.</summary>
    public IReadOnlyList<int> DilationRate { get; }

    /// <summary>Number of channel groups convolved separately.</summary>
    public int Groups { get; }

    /// <summary>The activation.</summary>
    public ActivationFunction Activation { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>Kernel initializer.</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>Bias initializer.</summary>
    public Initializer BiasInitializer { get; }

    /// <summary>Penalty on the kernel, or null.</summary>
    public Regularizer? KernelRegularizer { get; }

    /// <summary>Penalty on the bias, or null.</summary>
    public Regularizer? BiasRegularizer { get; }

    /// <summary>Projection of the kernel after each update, or null.</summary>
    public Constraint? KernelConstraint { get; }

    /// <summary>Projection of the bias after each update, or null.</summary>
    public Constraint? BiasConstraint { get; }

    /// <summary>The kernel, (kernel_size…, in_channels / groups, filters), once built.</summary>
    public Variable? Kernel { get; private set; }

    /// <summary>The bias, (filters), once built (null when <see cref="UseBias"/> is false).</summary>
    public Variable? Bias { get; private set; }

    InputSpec RankSpec => new() { MinNdim = Rank + 2, MaxNdim = Rank + 2 };

    int ChannelAxis => DataFormat == "channels_last" ? Rank + 1 : 1;

    int ChannelSpecAxis => DataFormat == "channels_last" ? -1 : 1; // Keras's InputSpec axes

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        RankSpec.Check(this, 0, inputShape);
        if (inputShape[ChannelAxis] is not { } inputChannels)
            throw new ArgumentException(
                $"Layer \"{Name}\" ({ClassName}): the channel dimension of the inputs should be defined. Found None in input shape {Backend.Shapes.Format(inputShape)} (data_format={DataFormat}).");
        if (inputChannels % Groups != 0)
            throw new ArgumentException(
                $"Layer \"{Name}\" ({ClassName}): the number of input channels must be evenly divisible by the number of groups. Received groups={Groups}, but the input has {inputChannels} channels (full input shape is {Backend.Shapes.Format(inputShape)}).");
        ComputeOutputShape(inputShape); // validates the spatial sizes
        Kernel = AddWeight("kernel", [.. KernelSize.Select(k => (int?)k), inputChannels / Groups, Filters], KernelInitializer,
                           regularizer: KernelRegularizer, constraint: KernelConstraint);
        if (UseBias) Bias = AddWeight("bias", [Filters], BiasInitializer, regularizer: BiasRegularizer, constraint: BiasConstraint);
        InputSpec = new InputSpec { MinNdim = Rank + 2, MaxNdim = Rank + 2, Axes = new Dictionary<int, int> { [ChannelSpecAxis] = inputChannels } };
        Built = true;
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        var channelsLast = DataFormat == "channels_last";
        var x = channelsLast ? ConvUtils.ToChannelsFirst(inputs) : inputs;
        // (kernel_size…, in, out) → (out, in, kernel_size…), TorchSharp's layout.
        var kernel = Kernel!.Value.permute([Rank + 1, Rank, .. Enumerable.Range(0, Rank).Select(i => (long)i)]);
        long[] padding = new long[Rank];
        if (Padding == "causal")
        {
            x = nn.functional.pad(x, [(KernelSize[0] - 1L) * DilationRate[0], 0]);
        }
        else if (Padding == "same")
        {
            var pads = ConvUtils.SamePads(x, KernelSize, Strides, DilationRate);
            var symmetric = Enumerable.Range(0, Rank).All(i => pads[2 * i] == pads[2 * i + 1]);
            if (symmetric) padding = [.. Enumerable.Range(0, Rank).Select(i => pads[2 * (Rank - 1 - i)])];
            else x = nn.functional.pad(x, pads);
        }
        var strides = Strides.Select(s => (long)s).ToArray();
        var dilation = DilationRate.Select(d => (long)d).ToArray();
        var bias = Bias?.Value;
        var y = Rank switch
        {
            1 => nn.functional.conv1d(x, kernel, bias, strides[0], padding[0], dilation[0], Groups),
            2 => nn.functional.conv2d(x, kernel, bias, strides, padding, dilation, Groups),
            _ => throw new NotSupportedException($"{ClassName}: convolutions of rank {Rank} are not supported."),
        };
        if (channelsLast) y = ConvUtils.ToChannelsLast(y).contiguous();
        return Activation.Apply(y);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        RankSpec.Check(this, 0, inputShape);
        var spatial = ConvUtils.SpatialDims(inputShape, DataFormat);
        var output = new int?[Rank];
        for (var i = 0; i < Rank; i++)
        {
            output[i] = ConvUtils.OutputLength(spatial[i], KernelSize[i], Strides[i], DilationRate[i], Padding);
            if (output[i] <= 0)
                throw new ArgumentException(
                    $"Layer \"{Name}\" ({ClassName}): computed output size would be zero or negative. Received inputs shape={Backend.Shapes.Format(inputShape)}, " +
                    $"kernel_size={ConvUtils.FormatTuple(KernelSize)}, dilation_rate={ConvUtils.FormatTuple(DilationRate)}, strides={ConvUtils.FormatTuple(Strides)}, padding={Padding}.");
        }
        return ConvUtils.Assemble(inputShape[0], output, Filters, DataFormat);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig())
    {
        ["filters"] = Filters,
        ["kernel_size"] = KernelSize.ToArray(),
        ["strides"] = Strides.ToArray(),
        ["padding"] = Padding,
        ["data_format"] = DataFormat,
        ["dilation_rate"] = DilationRate.ToArray(),
        ["groups"] = Groups,
        ["activation"] = Activation.Name,
        ["use_bias"] = UseBias,
        ["kernel_initializer"] = KernelInitializer.Serialize(),
        ["bias_initializer"] = BiasInitializer.Serialize(),
        ["kernel_regularizer"] = KernelRegularizer?.Serialize(),
        ["bias_regularizer"] = BiasRegularizer?.Serialize(),
        ["activity_regularizer"] = ActivityRegularizer?.Serialize(),
        ["kernel_constraint"] = KernelConstraint?.Serialize(),
        ["bias_constraint"] = BiasConstraint?.Serialize(),
    };
}
