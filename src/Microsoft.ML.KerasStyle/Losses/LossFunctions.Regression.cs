using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

// Keras's regression losses that are not squared or absolute errors.
public static partial class LossFunctions
{
    /// <summary>
    /// <c>100 · mean(|yTrue − yPred| / max(|yTrue|, ε))</c> over the last axis (ε = 1e-7 keeps zero targets finite).
    /// </summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    public static Tensor MeanAbsolutePercentageError(Tensor yTrue, Tensor yPred)
    {
        (yTrue, yPred) = Align(yTrue, yPred);
        return ((yTrue - yPred) / yTrue.abs().clamp_min(Epsilon)).abs().mean([-1]) * 100.0;
    }

    /// <summary>
    /// <c>mean((log(max(yPred, ε) + 1) − log(max(yTrue, ε) + 1))²)</c> over the last axis: negative values count as ε.
    /// </summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    public static Tensor MeanSquaredLogarithmicError(Tensor yTrue, Tensor yPred)
    {
        (yTrue, yPred) = Align(yTrue, yPred);
        var first = (yPred.clamp_min(Epsilon) + 1.0).log();
        var second = (yTrue.clamp_min(Epsilon) + 1.0).log();
        return (first - second).square().mean([-1]);
    }

    /// <summary>
    /// <c>mean(log(cosh(yPred − yTrue)))</c> over the last axis, computed stably as <c>x + softplus(−2x) − log 2</c>:
    /// about <c>x²/2</c> for small errors and <c>|x| − log 2</c> for large ones.
    /// </summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    public static Tensor LogCosh(Tensor yTrue, Tensor yPred)
    {
        (yTrue, yPred) = Align(yTrue, yPred);
        var x = yPred - yTrue;
        return (x + nn.functional.softplus(x * -2.0) - Math.Log(2.0)).mean([-1]);
    }
}
