using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Backend;

/// <summary>Keras dtype names ↔ TorchSharp scalar types.</summary>
internal static class Dtypes
{
    static readonly Dictionary<string, ScalarType> ByName = new()
    {
        ["float32"] = ScalarType.Float32,
        ["float64"] = ScalarType.Float64,
        ["float16"] = ScalarType.Float16,
        ["bfloat16"] = ScalarType.BFloat16,
        ["int8"] = ScalarType.Int8,
        ["uint8"] = ScalarType.Byte,
        ["int16"] = ScalarType.Int16,
        ["int32"] = ScalarType.Int32,
        ["int64"] = ScalarType.Int64,
        ["bool"] = ScalarType.Bool,
    };

    public static ScalarType ToScalarType(string dtype) => ByName.TryGetValue(dtype, out var t)
        ? t
        : throw new ArgumentException($"Unknown dtype '{dtype}'. Known dtypes: {string.Join(", ", ByName.Keys)}.");

    public static string ToName(ScalarType type) => ByName.First(kv => kv.Value == type).Key;

    public static int SizeInBytes(string dtype) => ToScalarType(dtype) switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        _ => 1,
    };

    public static bool IsFloating(ScalarType type) =>
        type is ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16;
}
