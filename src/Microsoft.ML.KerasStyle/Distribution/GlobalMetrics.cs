using System.Runtime.InteropServices;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Metrics;
using Microsoft.ML.KerasStyle.Models;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Distribution;

/// <summary>
/// The logs of a data-parallel step or evaluation over all processes: each metric's state (totals, counts, confusion
/// counts…) is summed over the processes — one all-reduce of every state at once — and the metric's result is read
/// from the sums, so <c>loss</c> and <c>accuracy</c> are what one process would report on the whole batch or data set.
/// Log entries that no metric produced (a custom <c>TrainStep</c>'s own values) are averaged over the processes.
/// </summary>
/// <remarks>
/// Every built-in metric keeps additive state, so summing is exact. A custom metric whose state is not a sum (a
/// running maximum, say) would be combined wrongly. The local states are put back afterwards: each process keeps
/// accumulating its own share.
/// </remarks>
internal static class GlobalMetrics
{
    /// <summary>
    /// Whether the logs of every step must be global: when the progress bar shows them (verbose 1) or a callback reads
    /// them at the end of each batch. Otherwise only each epoch's last logs are combined, which saves a synchronisation
    /// of the processes per step. The answer is the same on every process (the same program passes the same arguments).
    /// </summary>
    public static bool NeededEachStep(int verbose, IEnumerable<Callback>? callbacks) =>
        verbose == 1 || (callbacks ?? []).Any(c => c is not ProgbarLogger && (Overrides(c, nameof(Callback.OnTrainBatchEnd)) || Overrides(c, nameof(Callback.OnBatchEnd))));

    static bool Overrides(Callback callback, string hook) =>
        callback.GetType().GetMethod(hook, [typeof(int), typeof(Logs)])?.DeclaringType != typeof(Callback);

    /// <summary>The training logs over all processes (every process calls this at the same step).</summary>
    public static Logs OfStep(Model model, Logs local)
    {
        var states = States(model);
        var stateCount = states.Sum(s => checked((int)s.numel()));
        var keys = local.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var buffer = new double[stateCount + keys.Count];
        for (var i = 0; i < keys.Count; i++) buffer[stateCount + i] = local[keys[i]];
        var (mine, global) = Reduce(model, states, buffer);
        var result = new Logs();
        foreach (var (key, value) in local)
        {
            // A value that a metric produced becomes that metric's global result; any other is averaged.
            result[key] = mine.TryGetValue(key, out var own) && own.Equals(value) && global.TryGetValue(key, out var all)
                ? all
                : buffer[stateCount + keys.IndexOf(key)] / Mpi.Size;
        }
        return result;
    }

    /// <summary>
    /// The evaluation logs over all processes, from the metrics only (every process calls this once, at the end; a
    /// process may have evaluated fewer batches than another).
    /// </summary>
    public static Logs OfEvaluation(Model model, Logs local)
    {
        var states = States(model);
        var stateCount = states.Sum(s => checked((int)s.numel()));
        // First check that every process holds the same metric states (one that saw no batch may lack some).
        var layout = new double[] { stateCount, (double)stateCount * stateCount };
        Mpi.AllreduceSum(layout);
        if (layout[0] * layout[0] != layout[1] * Mpi.Size)
            throw new InvalidOperationException(
                $"DataParallel: the processes hold different metric states after evaluating (rank {Mpi.Rank} has {stateCount} values): " +
                $"a process received no batch. Each batch is split over the {Mpi.Size} processes, so give batches of at least {Mpi.Size} samples.");
        var (_, global) = Reduce(model, states, new double[stateCount]);
        var result = new Logs(local);
        foreach (var (key, value) in global) result[key] = value;
        return result;
    }

    // Sums the states (read into the start of the buffer) and the rest of the buffer over the processes; returns the
    // metrics' results from the local states and from the sums. The local states are put back.
    static (Logs Local, Logs Global) Reduce(Model model, List<Tensor> states, double[] buffer)
    {
        var offset = 0;
        foreach (var state in states)
        {
            var count = (int)state.numel();
            Read(state, buffer.AsSpan(offset, count));
            offset += count;
        }
        var own = buffer[..offset];
        var local = model.Metrics.ToLogs();
        Mpi.AllreduceSum(buffer);
        WriteAll(states, buffer);
        var global = model.Metrics.ToLogs();
        WriteAll(states, own);
        return (local, global);
    }

    static void WriteAll(List<Tensor> states, double[] values)
    {
        var offset = 0;
        foreach (var state in states)
        {
            var count = (int)state.numel();
            Write(state, values.AsSpan(offset, count));
            offset += count;
        }
    }

    /// <summary>Every state tensor of the model's metrics, in a fixed order.</summary>
    static List<Tensor> States(Model model)
    {
        var states = new List<Tensor>();
        foreach (var metric in model.Metrics)
        {
            IEnumerable<Metric> leaves = metric is Training.CompileMetrics compiled ? compiled.Metrics : [metric];
            foreach (var leaf in leaves)
                foreach (var variable in leaf.Variables) states.Add(variable.Value);
        }
        return states;
    }

    static void Read(Tensor state, Span<double> into)
    {
        if (state.device_type != DeviceType.CPU || !state.is_contiguous())
        {
            using var copy = state.detach().to(ScalarType.Float64, CPU).contiguous();
            MemoryMarshal.Cast<byte, double>(copy.bytes).CopyTo(into);
            return;
        }
        switch (state.dtype)
        {
            case ScalarType.Float64: MemoryMarshal.Cast<byte, double>(state.bytes).CopyTo(into); break;
            case ScalarType.Float32:
            {
                var values = MemoryMarshal.Cast<byte, float>(state.bytes);
                for (var i = 0; i < values.Length; i++) into[i] = values[i];
                break;
            }
            case ScalarType.Int64:
            {
                var values = MemoryMarshal.Cast<byte, long>(state.bytes);
                for (var i = 0; i < values.Length; i++) into[i] = values[i];
                break;
            }
            default:
                using (var copy = state.detach().to(ScalarType.Float64)) MemoryMarshal.Cast<byte, double>(copy.bytes).CopyTo(into);
                break;
        }
    }

    static void Write(Tensor state, ReadOnlySpan<double> from)
    {
        using var _ = no_grad();
        if (state.device_type == DeviceType.CPU && state.is_contiguous())
        {
            switch (state.dtype)
            {
                case ScalarType.Float64: from.CopyTo(MemoryMarshal.Cast<byte, double>(state.bytes)); return;
                case ScalarType.Float32:
                {
                    var to = MemoryMarshal.Cast<byte, float>(state.bytes);
                    for (var i = 0; i < from.Length; i++) to[i] = (float)from[i];
                    return;
                }
                case ScalarType.Int64:
                {
                    var to = MemoryMarshal.Cast<byte, long>(state.bytes);
                    for (var i = 0; i < from.Length; i++) to[i] = (long)Math.Round(from[i]);
                    return;
                }
            }
        }
        using var values = tensor(from.ToArray(), state.shape, ScalarType.Float64);
        state.copy_(values);
    }
}
