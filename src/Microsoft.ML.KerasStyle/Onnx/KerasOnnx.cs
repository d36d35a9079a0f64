using Microsoft.ML.KerasStyle.Onnx;

namespace Microsoft.ML.KerasStyle;

public static partial class Keras
{
    /// <summary>
    /// ONNX export, for inference in ONNX Runtime and other ONNX engines: <c>Keras.Onnx.Export(model, "model.onnx")</c>.
    /// The file has one graph input per Keras input (same name, same dtype) and one output per output layer (named after
    /// the layer), a symbolic batch dimension <c>batch</c> on each, the weights as initializers named by their Keras paths
    /// (<c>dense/kernel</c>, in Keras layouts), and the model's Keras config in the metadata (<c>keras_config</c>).
    /// A subclassed model exports by tracing its <c>Call</c> on inputs shaped as when it was built: inputs named as
    /// <c>Call</c> reads them (else <c>input</c>, <c>input_0</c>…), outputs after the layers producing them (else
    /// <c>output_0</c>…); a tensor operation between layer calls is an error naming the layer that receives its result.
    /// </summary>
    /// <remarks>
    /// Functional and Sequential models export, nested models included, when every layer's class has an ONNX mapping
    /// (<see cref="SupportedLayers"/>); any other layer is an error naming it. Subclassed models export when their
    /// <c>Call</c> only calls such layers (and models). The graph is the inference computation: Dropout passes through, BatchNormalization uses its moving statistics.
    /// </remarks>
    public static class Onnx
    {
        /// <summary>The oldest ONNX opset that can be exported.</summary>
        public const int MinOpset = OnnxExporter.MinOpset;

        /// <summary>The newest ONNX opset that can be exported.</summary>
        public const int MaxOpset = OnnxExporter.MaxOpset;

        /// <summary>The ONNX opset used when none is given.</summary>
        public const int DefaultOpset = OnnxExporter.DefaultOpset;

        /// <summary>The layer classes that export (a functional model used as a layer is listed as <c>Functional</c>).</summary>
        public static IReadOnlyList<string> SupportedLayers => LayerExporterRegistry.SupportedClassNames;

        /// <summary>Exports <paramref name="model"/> to an ONNX file (replaced only once the export has succeeded).</summary>
        /// <param name="model">A functional or Sequential model, built, or a subclassed model called (or built) once.</param>
        /// <param name="path">The file to write, e.g. <c>model.onnx</c>.</param>
        /// <param name="opset">The ONNX opset, <see cref="MinOpset"/> to <see cref="MaxOpset"/>. Defaults to 17.</param>
        public static void Export(KerasStyle.Models.Model model, string path, int opset = DefaultOpset) => OnnxExporter.Export(model, path, opset);

        /// <summary>Exports <paramref name="model"/> as ONNX to <paramref name="stream"/> (nothing is written if the export fails).</summary>
        /// <param name="model">A functional or Sequential model, built, or a subclassed model called (or built) once.</param>
        /// <param name="stream">Where the ONNX bytes go.</param>
        /// <param name="opset">The ONNX opset, <see cref="MinOpset"/> to <see cref="MaxOpset"/>. Defaults to 17.</param>
        public static void Export(KerasStyle.Models.Model model, Stream stream, int opset = DefaultOpset) => OnnxExporter.Export(model, stream, opset);
    }
}
