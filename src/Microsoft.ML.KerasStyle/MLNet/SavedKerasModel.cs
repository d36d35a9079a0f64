using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Onnx;
using Microsoft.ML.KerasStyle.Onnx.Proto;
using Microsoft.ML.KerasStyle.Saving;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// Recovers a Keras model from an ML.NET model zip: ApplyOnnxModel stores its ONNX model in the zip (an entry named
/// <c>OnnxModel</c>: an Int32 length, then the bytes); the exported graph carries the Keras config in its metadata and
/// the weights as initializers named by their Keras paths.
/// </summary>
internal static class SavedKerasModel
{
    const string EntryName = "OnnxModel";

    public static Model Read(string zipPath)
    {
        ArgumentNullException.ThrowIfNull(zipPath);
        if (!File.Exists(zipPath)) throw new FileNotFoundException($"KerasTransformer.ReadKerasModel: '{zipPath}' does not exist.", zipPath);
        using var zip = ZipFile.OpenRead(zipPath);
        foreach (var entry in zip.Entries.Where(e => e.Name == EntryName || e.FullName.EndsWith("/" + EntryName, StringComparison.Ordinal)))
        {
            var proto = ReadOnnx(entry);
            if (proto?.MetadataProps.FirstOrDefault(p => p.Key == OnnxExporter.ConfigMetadataKey)?.Value is { } config)
                return Rebuild(proto, config, $"'{zipPath}' ({entry.FullName})");
        }
        throw new InvalidOperationException($"KerasTransformer.ReadKerasModel: '{zipPath}' holds no ONNX model with a Keras config " +
            "(was it saved from a pipeline with a Keras step whose model's config serializes?).");
    }

    static ModelProto? ReadOnnx(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var reader = new BinaryReader(stream);
        try
        {
            var length = reader.ReadInt32();
            return ModelProto.Parser.ParseFrom(reader.ReadBytes(length));
        }
        catch (Exception e) when (e is EndOfStreamException or Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }

    static Model Rebuild(ModelProto proto, string config, string source)
    {
        var json = ConfigJson.Parse(config) as JsonObject ?? throw new InvalidOperationException($"{source}: the Keras config is not a JSON object.");
        Model model;
        try
        {
            model = LayerFromConfig.Deserialize(json, new LoadContext($"the Keras config of {source}", null)) as Model
                    ?? throw new InvalidOperationException($"{source}: the Keras config is not a model's.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{source}: the Keras config cannot be read: {e.Message}", e);
        }
        var initializers = proto.Graph.Initializer.ToDictionary(i => i.Name);
        using var scope = NewDisposeScope();
        foreach (var variable in model.Weights)
        {
            if (!initializers.TryGetValue(variable.Path, out var initializer))
                throw new InvalidOperationException($"{source}: the ONNX model has no initializer for weight '{variable.Path}'.");
            if (initializer.DataType != (int)TensorProto.Types.DataType.Float)
                throw new NotSupportedException($"{source}: weight '{variable.Path}' is stored as ONNX type {initializer.DataType}; only float32 weights are read back.");
            var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(initializer.RawData.Span).ToArray();
            variable.Assign(tensor(values, initializer.Dims.ToArray()));
        }
        return model;
    }
}
