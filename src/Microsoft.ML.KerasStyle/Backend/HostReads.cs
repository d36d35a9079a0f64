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
    public static float Float(Tensor tensor) =>
        tensor.dtype == ScalarType.Float32 && IsCpuScalar(tensor) ? MemoryMarshal.Read<float>(tensor.bytes) : tensor.item<float>();

    /// <summary>The value of a one-element float64 tensor.</summary>
    public static double Double(Tensor tensor) =>
        tensor.dtype == ScalarType.Float64 && IsCpuScalar(tensor) ? MemoryMarshal.Read<double>(tensor.bytes) : tensor.item<double>();

    /// <summary>The value of a one-element int64 tensor.</summary>
    public static long Long(Tensor tensor) =>
        tensor.dtype == ScalarType.Int64 && IsCpuScalar(tensor) ? MemoryMarshal.Read<long>(tensor.bytes) : tensor.item<long>();

    static bool IsCpuScalar(Tensor tensor) => tensor.dim() == 0 && tensor.device_type == DeviceType.CPU;
}
