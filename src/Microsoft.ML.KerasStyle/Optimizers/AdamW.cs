using Microsoft.ML.KerasStyle.Optimizers.Schedules;

namespace Microsoft.ML.KerasStyle.Optimizers;

/// <summary>
/// Keras's <c>AdamW</c>: <see cref="Adam"/> with decoupled weight decay always on
/// (<c>w −= w·weight_decay·lr</c> before each Adam step).
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule. Defaults to 0.001.</param>
    /// <param name="weightDecay">Decoupled weight decay. Defaults to 0.004.</param>
    /// <param name="beta1">Decay rate of the first-moment estimates, in [0, 1). Defaults to 0.9.</param>
    /// <param name="beta2">Decay rate of the second-moment estimates, in [0, 1). Defaults to 0.999.</param>
    /// <param name="epsilon">Small constant added to √v ("epsilon hat" in the paper). Defaults to 1e-7.</param>
    /// <param name="amsgrad">Whether to use the AMSGrad variant. Defaults to false.</param>
    /// <param name="clipnorm">Clip each gradient to this norm. Defaults to none.</param>
    /// <param name="clipvalue">Clip each gradient element to ±this. Defaults to none.</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global norm. Defaults to none.</param>
    /// <param name="name">The optimizer's name. Defaults to <c>adam_w</c> (Keras's snake_case of the class name).</param>
    public AdamW(
        LearningRateSchedule? learningRate = null,
        double weightDecay = 0.004,
        double beta1 = 0.9,
        double beta2 = 0.999,
        double epsilon = 1e-7,
        bool amsgrad = false,
        double? clipnorm = null,
        double? clipvalue = null,
        double? globalClipnorm = null,
        string? name = null)
        : base(learningRate, beta1, beta2, epsilon, amsgrad, weightDecay, clipnorm, clipvalue, globalClipnorm, name)
    {
    }
}
