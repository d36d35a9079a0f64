using Microsoft.ML.KerasStyle.Regularizers;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

// Keras's add_loss, losses and activity_regularizer. Keras clears every layer's losses at the start of each outermost
// call; here each outermost call on data gets a number, each layer notes the latest call that ran it and the call its
// losses were added in, and losses from before the latest call that covered the reader are left out — the same
// result, without walking the sublayers on every call.
public abstract partial class Layer
{
    static long lastOutermostCall;
    [ThreadStatic] static long currentOutermostCall;
    [ThreadStatic] static int callDepth;
    static volatile bool lossesInUse;

    Regularizer? activityRegularizer;
    List<Tensor>? ownLosses;
    long ownLossesCall;
    long lastCall;

    /// <summary>Creates a layer with an activity regularizer (Keras's <c>Layer(activity_regularizer=...)</c>).</summary>
    /// <param name="name">The layer's name, or null for the snake_case class name made unique.</param>
    /// <param name="trainable">Whether the layer's weights are trained.</param>
    /// <param name="dtype">The dtype of weights and computations, e.g. <c>float32</c>.</param>
    /// <param name="activityRegularizer">The penalty on the outputs (see <see cref="ActivityRegularizer"/>), or null for none.</param>
    protected Layer(string? name, bool trainable, string dtype, Regularizer? activityRegularizer) : this(name, trainable, dtype) =>
        ActivityRegularizer = activityRegularizer;

    /// <summary>
    /// A penalty on the layer's outputs (Keras's <c>activity_regularizer</c>, settable on every layer): after each call on
    /// data, its value for each output, divided by the output's batch size, is added to <see cref="Losses"/>. Null for none.
    /// </summary>
    public Regularizer? ActivityRegularizer
    {
        get => activityRegularizer;
        set
        {
            activityRegularizer = value;
            if (value is not null) NoteLossesInUse();
        }
    }

    /// <summary>
    /// Adds <paramref name="loss"/> to this layer's losses (Keras's <c>add_loss</c>): call it from <c>Call</c> with a tensor
    /// computed from the inputs or weights; <c>Fit</c> adds the sum of a tensor loss to the training loss. The losses of a
    /// call replace those of the previous call (Keras clears them at the start of each outermost call).
    /// </summary>
    /// <param name="loss">A tensor (summed when not a scalar).</param>
    public void AddLoss(Tensor loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (loss.IsInvalid)
            throw new ArgumentException($"Layer '{Name}': AddLoss received a tensor that has been disposed.", nameof(loss));
        NoteLossesInUse();
        // Losses from before the latest call that ran this layer are stale: that call would have cleared them in Keras.
        if (ownLosses is null || ownLossesCall < lastCall) ownLosses = [];
        // Outside any call, a loss belongs with the latest call made so far: the next call that runs this layer clears it.
        ownLossesCall = callDepth > 0 ? currentOutermostCall : Interlocked.Read(ref lastOutermostCall);
        ownLosses.Add(loss);
    }

    /// <summary>
    /// The losses to add to the training loss, as Keras's <c>losses</c>: this layer's <see cref="AddLoss"/> and activity
    /// losses of the latest call, those of every sublayer, then each trainable weight's <see cref="Variable.Regularizer"/>
    /// penalty computed now from the current values. Losses whose tensors were freed since (their dispose scope ended)
    /// are gone.
    /// </summary>
    public IReadOnlyList<Tensor> Losses
    {
        get
        {
            if (!lossesInUse) return [];
            var losses = new List<Tensor>();
            AppendOwnLosses(losses, lastCall);
            foreach (var layer in FlattenedSublayers()) layer.AppendOwnLosses(losses, lastCall);
            foreach (var weight in TrainableWeights)
                if (weight.Regularizer is { } regularizer)
                    losses.Add(regularizer.Call(weight.Value));
            return losses;
        }
    }

    /// <summary>True once any layer has a loss, an activity regularizer or a regularized weight (until then <see cref="Losses"/> is empty without a walk).</summary>
    internal static void NoteLossesInUse() => lossesInUse = true;

    void AppendOwnLosses(List<Tensor> losses, long readerCall)
    {
        // Valid: added in (or after) the latest call that ran this layer, and not before the latest call that ran the reader.
        if (ownLosses is null || ownLossesCall < lastCall || ownLossesCall < readerCall) return;
        foreach (var loss in ownLosses)
            if (!loss.IsInvalid) losses.Add(loss);
    }

    // Keras's _flatten_layers(include_self=False): a deque of the sublayers, each one's own sublayers pushed in front.
    List<Layer> FlattenedSublayers()
    {
        var result = new List<Layer>();
        var seen = new HashSet<Layer>(ReferenceEqualityComparer.Instance) { this };
        var queue = new LinkedList<Layer>(Sublayers);
        while (queue.First is { } first)
        {
            queue.RemoveFirst();
            if (!seen.Add(first.Value)) continue;
            result.Add(first.Value);
            foreach (var child in first.Value.Sublayers) queue.AddFirst(child);
        }
        return result;
    }

    /// <summary>Marks a call on data: the outermost one gets a new number, which every layer it runs notes.</summary>
    LossCallScope EnterLossCall()
    {
        if (callDepth++ == 0) currentOutermostCall = Interlocked.Increment(ref lastOutermostCall);
        lastCall = currentOutermostCall;
        return default;
    }

    readonly struct LossCallScope : IDisposable
    {
        public void Dispose() => callDepth--;
    }

    /// <summary>Keras's activity regularization after a call: each output's penalty divided by its batch size.</summary>
    Outputs AddActivityLosses(Outputs outputs)
    {
        if (activityRegularizer is null) return outputs;
        foreach (var output in outputs)
        {
            var loss = activityRegularizer.Call(output);
            if (output.dim() > 0)
                loss = output.shape[0] == 0 ? zeros_like(loss) : loss / output.shape[0]; // Keras's divide_no_nan
            AddLoss(loss);
        }
        return outputs;
    }

    Dictionary<string, object?> WithActivityRegularizer(Dictionary<string, object?> config)
    {
        if (activityRegularizer is not null) config["activity_regularizer"] = activityRegularizer.Serialize();
        return config;
    }
}
