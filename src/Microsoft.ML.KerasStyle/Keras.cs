using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle;

/// <summary>Keras's top-level functions: <c>Keras.Input</c>, <c>Keras.ClearSession</c>, <c>Keras.Utils</c>.</summary>
public static partial class Keras
{
    /// <summary>
    /// A symbolic input of a functional model: a <see cref="KerasTensor"/> of shape (None, …shape) that holds no data.
    /// </summary>
    /// <param name="shape">Shape of one sample, without the batch axis, e.g. <c>[3]</c> or <c>[28, 28, 1]</c>.</param>
    /// <param name="batchSize">Fixed batch size. Defaults to none (any batch size).</param>
    /// <param name="name">Name of the input (used to pass data by name). Defaults to <c>input_layer</c>, <c>input_layer_1</c>, ….</param>
    /// <param name="dtype">Dtype of the data. Defaults to <c>float32</c>.</param>
    /// <param name="batchShape">Full shape including the batch axis, instead of <paramref name="shape"/>.</param>
    public static KerasTensor Input(int?[]? shape = null, int? batchSize = null, string? name = null, string dtype = "float32", int?[]? batchShape = null) =>
        new InputLayer(shape, batchSize, dtype, batchShape, name).Output.Single;

    /// <summary>
    /// Resets automatic naming, so the next Dense is <c>dense</c> again, and the distribution set with
    /// <see cref="Distribution.SetDistribution"/> (Keras's <c>clear_session</c>).
    /// </summary>
    public static void ClearSession()
    {
        Naming.Reset();
        Distribution.SetDistribution(null);
    }

    /// <summary>Utilities: model plots and seeding.</summary>
    public static partial class Utils
    {
        /// <summary>Seeds TorchSharp's global generator, which unseeded initializers and dropout draw from.</summary>
        public static void SetRandomSeed(int seed) => TorchSharp.torch.manual_seed(seed);
    }
}
