using Microsoft.ML.KerasStyle.Callbacks;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// Settings of the Keras trainers in ML.NET's catalogs (<c>ml.MulticlassClassification.Trainers.Keras</c>, binary
/// classification, regression) and of <c>ml.Transforms.Keras</c>: the columns read and Keras's <c>fit</c> arguments.
/// </summary>
/// <remarks>
/// A NaN or infinite feature, label or example weight never reaches the network (it would turn every weight NaN): Fit
/// fails naming the column and the row, unless <see cref="SkipRowsWithNonFiniteValues"/> leaves such rows out. Remove
/// or repair them in ML.NET first with <c>FilterRowsByMissingValues</c> or <c>ReplaceMissingValues</c>.
/// </remarks>
public sealed class KerasTrainerOptions
{
    /// <summary>The label column (a key for multiclass, Boolean or Single for binary, Single for regression). Defaults to "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>The feature column: a vector of known size (or a scalar) whose values fill the model's input shape. Defaults to "Features".</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>An optional column of per-row loss weights (Single). Defaults to none.</summary>
    public string? ExampleWeightColumnName { get; set; }

    /// <summary>Number of passes over the data. Defaults to 1.</summary>
    public int Epochs { get; set; } = 1;

    /// <summary>Rows per gradient update. Defaults to 32.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Data to validate on after each epoch (same columns as the training data); wins over <see cref="ValidationSplit"/>. Defaults to none.</summary>
    public IDataView? ValidationData { get; set; }

    /// <summary>Fraction of the training rows, taken from the end (as Keras does), held out to validate on. Defaults to 0.</summary>
    public double ValidationSplit { get; set; }

    /// <summary>Keras callbacks, run as in <c>Model.Fit</c> (EarlyStopping, ModelCheckpoint, TensorBoard, ...). Defaults to none.</summary>
    public IEnumerable<Callback>? Callbacks { get; set; }

    /// <summary>0 = silent, 1 = progress bar, 2 = one line per epoch. Defaults to 1.</summary>
    public int Verbose { get; set; } = 1;

    /// <summary>
    /// Shuffle the rows each epoch: through the source's own random cursor when it can shuffle (binary .idv, text files,
    /// caches), otherwise through ML.NET's <c>ShuffleRows</c> pool of <see cref="ShufflePoolSize"/> rows. Defaults to true.
    /// </summary>
    public bool Shuffle { get; set; } = true;

    /// <summary>Rows held by the shuffle pool when the source cannot shuffle itself. Defaults to 10,000.</summary>
    public int ShufflePoolSize { get; set; } = 10_000;

    /// <summary>
    /// Batches read ahead from the data view on a background thread while the model trains (as tf.data's <c>prefetch</c>):
    /// the cursor's work (the pipeline's transforms, the getters, copying values) overlaps with the training step on
    /// another core. The batches are the same as when reading on the training thread; this many are held in memory. The
    /// reading thread is woken when half of them have been used and then refills them in one go: waking it for every
    /// batch costs more than the reading on a machine with few cores. 0 reads on the training thread. Defaults to
    /// null: as many batches as fit in 64 MB of buffers, from 2 to 16 (16 for 32 rows of 784 floats).
    /// </summary>
    public int? PrefetchBatches { get; set; }

    /// <summary>Seed of the shuffling (each epoch uses seed + epoch). Defaults to 0.</summary>
    public int Seed { get; set; }

    /// <summary>
    /// Leave out the rows whose feature, label or example weight holds NaN or ±∞ (as float32), in the training and the
    /// validation data, instead of failing Fit with an error naming the column and the row. Rows left out are not
    /// trained or validated on; when every row is left out, Fit fails. Defaults to false.
    /// </summary>
    public bool SkipRowsWithNonFiniteValues { get; set; }

    /// <summary>Loss weight per class index (key − 1 for key labels; 0 and 1 for binary labels). Defaults to none.</summary>
    public IReadOnlyDictionary<int, double>? ClassWeight { get; set; }

    /// <summary>
    /// Rows scored per network call when the fitted transformer transforms data in the training process (the saved form
    /// scores row by row through ML.NET's ApplyOnnxModel). Defaults to 1024.
    /// </summary>
    public int ScoringBatchSize { get; set; } = 1024;
}
