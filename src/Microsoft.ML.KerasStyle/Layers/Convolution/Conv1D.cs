using Microsoft.ML.KerasStyle.Activations;
using Microsoft.ML.KerasStyle.Constraints;
using Microsoft.ML.KerasStyle.Initializers;
using Microsoft.ML.KerasStyle.Regularizers;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Keras's Conv1D: a 1D convolution (cross-correlation) over sequences, <c>activation(conv1d(inputs, kernel) + bias)</c>,
/// with kernel of shape (kernel_size, in_channels / groups, filters) and bias of shape (filters). Inputs are
/// (batch, steps, channels), or (batch, channels, steps) with <c>channels_first</c>.
/// </summary>
/// <param name="filters">Number of output channels.</param>
/// <param name="kernelSize">Window length.</param>
/// <param name="strides">Step. Defaults to 1.</param>
/// <param name="padding"><c>valid</c> (none), <c>same</c> (output length ceil(in / stride); as in Keras/TensorFlow the extra
/// step of an odd total padding goes to the end) or <c>causal</c> ((kernel_size - 1) · dilation zeros at the start, so
/// output t sees no input after t). Defaults to <c>valid</c>.</param>
/// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>. Defaults to <c>channels_last</c>.</param>
/// <param name="dilationRate">Spacing of the kernel taps; above 1 requires a stride of 1. Defaults to 1.</param>
/// <param name="groups">Number of groups the channels are split into, each convolved with filters / groups filters. Defaults to 1.</param>
/// <param name="activation">Activation by Keras name or object. Defaults to none (linear).</param>
/// <param name="useBias">Whether to add a bias. Defaults to true.</param>
/// <param name="kernelInitializer">Kernel initializer. Defaults to <c>glorot_uniform</c>.</param>
/// <param name="biasInitializer">Bias initializer. Defaults to <c>zeros</c>.</param>
/// <param name="kernelRegularizer">Penalty on the kernel, added to the loss (e.g. <c>"l2"</c>). Defaults to none.</param>
/// <param name="biasRegularizer">Penalty on the bias. Defaults to none.</param>
/// <param name="activityRegularizer">Penalty on the output, divided by the batch size. Defaults to none.</param>
/// <param name="kernelConstraint">Projection of the kernel after each optimizer update (e.g. <c>new MaxNorm(3, [0, 1, 2])</c>). Defaults to none.</param>
/// <param name="biasConstraint">Projection of the bias after each optimizer update. Defaults to none.</param>
/// <param name="name">Layer name. Defaults to <c>conv1d</c>, <c>conv1d_1</c>, ….</param>
/// <param name="trainable">Whether the weights are trained. Defaults to true.</param>
/// <param name="dtype">Weights' dtype. Defaults to <c>float32</c>.</param>
public class Conv1D(int filters, IntTuple kernelSize, IntTuple? strides = null, string padding = "valid", string? dataFormat = null, IntTuple? dilationRate = null,
                    int groups = 1, ActivationFunction? activation = null, bool useBias = true, Initializer? kernelInitializer = null,
                    Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null,
                    Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null, Constraint? biasConstraint = null,
                    string? name = null, bool trainable = true, string dtype = "float32")
    : BaseConv(1, filters, kernelSize, strides ?? 1, padding, dataFormat, dilationRate ?? 1, groups, activation, useBias,
               kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer, kernelConstraint,
               biasConstraint, name, trainable, dtype)
{
}
