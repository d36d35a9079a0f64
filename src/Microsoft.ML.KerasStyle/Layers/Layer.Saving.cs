using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Saving;

namespace Microsoft.ML.KerasStyle.Layers;

// Saving: a layer's own state in Keras files. Sublayers are saved by the tracker's walk (Saving/SaveableTree), each
// with these same methods, at <path>/<attribute>.
public abstract partial class Layer
{
    /// <summary>This layer's own variables, without its sublayers': trainable ones first, as Keras saves them.</summary>
    internal IReadOnlyList<Variable> OwnVariables => [.. trainableVariables, .. nonTrainableVariables];

    /// <summary>
    /// Writes this layer's own state into <paramref name="store"/> (Keras's <c>save_own_variables</c>): by default its
    /// own variables — trainable ones, then the others — under keys <c>"0"</c>, <c>"1"</c>…; its sublayers save
    /// themselves. Override it (with <see cref="LoadOwnVariables"/>) to save state in another form.
    /// </summary>
    /// <param name="store">The layer's group of the weights file.</param>
    public virtual void SaveOwnVariables(VariableStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var own = OwnVariables;
        for (var i = 0; i < own.Count; i++) store[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = own[i].Value;
    }

    /// <summary>
    /// Reads this layer's own state from <paramref name="store"/> (Keras's <c>load_own_variables</c>): by default
    /// assigns its own variables from keys <c>"0"</c>, <c>"1"</c>… after checking their count and shapes.
    /// </summary>
    /// <param name="store">The layer's group of the weights file.</param>
    public virtual void LoadOwnVariables(VariableStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (CheckOwnVariables(store) is { } problem) throw new InvalidOperationException(problem);
        var own = OwnVariables;
        for (var i = 0; i < own.Count; i++) own[i].Assign(store[i.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
    }

    /// <summary>Why <paramref name="store"/> does not fit this layer's own variables (Keras's wording), or null when it does.</summary>
    internal string? CheckOwnVariables(VariableStore store)
    {
        var own = OwnVariables;
        var names = $"[{string.Join(", ", own.Select(v => $"'{v.Name}'"))}]";
        if (store.Count != own.Count)
            return own.Count == 0 && !Built
                ? $"Layer '{Name}' was never built and thus it doesn't have any variables. However the weights file lists {store.Count} variables for this layer " +
                  $"(group '{store.VarsPath}'). Its owner's Build must create the state of its sublayers, or the layer must be built from its build_config."
                : $"Layer '{Name}' expected {own.Count} variables, but received {store.Count} variables during loading (group '{store.VarsPath}'). Expected: {names}.";
        for (var i = 0; i < own.Count; i++)
        {
            var key = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!store.ContainsKey(key)) return $"The file has no dataset '{store.VarsPath}/{key}' for variable '{own[i].Path}' of layer '{Name}'.";
            var shape = store.Shape(key);
            if (!shape.SequenceEqual(own[i].Value.shape))
                return $"Dataset '{store.VarsPath}/{key}' has shape ({string.Join(", ", shape)}) but variable '{own[i].Path}' of layer '{Name}' ({ClassName}) " +
                       $"has shape ({string.Join(", ", own[i].Value.shape)}).";
        }
        return null;
    }

    /// <summary>
    /// Writes files that belong to this layer into a <c>.keras</c> archive (Keras's <c>save_assets</c>), e.g. a
    /// vocabulary. Does nothing by default.
    /// </summary>
    /// <param name="store">The layer's assets folder.</param>
    public virtual void SaveAssets(AssetStore store)
    {
    }

    /// <summary>Reads the files <see cref="SaveAssets"/> wrote (Keras's <c>load_assets</c>). Does nothing by default.</summary>
    /// <param name="store">The layer's assets folder.</param>
    public virtual void LoadAssets(AssetStore store)
    {
    }

    /// <summary>
    /// Keras's <c>cls.from_config(config)</c>: a new layer of <paramref name="layerType"/> made from a config such as
    /// <see cref="GetConfig"/> or <see cref="Keras.Layers.Serialize"/> gives (snake_case keys matched to the constructor's
    /// camelCase parameters, nested Keras objects rebuilt). It is not built and shares nothing with any other layer;
    /// an option the class cannot take is an error, never dropped.
    /// </summary>
    /// <param name="layerType">The layer or model class.</param>
    /// <param name="config">The config: values as <c>GetConfig</c> returns them (numbers, strings, lists, serialized objects).</param>
    /// <param name="customObjects">Custom classes by registered or class name, for nested objects. Defaults to none.</param>
    public static Layer FromConfig(Type layerType, IReadOnlyDictionary<string, object?> config, IReadOnlyDictionary<string, Type>? customObjects = null)
    {
        ArgumentNullException.ThrowIfNull(layerType);
        ArgumentNullException.ThrowIfNull(config);
        if (!typeof(Layer).IsAssignableFrom(layerType) || layerType.IsAbstract)
            throw new ArgumentException($"FromConfig makes layers and models; {layerType.FullName} is not a concrete Layer class.", nameof(layerType));
        var className = layerType == typeof(Model) ? "Functional" : layerType.Name;
        var json = ConfigJson.ToNode(config, $"the config given to {className}.FromConfig") as System.Text.Json.Nodes.JsonObject
                   ?? throw new ArgumentException("FromConfig: the config must be a dictionary.", nameof(config));
        return LayerFromConfig.Create(layerType, json, className, new LoadContext($"the config given to {className}.FromConfig", customObjects));
    }

    /// <summary>Keras's <c>cls.from_config(config)</c> for a known class: <c>Layer.FromConfig&lt;Dense&gt;(dense.GetConfig())</c>.</summary>
    /// <typeparam name="TLayer">The layer or model class.</typeparam>
    /// <param name="config">The config (see <see cref="FromConfig(Type, IReadOnlyDictionary{string, object?}, IReadOnlyDictionary{string, Type}?)"/>).</param>
    public static TLayer FromConfig<TLayer>(IReadOnlyDictionary<string, object?> config) where TLayer : Layer => (TLayer)FromConfig(typeof(TLayer), config);

    /// <summary>Whether the class replaces <see cref="LoadOwnVariables"/> (then loading keeps a copy of the weights to restore on failure).</summary>
    internal bool OverridesLoadOwnVariables =>
        GetType().GetMethod(nameof(LoadOwnVariables), [typeof(VariableStore)])!.DeclaringType != typeof(Layer);
}
