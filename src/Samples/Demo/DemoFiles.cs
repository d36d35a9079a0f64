namespace Samples.Demo;

/// <summary>The names of what the demo writes in its output folder.</summary>
public static class DemoFiles
{
    /// <summary>PlotModel's drawing of the network.</summary>
    public const string ModelPlot = "model.png";

    /// <summary>ModelCheckpoint's best model (lowest validation loss).</summary>
    public const string Checkpoint = "best_model.keras";

    /// <summary>TensorBoard's log folder (one sub-folder per run).</summary>
    public const string TensorBoardLogs = "logs";

    /// <summary>Loss and accuracy per epoch, training and validation.</summary>
    public const string TrainingCurves = "training_curves.png";

    /// <summary>The exported network.</summary>
    public const string Onnx = "fashion_mnist_convnet.onnx";

    /// <summary>The fitted ML.NET pipeline.</summary>
    public const string MLNetModel = "fashion_mnist_pipeline.zip";

    /// <summary>Test images with their predicted and true classes.</summary>
    public const string Predictions = "test_predictions.png";
}
