using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Distribution;

/// <summary>
/// Averages gradients over the processes of a data-parallel job before the optimizer applies them (Horovod's way):
/// the gradients are flattened into buckets — consecutive gradients of one dtype, up to <see cref="BucketBytes"/> each —
/// and each bucket is summed by one all-reduce, then divided by the number of processes. A model of a few million
/// weights is one bucket, so one call per step.
/// </summary>
/// <remarks>
/// Averaging is exact for Keras's losses when every process has the same number of samples in the step (which the
/// data sharding guarantees): each process's loss is the mean over its samples, and the mean of equal-sized means is
/// the mean over the global batch. Half-precision gradients are summed in float32 (MPI has no float16 sum).
/// </remarks>
internal static class GradientAveraging
{
    /// <summary>The most bytes summed by one all-reduce (Horovod's default fusion threshold).</summary>
    public const long BucketBytes = 64L << 20;

    /// <summary>
    /// The gradients averaged over the processes when a <see cref="Keras.Distribution.DataParallel"/> of several
    /// processes is set; otherwise <paramref name="gradients"/> itself. The averages are new tensors in the current
    /// dispose scope.
    /// </summary>
    public static List<Tensor> AcrossProcesses(List<Tensor> gradients)
    {
        if (Keras.Distribution.Active is null || gradients.Count == 0) return gradients;
        var averaged = new List<Tensor>(gradients.Count);
        for (var first = 0; first < gradients.Count;)
        {
            var type = SumType(gradients[first].dtype);
            var end = first + 1;
            var bytes = Bytes(gradients[first], type);
            while (end < gradients.Count && SumType(gradients[end].dtype) == type && bytes + Bytes(gradients[end], type) <= BucketBytes)
                bytes += Bytes(gradients[end++], type);
            averaged.AddRange(AverageBucket(gradients.GetRange(first, end - first), type));
            first = end;
        }
        return averaged;
    }

    static ScalarType SumType(ScalarType dtype) => dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;

    static long Bytes(Tensor gradient, ScalarType type) => gradient.numel() * (type == ScalarType.Float64 ? 8 : 4);

    static IEnumerable<Tensor> AverageBucket(List<Tensor> bucket, ScalarType type)
    {
        var device = bucket[0].device;
        var flat = cat(bucket.ConvertAll(g => g.reshape(-1).to(type, CPU)), 0);
        Sum(flat);
        flat.div_(Mpi.Size);
        if (device.type != DeviceType.CPU) flat = flat.to(device);
        long offset = 0;
        foreach (var gradient in bucket)
        {
            var count = gradient.numel();
            var piece = flat[TensorIndex.Slice(offset, offset + count)].view(gradient.shape);
            offset += count;
            yield return piece.dtype == gradient.dtype ? piece : piece.to(gradient.dtype);
        }
    }

    /// <summary>Sums a contiguous CPU float32 or float64 tensor over the processes, in place.</summary>
    public static void Sum(Tensor flat)
    {
        if (flat.dtype == ScalarType.Float64) Mpi.AllreduceSum(MemoryMarshal.Cast<byte, double>(flat.bytes));
        else Mpi.AllreduceSum(MemoryMarshal.Cast<byte, float>(flat.bytes));
    }
}
