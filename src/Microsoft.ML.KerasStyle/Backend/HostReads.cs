using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Backend;

/// <summary>
/// Reads a one-element tensor's value on the host. A CPU tensor is read straight from its memory; TorchSharp's
/// <c>item()</c> makes and frees a native scalar for each read, which costs more than the read itself (training reads
/// the metric states and the learning rate every step).
/// </summary>
internal static class HostReads
{
    /// <summary>The value of a one-element float32 tensor.</summary>
    public static float Float(Tensor tensor) => Read<float>(tensor, ScalarType.Float32);

    /// <summary>The value of a one-element float64 tensor.</summary>
    public static double Double(Tensor tensor) => Read<double>(tensor, ScalarType.Float64);

    /// <summary>The value of a one-element int64 tensor.</summary>
    public static long Long(Tensor tensor) => Read<long>(tensor, ScalarType.Int64);

    // T must be the .NET type of dtype; any other tensor (another dtype, rank or device) goes through item(), which
    // checks the dtype as before.
    static T Read<T>(Tensor tensor, ScalarType dtype) where T : unmanaged =>
        tensor.dtype == dtype && tensor.dim() == 0 && tensor.device_type == DeviceType.CPU ? MemoryMarshal.Read<T>(tensor.bytes) : tensor.item<T>();
}
