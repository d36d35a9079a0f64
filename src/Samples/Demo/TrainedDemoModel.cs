using Microsoft.ML;
using Microsoft.ML.KerasStyle.Callbacks;

namespace Samples.Demo;

/// <summary>What training produced: the fitted ML.NET pipeline, and the Keras model and history inside it.</summary>
/// <param name="Pipeline">The fitted pipeline: label to key, the Keras trainer's transformer, predicted key to class.</param>
/// <param name="Model">The trained Keras model.</param>
/// <param name="History">Per-epoch loss and metrics of training and validation.</param>
public sealed record TrainedDemoModel(ITransformer Pipeline, Model Model, History History);
