using Microsoft.ML;
using Microsoft.ML.KerasStyle.Callbacks;

namespace Samples.Demo;

/// <summary>What training produced: the Keras model, its history, and ML.NET scoring of test rows.</summary>
/// <param name="Model">The trained Keras model.</param>
/// <param name="History">Per-epoch loss and metrics of training and validation.</param>
/// <param name="Score">Scores rows as ML.NET does: <c>Label</c> and <c>PredictedLabel</c> keys and a <c>Score</c> vector.</param>
/// <param name="Pipeline">The fitted ML.NET pipeline, when training ran inside one (null otherwise).</param>
public sealed record TrainedDemoModel(Model Model, History History, Func<IDataView, IDataView> Score, ITransformer? Pipeline);
