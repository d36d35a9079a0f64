using Microsoft.ML.KerasStyle.Saving;

namespace Microsoft.ML.KerasStyle.Models;

// Saving: Keras 3's .keras and .weights.h5 files (Saving/ holds the format).
public partial class Model
{
    /// <summary>
    /// Saves the model as a Keras 3 <c>.keras</c> file: architecture, weights, compile settings and optimizer state,
    /// readable by <see cref="Keras.Models.LoadModel"/> and by Python Keras. The file is replaced atomically: if saving
    /// fails, the previous file is left intact.
    /// </summary>
    /// <param name="filepath">The file, ending in <c>.keras</c>.</param>
    /// <param name="overwrite">Whether an existing file may be replaced. Defaults to true.</param>
    public void Save(string filepath, bool overwrite = true) => KerasArchive.Save(this, filepath, overwrite);

    /// <summary>
    /// Saves the weights (and the optimizer's state) as a Keras 3 <c>.weights.h5</c> file, replaced atomically.
    /// Works for every model, subclassed ones included.
    /// </summary>
    /// <param name="filepath">The file, ending in <c>.weights.h5</c>.</param>
    /// <param name="overwrite">Whether an existing file may be replaced. Defaults to true.</param>
    public void SaveWeights(string filepath, bool overwrite = true) => KerasArchive.SaveWeights(this, filepath, overwrite);

    /// <summary>
    /// Loads weights saved by <see cref="SaveWeights"/> or <see cref="Save"/> (or by Python Keras) into this model,
    /// which must have the same architecture and be built. Every group and shape is checked before any weight changes;
    /// a mismatch is an error naming the group.
    /// </summary>
    /// <param name="filepath">A <c>.weights.h5</c> or <c>.keras</c> file.</param>
    /// <param name="skipMismatch">Skip layers whose weights do not match instead of failing (with a warning). Defaults to false.</param>
    public void LoadWeights(string filepath, bool skipMismatch = false) => KerasArchive.LoadWeights(this, filepath, skipMismatch);

    /// <summary>
    /// The model's config: a functional model's graph (its layers, their connections, its inputs and outputs, as Keras
    /// writes it), or for a subclassed model its name, trainable flag and dtype (a subclass adds its constructor
    /// arguments, or saving finds them in its properties).
    /// </summary>
    public override Dictionary<string, object?> GetConfig() =>
        GetType() == typeof(Model) && IsFunctional ? FunctionalSerializer.Config(this, $"model '{Name}'") : base.GetConfig();

    /// <summary>
    /// The epoch a callback asks <c>Fit</c> to start from (Keras's <c>model._initial_epoch</c>, set by
    /// <see cref="Callbacks.BackupAndRestore"/> when it restores a backup in <c>OnTrainBegin</c>); null when none.
    /// </summary>
    internal int? InitialEpochOverride { get; set; }
}
