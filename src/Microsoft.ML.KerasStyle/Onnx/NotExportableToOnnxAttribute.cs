namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// Marks a layer class of the library that has no ONNX exporter, with the reason, which the export error and
/// docs/onnx.md give. Every layer class either has an exporter (found by its class, see
/// <see cref="LayerExporterRegistry"/>) or carries this attribute; a test checks it.
/// </summary>
/// <param name="reason">Why the layer cannot be exported, e.g. "ONNX has no operator for …".</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class NotExportableToOnnxAttribute(string reason) : Attribute
{
    /// <summary>Why the layer cannot be exported.</summary>
    public string Reason { get; } = reason;
}
