using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Initializers;

/// <summary>
/// Creates a weight's initial values. Pass one by Keras name (<c>"glorot_uniform"</c>, <c>"zeros"</c>, …) or as an
/// object (<c>new HeNormal(seed: 1)</c>). A seeded initializer gives the same values on every call; an unseeded one
/// draws from TorchSharp's global generator (<c>Keras.Utils.SetRandomSeed</c>).
/// </summary>
public abstract class Initializer
{
    /// <summary>Returns a new tensor of <paramref name="shape"/> and <paramref name="dtype"/>.</summary>
    public abstract Tensor Call(long[] shape, ScalarType dtype = ScalarType.Float32);

    /// <summary>The constructor arguments, as Keras's <c>get_config</c>.</summary>
    public virtual Dictionary<string, object?> GetConfig() => [];

    /// <summary>Keras's serialized form: module, class name and config.</summary>
    public Dictionary<string, object?> Serialize() => new()
    {
        ["module"] = "keras.initializers",
        ["class_name"] = GetType().Name,
        ["config"] = GetConfig(),
        ["registered_name"] = null,
    };

    /// <summary>Looks an initializer up by its Keras name.</summary>
    public static implicit operator Initializer(string name) => InitializerRegistry.Get(name);
}
