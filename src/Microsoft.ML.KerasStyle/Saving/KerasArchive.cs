using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Models;
using PureHDF;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Keras 3's <c>.keras</c> file (<c>saving_lib.save_model</c> / <c>load_model</c>): a zip of <c>metadata.json</c>
/// (<c>keras_version</c>, <c>date_saved</c>), <c>config.json</c> (the serialized model with its
/// <c>compile_config</c>), <c>model.weights.h5</c> (weights and optimizer state) and the layers' files under
/// <c>assets/</c> (<see cref="AssetFiles"/>). Also the <c>.weights.h5</c>
/// files of <c>save_weights</c>.
/// </summary>
internal static class KerasArchive
{
    /// <summary>The Keras version whose file layout this library writes.</summary>
    public const string KerasVersion = "3.10.0";

    const string ConfigName = "config.json";
    const string MetadataName = "metadata.json";
    const string WeightsName = "model.weights.h5";

    /// <summary>Saves <paramref name="model"/> as a <c>.keras</c> file.</summary>
    public static void Save(Model model, string path, bool overwrite)
    {
        RequireExtension(path, ".keras", "Save", "a .keras file (Keras 3's format); use SaveWeights(\"….weights.h5\") for weights only");
        // Everything that can fail for the model's sake is prepared before the file is touched.
        var serialized = LayerSerializer.Serialize(model, $"model '{model.Name}'");
        if (CompileConfig.Serialize(model) is { } compileConfig) serialized["compile_config"] = compileConfig;
        var config = ConfigJson.Write(serialized, $"the config of model '{model.Name}'");
        var metadata = ConfigJson.Write(new Dictionary<string, object?>
        {
            ["keras_version"] = KerasVersion,
            ["date_saved"] = DateTime.Now.ToString("yyyy-MM-dd@HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        }, "metadata");
        var weights = WeightsBytes(model);
        var assets = AssetFiles.Collect(model);

        AtomicFile.Write(path, overwrite, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            WriteEntry(zip, MetadataName, Encoding.UTF8.GetBytes(metadata));
            WriteEntry(zip, ConfigName, Encoding.UTF8.GetBytes(config));
            AtomicFile.ReportProgress(path);
            WriteEntry(zip, WeightsName, weights);
            foreach (var (name, content) in assets) WriteEntry(zip, name, content);
        });
    }

    /// <summary>Saves only the weights (and optimizer state) as a <c>.weights.h5</c> file.</summary>
    public static void SaveWeights(Model model, string path, bool overwrite)
    {
        RequireExtension(path, ".weights.h5", "SaveWeights", "a .weights.h5 file (Keras 3's weights format)");
        RequireBuilt(model, "save its weights");
        var weights = WeightsBytes(model);
        AtomicFile.Write(path, overwrite, stream =>
        {
            stream.Write(weights, 0, weights.Length / 2);
            AtomicFile.ReportProgress(path);
            stream.Write(weights, weights.Length / 2, weights.Length - weights.Length / 2);
        });
    }

    static byte[] WeightsBytes(Model model)
    {
        using var buffer = new MemoryStream();
        WeightsFile.Build(model).Write(buffer);
        return buffer.ToArray();
    }

    static void WriteEntry(ZipArchive zip, string name, byte[] content)
    {
        // Keras stores the entries uncompressed.
        var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
        using var stream = entry.Open();
        stream.Write(content);
    }

    /// <summary>Loads the model a <c>.keras</c> file holds.</summary>
    public static Model Load(string path, IReadOnlyDictionary<string, Type>? customObjects, bool compile)
    {
        RequireExtension(path, ".keras", "LoadModel", "a .keras file (Keras 3's format)");
        ModelFiles.RequireFile(path, "LoadModel");
        using var zip = OpenZip(path);
        var context = new LoadContext($"{ConfigName} of '{path}'", customObjects);
        var config = ParseConfig(ReadEntry(zip, ConfigName, path), path);
        var layer = LayerFromConfig.Deserialize(config, context);
        var model = layer as Model ?? throw new InvalidOperationException(
            $"'{path}' holds a {layer.ClassName} layer, not a model. LoadModel reads files written by model.Save.");
        if (compile && config["compile_config"] is JsonObject { Count: > 0 } compileConfig) CompileConfig.Apply(model, compileConfig, context);
        using var weights = OpenWeights(ReadEntry(zip, WeightsName, path), $"{WeightsName} of '{path}'");
        WeightsFile.Load(model, weights, $"{WeightsName} of '{path}'", skipMismatch: false);
        AssetFiles.Load(model, zip, path);
        return model;
    }

    /// <summary>Loads weights from a <c>.weights.h5</c> file or from a <c>.keras</c> file's weights.</summary>
    public static void LoadWeights(Model model, string path, bool skipMismatch)
    {
        var isArchive = path.EndsWith(".keras", StringComparison.Ordinal);
        if (!isArchive && !path.EndsWith(".weights.h5", StringComparison.Ordinal))
            throw new ArgumentException(
                $"LoadWeights reads a .weights.h5 or .keras file, received '{path}'. Legacy .h5 weights files are not supported here; a legacy full-model .h5 (model.save(\"x.h5\")) loads with Keras.Models.LoadModel.", nameof(path));
        ModelFiles.RequireFile(path, "LoadWeights");
        RequireBuilt(model, "load weights into it");
        // Keras restores the optimizer's state only once its variables exist; create them now so that the state is kept.
        if (model.Optimizer is { Built: false } optimizer) optimizer.Build(model.TrainableWeights);
        if (isArchive)
        {
            using var zip = OpenZip(path);
            using var weights = OpenWeights(ReadEntry(zip, WeightsName, path), $"{WeightsName} of '{path}'");
            WeightsFile.Load(model, weights, $"{WeightsName} of '{path}'", skipMismatch);
        }
        else
        {
            using var weights = OpenWeights(File.ReadAllBytes(path), $"'{path}'");
            WeightsFile.Load(model, weights, $"'{path}'", skipMismatch);
        }
    }

    static void RequireExtension(string path, string extension, string operation, string expected)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.EndsWith(extension, StringComparison.Ordinal))
            throw new ArgumentException($"{operation} expects {expected}; the path must end in '{extension}', received '{path}'.", nameof(path));
    }

    static void RequireBuilt(Model model, string what)
    {
        if (!model.Built)
            throw new InvalidOperationException(
                $"Model '{model.Name}' has not been built yet, so it has no weights; cannot {what}. Build it first by calling it on data or with Build(inputShape).");
    }

    static ZipArchive OpenZip(string path)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidOperationException($"'{path}' is not a valid .keras file: it is not a readable zip archive (truncated or corrupt?). {e.Message}", e);
        }
    }

    static byte[] ReadEntry(ZipArchive zip, string name, string path)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidOperationException(
            $"'{path}' is not a valid .keras file: it has no '{name}' (entries: {string.Join(", ", zip.Entries.Select(e => e.FullName))}).");
        try
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidOperationException($"'{path}' is not a valid .keras file: its '{name}' cannot be read (truncated or corrupt?). {e.Message}", e);
        }
    }

    static JsonObject ParseConfig(byte[] content, string path)
    {
        try
        {
            return ConfigJson.Parse(Encoding.UTF8.GetString(content)) as JsonObject
                   ?? throw new InvalidOperationException($"'{path}': {ConfigName} does not hold a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"'{path}': {ConfigName} is not valid JSON: {e.Message}", e);
        }
    }

    static PureHDF.VOL.Native.NativeFile OpenWeights(byte[] content, string source)
    {
        try
        {
            return H5File.Open(new MemoryStream(content, writable: false), leaveOpen: false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"{source} is not a readable HDF5 weights file (truncated or corrupt?). {e.Message}", e);
        }
    }
}
