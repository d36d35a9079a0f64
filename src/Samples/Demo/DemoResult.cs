namespace Samples.Demo;

/// <summary>What a demo run measured and wrote.</summary>
/// <param name="OutputDirectory">The full path of the folder holding everything written.</param>
/// <param name="TestAccuracy">ML.NET's micro-accuracy on the test rows.</param>
/// <param name="LogLoss">ML.NET's log-loss on the test rows.</param>
/// <param name="OnnxMaxDifference">Largest |Predict − ONNX Runtime| over the compared test rows.</param>
/// <param name="ReloadedPredictionsMatch">Whether the ML.NET zip, saved and loaded again, predicts the same classes.</param>
/// <param name="Elapsed">Wall time of the whole run.</param>
public sealed record DemoResult(string OutputDirectory, double TestAccuracy, double LogLoss, double OnnxMaxDifference,
                                bool ReloadedPredictionsMatch, TimeSpan Elapsed);
