using Microsoft.ML.KerasStyle.Saving;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Regularizers;

/// <summary>
/// A penalty on a tensor that is added to the training loss, as Keras's <c>keras.regularizers.Regularizer</c>. Layers
/// take one per weight (<c>kernelRegularizer</c>, <c>biasRegularizer</c>…) and one for their outputs
/// (<c>activityRegularizer</c>); the penalties appear in <see cref="Layers.Layer.Losses"/> and <c>Fit</c> adds them to
/// the loss. Pass one by Keras name (<c>"l2"</c>, <c>"l1"</c>…) or as an object (<c>new L2(1e-4)</c>). Write your own by
/// overriding <see cref="Call"/> (and <see cref="GetConfig"/> to save it); register it like a custom layer to load it.
/// </summary>
public abstract class Regularizer
{
    /// <summary>The penalty of <paramref name="x"/>: a scalar of <paramref name="x"/>'s dtype.</summary>
    public abstract Tensor Call(Tensor x);

    /// <summary>The constructor arguments, as Keras's <c>get_config</c>.</summary>
    public virtual Dictionary<string, object?> GetConfig() => [];

    /// <summary>Keras's serialized form: <c>{module: keras.regularizers, class_name, config, registered_name}</c>.</summary>
    public Dictionary<string, object?> Serialize() => KerasObjects.Serialize(this, GetConfig());

    /// <summary>
    /// Keras's <c>keras.regularizers.deserialize</c>: a regularizer from its serialized JSON, in Keras 3's form or
    /// Keras 2's (<c>{"class_name": "L2", "config": {"l2": 0.01}}</c>), or a JSON string naming one (<c>"l2"</c>).
    /// </summary>
    /// <param name="json">The serialized regularizer.</param>
    /// <param name="customObjects">Custom classes by registered or class name. Defaults to none.</param>
    public static Regularizer Deserialize(string json, IReadOnlyDictionary<string, Type>? customObjects = null) =>
        KerasObjectJson.Deserialize<Regularizer>(json, customObjects);

    /// <summary>Keras's <c>from_config</c>: a <typeparamref name="T"/> from its <see cref="GetConfig"/> keys.</summary>
    /// <typeparam name="T">The regularizer class.</typeparam>
    /// <param name="config">The keys and values <see cref="GetConfig"/> writes.</param>
    public static T FromConfig<T>(IReadOnlyDictionary<string, object?> config) where T : Regularizer =>
        KerasObjectJson.FromConfig<T>(config);

    /// <summary>Looks a regularizer up by its Keras name (<c>"l1"</c>, <c>"l2"</c>, <c>"l1l2"</c>, <c>"orthogonal_regularizer"</c>), with Keras's defaults.</summary>
    public static implicit operator Regularizer(string name) => RegularizerRegistry.Get(name);

    /// <summary>Keras's <c>validate_float_arg</c>: a finite, non-negative factor.</summary>
    internal static double NonNegative(double value, string argument, string owner) => double.IsFinite(value) && value >= 0
        ? value
        : throw new ArgumentException($"{owner}: Invalid value for argument {argument}: expected a non-negative float. Received: {argument}={value}", argument);
}
