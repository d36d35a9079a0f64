using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Optimizers;
using Microsoft.ML.KerasStyle.Saving;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// A model's weights and optimizer as they were before an estimator first trained it. ML.NET expects every
/// <c>estimator.Fit</c> to train from the same start (CrossValidate fits one estimator once per fold); a Keras model
/// trains in place, so each later Fit first puts these back: the weights, and a fresh optimizer rebuilt from its config.
/// </summary>
internal sealed class InitialTrainingState
{
    readonly IReadOnlyList<Tensor> weights;
    readonly JsonObject? optimizerConfig;
    readonly string? optimizerProblem;

    InitialTrainingState(IReadOnlyList<Tensor> weights, JsonObject? optimizerConfig, string? optimizerProblem)
    {
        this.weights = weights;
        this.optimizerConfig = optimizerConfig;
        this.optimizerProblem = optimizerProblem;
    }

    /// <summary>Copies <paramref name="model"/>'s weights and its optimizer's config (not its moving state).</summary>
    public static InitialTrainingState Capture(Model model)
    {
        var weights = model.GetWeights();
        if (model.Optimizer is not { } optimizer) return new(weights, null, null);
        try
        {
            var config = ConfigJson.ToNode(optimizer, $"the optimizer of model '{model.Name}'") as JsonObject;
            return new(weights, config, config is null ? $"its optimizer {optimizer.GetType().Name} has no config" : null);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NotSupportedException)
        {
            return new(weights, null, e.Message);
        }
    }

    /// <summary>Puts the weights back and recompiles <paramref name="model"/> with a fresh optimizer and the same loss and metrics.</summary>
    /// <param name="model">The model captured.</param>
    /// <param name="owner">Who restores it, for errors.</param>
    public void Restore(Model model, string owner)
    {
        if (optimizerProblem is not null)
            throw new InvalidOperationException(
                $"{owner}: this estimator has trained model '{model.Name}' before, and a new Fit must start from the same state, but {optimizerProblem}. " +
                "Register the optimizer class for serialization (Keras.Saving.Register) or create a new model and estimator for each Fit.");
        model.SetWeights(weights);
        var (_, loss, lossWeights, metrics, weightedMetrics) = model.CompileArguments;
        var optimizer = optimizerConfig is null ? null
            : (Optimizer)KerasObjectFromConfig.Deserialize(optimizerConfig, typeof(Optimizer), typeof(Optimizer), new LoadContext($"the optimizer of model '{model.Name}'", null));
        model.Compile(optimizer, loss, lossWeights, metrics, weightedMetrics);
    }
}
