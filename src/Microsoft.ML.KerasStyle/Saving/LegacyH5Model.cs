using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;
using PureHDF;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// The legacy full-model HDF5 file that <c>model.save("x.h5")</c> writes (Keras 2, and Keras 3 for compatibility): root
/// attributes <c>model_config</c> and <c>training_config</c> (JSON texts); the weights of the n-th layer that has
/// weights under <c>model_weights/&lt;layer name&gt;</c>, as the datasets its <c>weight_names</c> attribute lists in the
/// layer's order (trainable weights, then the others); the optimizer's state under <c>optimizer_weights</c> in the same way.
/// Read only: this library writes <c>.keras</c> files.
/// </summary>
internal static class LegacyH5Model
{
    /// <summary>Loads the model a legacy <c>.h5</c> file holds: everything is read and checked before the model is returned.</summary>
    public static Model Load(string path, IReadOnlyDictionary<string, Type>? customObjects, bool compile)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No such file: '{path}'.", path);
        try
        {
            return Read(path, customObjects, compile);
        }
        catch (Exception e) when (e is not (InvalidOperationException or ArgumentException or NotSupportedException or OutOfMemoryException))
        {
            // PureHDF reads lazily: a cut-off file opens, then fails where a block is missing.
            throw new InvalidOperationException($"'{path}' is not a readable HDF5 file (truncated or corrupt?). {e.GetType().Name}: {e.Message}", e);
        }
    }

    static Model Read(string path, IReadOnlyDictionary<string, Type>? customObjects, bool compile)
    {
        using var file = Open(path);
        var modelConfig = JsonAttribute(file, "model_config", path) ?? throw new InvalidOperationException(
            $"'{path}' has no model_config attribute, so it holds no model (a weights-only .h5 file?). " +
            "Build the model in code and call LoadWeights, or save the whole model in Python with model.save(\"x.keras\").");
        var context = new LoadContext($"model_config of '{path}'", customObjects);
        var layer = LayerFromConfig.Deserialize(modelConfig, context);
        var model = layer as Model ?? throw new InvalidOperationException(
            $"'{path}' holds a {layer.ClassName} layer, not a model. LoadModel reads files written by model.save.");
        if (!model.Built)
            throw new InvalidOperationException($"'{path}': model '{model.Name}' could not be built from its config (no input shape is recorded), so its weights cannot be loaded.");

        var weightsGroup = file.LinkExists("model_weights") ? file.Group("model_weights") : file;
        LoadLayerWeights(model, weightsGroup, $"'{path}'");

        if (compile && JsonAttribute(file, "training_config", path) is { } trainingConfig)
        {
            CompileConfig.Apply(model, ToCompileConfig(trainingConfig), new LoadContext($"training_config of '{path}'", customObjects));
            if (model.Optimizer is { } optimizer && file.LinkExists("optimizer_weights"))
                LoadOptimizerState(optimizer, file.Group("optimizer_weights"), path);
        }
        return model;
    }

    static PureHDF.VOL.Native.NativeFile Open(string path)
    {
        try
        {
            return H5File.OpenRead(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"'{path}' is not a readable HDF5 file (truncated or corrupt?). {e.Message}", e);
        }
    }

    /// <summary>A root attribute holding JSON text, or null when the file has none.</summary>
    static JsonObject? JsonAttribute(IH5Group file, string name, string path)
    {
        var text = StringAttribute(file, name, path);
        if (text is null) return null;
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"'{path}': the {name} attribute does not hold a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"'{path}': the {name} attribute is not valid JSON: {e.Message}", e);
        }
    }

    static string? StringAttribute(IH5Object owner, string name, string path)
    {
        if (!owner.AttributeExists(name)) return null;
        try
        {
            return owner.Attribute(name).Read<string>();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"'{path}': the {name} attribute of '{owner.Name}' is not a string. {e.Message}", e);
        }
    }

    /// <summary>
    /// A list attribute such as <c>weight_names</c>; Keras splits one longer than HDF5's 64 KiB attribute limit into
    /// <c>name0</c>, <c>name1</c>…, read here in order.
    /// </summary>
    static string[] StringListAttribute(IH5Object owner, string name, string path)
    {
        if (owner.AttributeExists(name)) return ReadStrings(owner, name, path);
        var parts = new List<string>();
        for (var chunk = 0; owner.AttributeExists($"{name}{chunk}"); chunk++) parts.AddRange(ReadStrings(owner, $"{name}{chunk}", path));
        return parts.ToArray();
    }

    static string[] ReadStrings(IH5Object owner, string name, string path)
    {
        var attribute = owner.Attribute(name);
        // Keras writes an empty list as an empty float array.
        if (attribute.Space.Dimensions is [0]) return [];
        try
        {
            return attribute.Read<string[]>();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"'{path}': the {name} attribute of '{owner.Name}' is not a list of strings. {e.Message}", e);
        }
    }

    /// <summary>
    /// Keras's <c>load_weights_from_hdf5_group</c>: the model's layers that have weights and the file's layer groups that
    /// have weights are paired in order; every value is read and its shape checked before any is assigned.
    /// </summary>
    static void LoadLayerWeights(Model model, IH5Group group, string source)
    {
        var layers = model.Layers.Where(l => l.Weights.Count > 0).ToList();
        var names = StringListAttribute(group, "layer_names", source);
        var stored = new List<(string Name, string[] WeightNames)>();
        foreach (var name in names)
        {
            if (!group.LinkExists(name))
                throw new InvalidOperationException(
                    $"Cannot load the weights of model '{model.Name}' from {source}: 'layer_names' lists '{name}' but the file has no group 'model_weights/{name}'.");
            var weightNames = StringListAttribute(group.Group(name), "weight_names", source);
            if (weightNames.Length > 0) stored.Add((name, weightNames));
        }
        if (stored.Count != layers.Count)
            throw new InvalidOperationException(
                $"Cannot load the weights of model '{model.Name}' from {source}: the model has {layers.Count} layer(s) with weights " +
                $"({string.Join(", ", layers.Select(l => $"'{l.Name}'"))}) but the file holds weights for {stored.Count} " +
                $"({string.Join(", ", stored.Select(s => $"'{s.Name}'"))}).");

        var assignments = new List<(Variable Variable, Tensor Value)>();
        try
        {
            for (var k = 0; k < layers.Count; k++)
            {
                var layer = layers[k];
                var (name, weightNames) = stored[k];
                var variables = layer.TrainableWeights.Concat(layer.NonTrainableWeights).ToList();
                var what = $"layer #{k} (named '{layer.Name}' in the model, '{name}' in {source})";
                if (variables.Count != weightNames.Length)
                    throw new InvalidOperationException(
                        $"Cannot load the weights of {what}: the layer has {variables.Count} weight(s) ({string.Join(", ", variables.Select(v => $"'{v.Name}'"))}) " +
                        $"but the file holds {weightNames.Length} ({string.Join(", ", weightNames.Select(w => $"'{w}'"))}).");
                var layerGroup = group.Group(name);
                for (var i = 0; i < variables.Count; i++)
                    assignments.Add((variables[i], Read(layerGroup, weightNames[i], $"model_weights/{name}/{weightNames[i]}", variables[i], what)));
            }
            foreach (var (variable, value) in assignments) variable.Assign(value.to(variable.Value.dtype));
        }
        finally
        {
            foreach (var (_, value) in assignments) value.Dispose();
        }
    }

    static Tensor Read(IH5Group group, string datasetPath, string fullPath, Variable variable, string what)
    {
        if (!group.LinkExists(datasetPath))
            throw new InvalidOperationException($"Cannot load the weights of {what}: its weight_names lists '{datasetPath}' but the file has no dataset '{fullPath}'.");
        var dataset = group.Dataset(datasetPath);
        var shape = dataset.Space.Dimensions.Select(d => (long)d).ToArray();
        if (!shape.SequenceEqual(variable.Value.shape))
            throw new InvalidOperationException(
                $"Cannot load the weights of {what}: dataset '{fullPath}' has shape ({string.Join(", ", shape)}) but weight '{variable.Name}' has shape ({string.Join(", ", variable.Shape)}).");
        return WeightsFile.ReadTensor(dataset, shape, fullPath);
    }

    /// <summary>
    /// Keras 3's <c>training_config</c> is its compile config with the optimizer under <c>optimizer_config</c>; Keras 2's
    /// optimizer configs name no module, which this library reads as its own classes.
    /// </summary>
    static JsonObject ToCompileConfig(JsonObject trainingConfig)
    {
        var config = (JsonObject)trainingConfig.DeepClone();
        if (config["optimizer_config"] is { } optimizer)
        {
            config.Remove("optimizer_config");
            config["optimizer"] = optimizer.DeepClone();
        }
        return config;
    }

    /// <summary>
    /// The optimizer's saved state, as Keras 3 restores it: the variables in order (iterations, learning rate, then the
    /// slots). A file whose state does not fit — another optimizer, or Keras 2's variable order — leaves the new
    /// optimizer's state as it is, with a warning, as Keras does.
    /// </summary>
    static void LoadOptimizerState(KerasStyle.Optimizers.Optimizer optimizer, IH5Group group, string path)
    {
        var names = StringListAttribute(group, "weight_names", path);
        var variables = optimizer.Variables;
        var problem = names.Length != variables.Count
            ? $"it has {variables.Count} variables whereas the file holds {names.Length}"
            : null;
        var values = new List<Tensor>();
        try
        {
            for (var i = 0; problem is null && i < names.Length; i++)
            {
                if (!group.LinkExists(names[i]))
                {
                    problem = $"the file has no dataset 'optimizer_weights/{names[i]}'";
                    break;
                }
                var dataset = group.Dataset(names[i]);
                var shape = dataset.Space.Dimensions.Select(d => (long)d).ToArray();
                if (!shape.SequenceEqual(variables[i].Value.shape))
                {
                    problem = $"'optimizer_weights/{names[i]}' has shape ({string.Join(", ", shape)}) but variable '{variables[i].Name}' has shape ({string.Join(", ", variables[i].Shape)})";
                    break;
                }
                values.Add(WeightsFile.ReadTensor(dataset, shape, names[i]));
            }
            if (problem is not null)
            {
                Console.Error.WriteLine($"Warning: the optimizer state in '{path}' is not restored ({problem}); optimizer '{optimizer.Name}' starts afresh.");
                return;
            }
            using var _ = no_grad();
            for (var i = 0; i < values.Count; i++) variables[i].Assign(values[i].to(variables[i].Value.dtype));
        }
        finally
        {
            foreach (var value in values) value.Dispose();
        }
    }
}
