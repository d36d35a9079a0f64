using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Utils;

namespace Microsoft.ML.KerasStyle.Callbacks;

/// <summary>
/// Writes TensorBoard logs as Keras 3's <c>TensorBoard</c> callback does, so <c>tensorboard --logdir logs</c> shows
/// the run. Event files go to <c>logDir/train</c> and <c>logDir/validation</c> (each folder is one TensorBoard run):
/// <list type="bullet">
/// <item>at each epoch end, <c>epoch_&lt;name&gt;</c> scalars at step = epoch: the training logs and the optimizer's
/// <c>learning_rate</c> to <c>train/</c>; the <c>val_</c> logs to <c>validation/</c> without the prefix, so training and
/// validation curves share one chart;</item>
/// <item>every <c>histogramFreq</c> epochs, a histogram of each layer weight, tag <c>&lt;weight path&gt;/histogram</c>
/// (e.g. <c>dense/kernel/histogram</c>), and with <c>writeImages</c> the weight drawn as an image (<c>…/image</c>);</item>
/// <item>with <c>updateFreq</c> "batch" or N, <c>batch_&lt;name&gt;</c> scalars every N batches to <c>train/</c>, at
/// step = batches trained since <c>Fit</c> began (1-based);</item>
/// <item>at the end of each evaluation, <c>evaluation_&lt;name&gt;_vs_iterations</c> to <c>validation/</c> at step =
/// optimizer iterations.</item>
/// </list>
/// Summaries use the TF2 form that <c>tf.summary</c> writes (a tensor with <c>scalars</c>/<c>histograms</c>/<c>images</c>
/// plugin metadata), which current TensorBoard reads natively. Files are created when first needed, flushed at each
/// epoch end and closed when training ends. Not supported: Keras's graph export (<c>writeGraph</c> is accepted and
/// ignored; TensorFlow's traced graph has no TorchSharp counterpart), <c>write_steps_per_second</c>, profiling and
/// embeddings.
/// </summary>
public sealed class TensorBoard : Callback
{
    SummaryFileWriter? trainWriter;
    SummaryFileWriter? validationWriter;
    long globalTrainBatch;
    bool training;

    /// <summary>Creates the callback.</summary>
    /// <param name="logDir">The folder TensorBoard is pointed at; <c>train/</c> and <c>validation/</c> are made inside. Defaults to <c>logs</c>.</param>
    /// <param name="histogramFreq">Write weight histograms every this many epochs (epochs 0, N, 2N, …); 0 writes none. Defaults to 0.</param>
    /// <param name="writeGraph">Accepted for Keras compatibility; graph export is not supported and nothing is written for it. Defaults to true.</param>
    /// <param name="writeImages">Also draw each weight as an image when histograms are written. Defaults to false.</param>
    /// <param name="updateFreq"><c>"epoch"</c> for epoch scalars only, <c>"batch"</c> to also write batch scalars after every batch, or an
    /// integer N to write them every N batches. Defaults to <c>"epoch"</c>.</param>
    public TensorBoard(string logDir = "logs", int histogramFreq = 0, bool writeGraph = true, bool writeImages = false, UpdateFrequency? updateFreq = null)
    {
        if (string.IsNullOrWhiteSpace(logDir))
            throw new ArgumentException("TensorBoard needs a log folder, received an empty logDir.", nameof(logDir));
        if (histogramFreq < 0)
            throw new ArgumentException($"TensorBoard's histogramFreq must be 0 (off) or a positive number of epochs, received {histogramFreq}.", nameof(histogramFreq));
        LogDir = logDir;
        HistogramFreq = histogramFreq;
        WriteGraph = writeGraph;
        WriteImages = writeImages;
        UpdateFreq = updateFreq ?? UpdateFrequency.Epoch;
    }

    /// <summary>The folder holding the <c>train/</c> and <c>validation/</c> runs.</summary>
    public string LogDir { get; }

    /// <summary>Epochs between weight histograms (0: none).</summary>
    public int HistogramFreq { get; }

    /// <summary>As given to the constructor; graph export is not supported.</summary>
    public bool WriteGraph { get; }

    /// <summary>Whether weights are also drawn as images.</summary>
    public bool WriteImages { get; }

    /// <summary>When batch-level scalars are written.</summary>
    public UpdateFrequency UpdateFreq { get; }

    /// <summary>The folder of the training run (<c>logDir/train</c>).</summary>
    public string TrainDir => Path.Combine(LogDir, "train");

    /// <summary>The folder of the validation run (<c>logDir/validation</c>).</summary>
    public string ValidationDir => Path.Combine(LogDir, "validation");

    SummaryFileWriter TrainWriter => trainWriter ??= new SummaryFileWriter(TrainDir);

    SummaryFileWriter ValidationWriter => validationWriter ??= new SummaryFileWriter(ValidationDir);

    /// <inheritdoc/>
    public override void SetModel(Model model)
    {
        // As Keras: a new model starts new event files.
        CloseWriters();
        base.SetModel(model);
    }

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        globalTrainBatch = 0;
        training = true;
    }

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        // Keras counts in on_train_batch_begin; counting here gives the same step when begin and end pair up, and
        // still counts when only the end hook is called.
        globalTrainBatch++;
        if (UpdateFreq.IsEpoch || globalTrainBatch % UpdateFreq.Batches != 0) return;
        foreach (var (name, value) in logs)
            TrainWriter.WriteScalar($"batch_{name}", value, globalTrainBatch);
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        LogEpochMetrics(epoch, logs);
        if (HistogramFreq > 0 && epoch % HistogramFreq == 0) LogWeights(epoch);
        trainWriter?.Flush();
        validationWriter?.Flush();
    }

    /// <inheritdoc/>
    public override void OnTestEnd(Logs logs)
    {
        if (Model?.Optimizer is { } optimizer && logs.Count > 0)
        {
            var iterations = optimizer.IterationCount;
            foreach (var (name, value) in logs)
                ValidationWriter.WriteScalar($"evaluation_{name}_vs_iterations", value, iterations);
            validationWriter?.Flush();
        }
        // A standalone Evaluate has no OnTrainEnd to close the file.
        if (!training) CloseWriters();
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs)
    {
        training = false;
        CloseWriters();
    }

    void LogEpochMetrics(int epoch, Logs logs)
    {
        if (logs.Count == 0) return;
        var trainLogs = new Logs(logs.Where(kv => !kv.Key.StartsWith("val_", StringComparison.Ordinal)));
        if (Model?.Optimizer is { } optimizer) trainLogs["learning_rate"] = optimizer.LearningRate;
        foreach (var (name, value) in trainLogs)
            TrainWriter.WriteScalar($"epoch_{name}", value, epoch);
        foreach (var (name, value) in logs.Where(kv => kv.Key.StartsWith("val_", StringComparison.Ordinal)))
            ValidationWriter.WriteScalar($"epoch_{name["val_".Length..]}", value, epoch);
    }

    void LogWeights(int epoch)
    {
        if (Model is null) return;
        foreach (var layer in Model.Layers)
            foreach (var weight in layer.Weights)
            {
                // Keras's tag: the variable path (":" is not allowed in tags), then a suffix so it never collides.
                var name = weight.Path.Replace(':', '_');
                var values = weight.ToArray();
                TrainWriter.WriteHistogram($"{name}/histogram", Array.ConvertAll(values, v => (double)v), epoch);
                if (WriteImages && WeightImage.FromWeight(values, weight.Shape) is { } images)
                    TrainWriter.WriteImages($"{name}/image", images, epoch);
            }
    }

    void CloseWriters()
    {
        trainWriter?.Dispose();
        validationWriter?.Dispose();
        trainWriter = validationWriter = null;
    }

    /// <summary>
    /// Keras's <c>update_freq</c>: <c>"epoch"</c>, <c>"batch"</c> (every batch) or a number of batches. Converts
    /// implicitly from those strings and from an int, so <c>updateFreq: "batch"</c> and <c>updateFreq: 100</c> both work.
    /// </summary>
    public readonly struct UpdateFrequency
    {
        UpdateFrequency(int batches) => Batches = batches;

        /// <summary>Epoch scalars only.</summary>
        public static UpdateFrequency Epoch => default;

        /// <summary>Batches between batch-level scalars; 0 when only epoch scalars are written.</summary>
        public int Batches { get; }

        /// <summary>True for <c>"epoch"</c>.</summary>
        public bool IsEpoch => Batches == 0;

        /// <summary>Parses <c>"epoch"</c> or <c>"batch"</c>.</summary>
        public static implicit operator UpdateFrequency(string value) => value switch
        {
            "epoch" => Epoch,
            "batch" => new UpdateFrequency(1),
            _ => throw new ArgumentException($"TensorBoard's updateFreq must be \"epoch\", \"batch\" or a positive number of batches, received \"{value}\"."),
        };

        /// <summary>Writes batch scalars every <paramref name="batches"/> batches.</summary>
        public static implicit operator UpdateFrequency(int batches) => batches >= 1
            ? new UpdateFrequency(batches)
            : throw new ArgumentException($"TensorBoard's updateFreq must be \"epoch\", \"batch\" or a positive number of batches, received {batches}.");

        /// <inheritdoc/>
        public override string ToString() => IsEpoch ? "epoch" : Batches == 1 ? "batch" : Batches.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
