using Microsoft.ML.KerasStyle.Onnx;

namespace Microsoft.ML.KerasStyle.Models;

// ONNX export (Onnx/ holds the exporter and one exporter per layer class).
public partial class Model
{
    /// <summary>
    /// Exports the model to an ONNX file for inference (ONNX Runtime and other engines): inputs and outputs named as in
    /// Keras with a symbolic batch dimension, weights named by their Keras paths, the Keras config in the metadata.
    /// The file is replaced only once the export has succeeded. See <see cref="Keras.Onnx"/>.
    /// </summary>
    /// <param name="path">The file to write, e.g. <c>model.onnx</c>.</param>
    /// <param name="opset">The ONNX opset, 13 to 21. Defaults to 17.</param>
    public void ExportOnnx(string path, int opset = OnnxExporter.DefaultOpset) => OnnxExporter.Export(this, path, opset);

    /// <summary>Exports the model as ONNX to <paramref name="stream"/> (nothing is written if the export fails).</summary>
    /// <param name="stream">Where the ONNX bytes go.</param>
    /// <param name="opset">The ONNX opset, 13 to 21. Defaults to 17.</param>
    public void ExportOnnx(Stream stream, int opset = OnnxExporter.DefaultOpset) => OnnxExporter.Export(this, stream, opset);
}
