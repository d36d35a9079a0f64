using Microsoft.ML.KerasStyle.Saving;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Constraints;

/// <summary>
/// A projection applied to a weight after each optimizer update, as Keras's <c>keras.constraints.Constraint</c>. Layers
/// take one per weight (<c>kernelConstraint</c>, <c>biasConstraint</c>…); every optimizer's <c>ApplyGradients</c> assigns
/// <c>constraint(w)</c> to each weight it updated. Pass one by Keras name (<c>"non_neg"</c>, <c>"max_norm"</c>…) or as an
/// object (<c>new MaxNorm(3)</c>). Write your own by overriding <see cref="Call"/> (and <see cref="GetConfig"/> to save it).
/// </summary>
public abstract class Constraint
{
    /// <summary>Keras's <c>backend.epsilon()</c>, added to norms before dividing.</summary>
    protected const double Epsilon = 1e-7;

    /// <summary>The projected value of the weight <paramref name="w"/> (a new tensor of its shape).</summary>
    public abstract Tensor Call(Tensor w);

    /// <summary>The constructor arguments, as Keras's <c>get_config</c>.</summary>
    public virtual Dictionary<string, object?> GetConfig() => [];

    /// <summary>Keras's serialized form: <c>{module: keras.constraints, class_name, config, registered_name}</c>.</summary>
    public Dictionary<string, object?> Serialize() => KerasObjects.Serialize(this, GetConfig());

    /// <summary>
    /// Keras's <c>keras.constraints.deserialize</c>: a constraint from its serialized JSON, in Keras 3's form or Keras 2's
    /// (<c>{"class_name": "MaxNorm", "config": {"max_value": 2, "axis": 0}}</c>), or a JSON string naming one.
    /// </summary>
    /// <param name="json">The serialized constraint.</param>
    /// <param name="customObjects">Custom classes by registered or class name. Defaults to none.</param>
    public static Constraint Deserialize(string json, IReadOnlyDictionary<string, Type>? customObjects = null) =>
        KerasObjectJson.Deserialize<Constraint>(json, customObjects);

    /// <summary>Keras's <c>from_config</c>: a <typeparamref name="T"/> from its <see cref="GetConfig"/> keys.</summary>
    /// <typeparam name="T">The constraint class.</typeparam>
    /// <param name="config">The keys and values <see cref="GetConfig"/> writes.</param>
    public static T FromConfig<T>(IReadOnlyDictionary<string, object?> config) where T : Constraint =>
        KerasObjectJson.FromConfig<T>(config);

    /// <summary>Looks a constraint up by its Keras name (<c>"max_norm"</c>, <c>"min_max_norm"</c>, <c>"non_neg"</c>, <c>"unit_norm"</c>), with Keras's defaults.</summary>
    public static implicit operator Constraint(string name) => ConstraintRegistry.Get(name);

    /// <summary>The L2 norms of <paramref name="w"/> over <paramref name="axes"/>, kept as size-1 axes.</summary>
    internal static Tensor Norms(Tensor w, IReadOnlyList<int> axes, string owner)
    {
        var rank = (int)w.dim();
        var dims = new long[axes.Count];
        for (var i = 0; i < axes.Count; i++)
        {
            var axis = axes[i] < 0 ? axes[i] + rank : axes[i];
            if (axis < 0 || axis >= rank)
                throw new ArgumentException($"{owner}: axis {axes[i]} is out of range for a weight of rank {rank} (shape {Backend.Shapes.Format(Backend.Shapes.Of(w))}).");
            dims[i] = axis;
        }
        return w.square().sum(dims, keepdim: true).sqrt();
    }
}
