extern alias MicrosoftML;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.MLNet;
using BinaryClassificationTrainers = MicrosoftML::Microsoft.ML.BinaryClassificationCatalog.BinaryClassificationTrainers;
using KerasModel = Microsoft.ML.KerasStyle.Models.Model;
using MulticlassClassificationTrainers = MicrosoftML::Microsoft.ML.MulticlassClassificationCatalog.MulticlassClassificationTrainers;
using RegressionTrainers = MicrosoftML::Microsoft.ML.RegressionCatalog.RegressionTrainers;
using TransformsCatalog = MicrosoftML::Microsoft.ML.TransformsCatalog;

namespace Microsoft.ML;

/// <summary>
/// Keras models in ML.NET's catalogs: <c>ml.MulticlassClassification.Trainers.Keras</c>,
/// <c>ml.BinaryClassification.Trainers.Keras</c>, <c>ml.Regression.Trainers.Keras</c> and <c>ml.Transforms.Keras</c>.
/// Each returns a <see cref="KerasEstimator"/>, whose <c>Fit</c> trains the compiled model on the data view and gives a
/// <see cref="KerasTransformer"/> with ML.NET's output columns.
/// </summary>
public static class KerasCatalog
{
    /// <summary>
    /// A multiclass trainer: trains <paramref name="model"/> (one input, one softmax output of one unit per class,
    /// compiled with <c>sparse_categorical_crossentropy</c> or <c>categorical_crossentropy</c>) on a key label (class
    /// index = key − 1). Outputs <c>Score</c> (class probabilities in key order) and <c>PredictedLabel</c> (a key with
    /// the label's key values).
    /// </summary>
    /// <param name="catalog">The multiclass trainers.</param>
    /// <param name="model">The compiled Keras model.</param>
    /// <param name="labelColumnName">The key label column. Defaults to "Label".</param>
    /// <param name="featureColumnName">The feature column (its values fill the model's input shape). Defaults to "Features".</param>
    /// <param name="epochs">Passes over the data. Defaults to 1.</param>
    /// <param name="batchSize">Rows per gradient update. Defaults to 32.</param>
    /// <param name="callbacks">Keras callbacks. Defaults to none.</param>
    /// <param name="verbose">0 = silent, 1 = progress bar, 2 = one line per epoch. Defaults to 1.</param>
    public static KerasEstimator Keras(this MulticlassClassificationTrainers catalog, KerasModel model, string labelColumnName = "Label",
                                       string featureColumnName = "Features", int epochs = 1, int batchSize = 32, IEnumerable<Callback>? callbacks = null, int verbose = 1) =>
        catalog.Keras(model, Options(labelColumnName, featureColumnName, epochs, batchSize, callbacks, verbose));

    /// <summary>A multiclass trainer with all settings (see the other overload).</summary>
    /// <param name="catalog">The multiclass trainers.</param>
    /// <param name="model">The compiled Keras model.</param>
    /// <param name="options">Columns and training settings.</param>
    public static KerasEstimator Keras(this MulticlassClassificationTrainers catalog, KerasModel model, KerasTrainerOptions options) =>
        Trainer("ml.MulticlassClassification.Trainers.Keras", KerasTask.MulticlassClassification, model, options);

    /// <summary>
    /// A binary trainer: trains <paramref name="model"/> (one input, one output unit, compiled with
    /// <c>binary_crossentropy</c>) on a Boolean or Single (0/1) label. Outputs <c>Score</c> (the logit: the network's
    /// output when the loss is from logits, else log(p / (1 − p)) of its sigmoid output, so that ML.NET's threshold of 0
    /// applies), <c>Probability</c> and Boolean <c>PredictedLabel</c> (probability &gt; 0.5).
    /// </summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="model">The compiled Keras model.</param>
    /// <param name="labelColumnName">The label column. Defaults to "Label".</param>
    /// <param name="featureColumnName">The feature column. Defaults to "Features".</param>
    /// <param name="epochs">Passes over the data. Defaults to 1.</param>
    /// <param name="batchSize">Rows per gradient update. Defaults to 32.</param>
    /// <param name="callbacks">Keras callbacks. Defaults to none.</param>
    /// <param name="verbose">0 = silent, 1 = progress bar, 2 = one line per epoch. Defaults to 1.</param>
    public static KerasEstimator Keras(this BinaryClassificationTrainers catalog, KerasModel model, string labelColumnName = "Label",
                                       string featureColumnName = "Features", int epochs = 1, int batchSize = 32, IEnumerable<Callback>? callbacks = null, int verbose = 1) =>
        catalog.Keras(model, Options(labelColumnName, featureColumnName, epochs, batchSize, callbacks, verbose));

    /// <summary>A binary trainer with all settings (see the other overload).</summary>
    /// <param name="catalog">The binary classification trainers.</param>
    /// <param name="model">The compiled Keras model.</param>
    /// <param name="options">Columns and training settings.</param>
    public static KerasEstimator Keras(this BinaryClassificationTrainers catalog, KerasModel model, KerasTrainerOptions options) =>
        Trainer("ml.BinaryClassification.Trainers.Keras", KerasTask.BinaryClassification, model, options);

    /// <summary>A regression trainer: trains <paramref name="model"/> (one input, one output unit) on a Single label. Outputs <c>Score</c>.</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="model">The compiled Keras model.</param>
    /// <param name="labelColumnName">The label column. Defaults to "Label".</param>
    /// <param name="featureColumnName">The feature column. Defaults to "Features".</param>
    /// <param name="epochs">Passes over the data. Defaults to 1.</param>
    /// <param name="batchSize">Rows per gradient update. Defaults to 32.</param>
    /// <param name="callbacks">Keras callbacks. Defaults to none.</param>
    /// <param name="verbose">0 = silent, 1 = progress bar, 2 = one line per epoch. Defaults to 1.</param>
    public static KerasEstimator Keras(this RegressionTrainers catalog, KerasModel model, string labelColumnName = "Label",
                                       string featureColumnName = "Features", int epochs = 1, int batchSize = 32, IEnumerable<Callback>? callbacks = null, int verbose = 1) =>
        catalog.Keras(model, Options(labelColumnName, featureColumnName, epochs, batchSize, callbacks, verbose));

    /// <summary>A regression trainer with all settings (see the other overload).</summary>
    /// <param name="catalog">The regression trainers.</param>
    /// <param name="model">The compiled Keras model.</param>
    /// <param name="options">Columns and training settings.</param>
    public static KerasEstimator Keras(this RegressionTrainers catalog, KerasModel model, KerasTrainerOptions options) =>
        Trainer("ml.Regression.Trainers.Keras", KerasTask.Regression, model, options);

    /// <summary>
    /// A transform for any functional model: feeds each input from a column, trains each output against a label column
    /// (when <paramref name="labelColumns"/> are given; otherwise the model is used as it is), and writes each output to
    /// a column (a vector of Single of the output's size).
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="model">The Keras model (compiled, to train).</param>
    /// <param name="inputColumns">Model input name → feature column.</param>
    /// <param name="labelColumns">Model output name → label column. Defaults to none (no training).</param>
    /// <param name="outputColumns">Model output name → output column. Defaults to each output under its own name.</param>
    /// <param name="epochs">Passes over the data. Defaults to 1.</param>
    /// <param name="batchSize">Rows per gradient update. Defaults to 32.</param>
    /// <param name="callbacks">Keras callbacks. Defaults to none.</param>
    /// <param name="verbose">0 = silent, 1 = progress bar, 2 = one line per epoch. Defaults to 1.</param>
    public static KerasEstimator Keras(this TransformsCatalog catalog, KerasModel model, IReadOnlyDictionary<string, string> inputColumns,
                                       IReadOnlyDictionary<string, string>? labelColumns = null, IReadOnlyDictionary<string, string>? outputColumns = null,
                                       int epochs = 1, int batchSize = 32, IEnumerable<Callback>? callbacks = null, int verbose = 1) =>
        catalog.Keras(model, inputColumns, labelColumns, outputColumns, new KerasTrainerOptions { Epochs = epochs, BatchSize = batchSize, Callbacks = callbacks, Verbose = verbose });

    /// <summary>The general transform with all training settings (the options' column names are not used; see the other overload).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="model">The Keras model.</param>
    /// <param name="inputColumns">Model input name → feature column.</param>
    /// <param name="labelColumns">Model output name → label column, or null (no training).</param>
    /// <param name="outputColumns">Model output name → output column, or null (each output under its own name).</param>
    /// <param name="options">Training settings (epochs, batch size, validation, callbacks, shuffling, ...).</param>
    /// <param name="weightColumn">Column of per-row loss weights, or null. Defaults to none.</param>
    public static KerasEstimator Keras(this TransformsCatalog catalog, KerasModel model, IReadOnlyDictionary<string, string> inputColumns,
                                       IReadOnlyDictionary<string, string>? labelColumns, IReadOnlyDictionary<string, string>? outputColumns,
                                       KerasTrainerOptions options, string? weightColumn = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(inputColumns);
        return new KerasEstimator("ml.Transforms.Keras", KerasTask.General, model,
            new KerasColumns(inputColumns, labelColumns ?? new Dictionary<string, string>(), outputColumns ?? new Dictionary<string, string>(), weightColumn), options);
    }

    static KerasTrainerOptions Options(string label, string features, int epochs, int batchSize, IEnumerable<Callback>? callbacks, int verbose) =>
        new() { LabelColumnName = label, FeatureColumnName = features, Epochs = epochs, BatchSize = batchSize, Callbacks = callbacks, Verbose = verbose };

    static KerasEstimator Trainer(string owner, KerasTask task, KerasModel model, KerasTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model, nameof(model));
        ArgumentNullException.ThrowIfNull(options, nameof(options));
        ArgumentNullException.ThrowIfNull(options.LabelColumnName, nameof(options.LabelColumnName));
        ArgumentNullException.ThrowIfNull(options.FeatureColumnName, nameof(options.FeatureColumnName));
        if (!model.IsFunctional) return new KerasEstimator(owner, task, model, new KerasColumns(new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>(), null), options);
        var columns = new KerasColumns(
            new Dictionary<string, string> { [model.InputNames[0]] = options.FeatureColumnName },
            new Dictionary<string, string> { [model.OutputNames[0]] = options.LabelColumnName },
            new Dictionary<string, string>(), options.ExampleWeightColumnName);
        return new KerasEstimator(owner, task, model, columns, options);
    }
}
