using System.Collections.Concurrent;
using TorchSharp;

namespace Microsoft.ML.KerasStyle.Backend;

/// <summary>
/// Torch scalars for the constants a training step passes to torch (a clipping bound, a batch size, 1), made once:
/// a number passed to a torch op becomes a new native scalar on each call, left to the finalizer thread.
/// (Dispose scopes do not track scalars, so these live as long as the process.)
/// </summary>
internal static class Scalars
{
    const int MaxCached = 256;
    static readonly ConcurrentDictionary<long, Scalar> Integers = new();
    static readonly ConcurrentDictionary<double, Scalar> Doubles = new();

    /// <summary>1 as an integer scalar.</summary>
    public static Scalar One { get; } = 1L.ToScalar();

    /// <summary>The scalar of <paramref name="value"/>, from a small cache (batch sizes repeat every step).</summary>
    public static Scalar Of(long value) =>
        Integers.TryGetValue(value, out var cached) ? cached
        : Integers.Count < MaxCached ? Integers.GetOrAdd(value, v => v.ToScalar()) : value.ToScalar();

    /// <summary>The scalar of <paramref name="value"/>, from a small cache (for constants such as clipping bounds).</summary>
    public static Scalar Of(double value) =>
        Doubles.TryGetValue(value, out var cached) ? cached
        : Doubles.Count < MaxCached ? Doubles.GetOrAdd(value, v => v.ToScalar()) : value.ToScalar();
}
