using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Models;

// The per-batch steps Fit, Evaluate and Predict call; override them to customise training (Keras's train_step & co.).
public partial class Model
{
    /// <summary>
    /// One training step (Keras's <c>train_step</c>): forward in training mode, the compiled loss, gradients, the
    /// optimizer update, the metrics; returns the logs shown by the progress bar. Override it for custom training —
    /// <see cref="ComputeLoss"/>, <see cref="Optimizer"/> and <see cref="CompiledMetrics"/> are there to use.
    /// </summary>
    public virtual Logs TrainStep(Batch data)
    {
        var (x, y, sampleWeight) = data;
        using var tape = new GradientTape();
        var predictions = Apply(x, training: true);
        var loss = ComputeLoss(y, predictions, sampleWeight);
        var variables = TrainableWeights;
        if (variables.Count > 0) Optimizer!.ApplyGradients(tape.Gradient(loss, variables), variables);
        else WarnNoTrainableWeights();
        return UpdateMetrics(loss, y, predictions, sampleWeight, data.Size);
    }

    /// <summary>One evaluation step (Keras's <c>test_step</c>): forward in inference mode, loss and metrics.</summary>
    public virtual Logs TestStep(Batch data)
    {
        var (x, y, sampleWeight) = data;
        using var _ = no_grad();
        var predictions = Apply(x, training: false);
        var loss = ComputeLoss(y, predictions, sampleWeight);
        return UpdateMetrics(loss, y, predictions, sampleWeight, data.Size);
    }

    /// <summary>One prediction step (Keras's <c>predict_step</c>): forward in inference mode.</summary>
    public virtual Outputs PredictStep(Batch data)
    {
        using var _ = no_grad();
        return Apply(data.X, training: false);
    }

    bool warnedNoTrainableWeights;

    void WarnNoTrainableWeights()
    {
        if (warnedNoTrainableWeights) return;
        warnedNoTrainableWeights = true;
        Console.Error.WriteLine($"Warning: model '{Name}' does not have any trainable weights; Fit computes the loss and metrics but updates nothing.");
    }

    Logs UpdateMetrics(Tensor loss, Outputs y, Outputs predictions, Tensor? sampleWeight, long batchSize)
    {
        // Keras weights the running loss by batch size (a short last batch counts less); two in-place adds do that.
        using (no_grad())
        {
            var total = lossTracker.Total.Value;
            // total += loss · batchSize in one kernel; no_grad: nothing recorded, no detach needed.
            if (loss.dtype == total.dtype) total.add_(loss, Backend.Scalars.Of(batchSize));
            else lossTracker.Total.AssignAdd(loss * batchSize);
            lossTracker.Count!.Value.add_(Backend.Scalars.Of(batchSize));
        }
        CompiledMetrics?.UpdateState(y, predictions, sampleWeight);
        return GetMetricsResult();
    }
}
