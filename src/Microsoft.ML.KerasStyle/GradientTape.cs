using System.Runtime.InteropServices;
using Microsoft.ML.KerasStyle.Backend;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle;

/// <summary>
/// TF/Keras's <c>tf.GradientTape</c> on TorchSharp autograd: open a tape, compute, then ask for the gradients of the
/// result with respect to weights or watched inputs (the low-level path of a custom training loop).
/// <code>
/// using var scope = torch.NewDisposeScope();     // frees this step's tensors, gradients included
/// using var tape = new GradientTape();
/// var logits = model.Apply(x, training: true);
/// var loss = lossFn.Call(y, logits);
/// var gradients = tape.Gradient(loss, model.TrainableWeights);
/// optimizer.ApplyGradients(gradients, model.TrainableWeights);
/// </code>
/// </summary>
/// <remarks>
/// <para>
/// Torch records every operation on tensors that require gradients, tape or no tape; the tape turns recording on
/// for its lifetime (even inside an outer <c>torch.no_grad()</c>), decides which sources count as watched, and
/// turns torch's gradient into TF's answers: <c>null</c> for an unconnected source, the gradient of the sum for a
/// non-scalar target, one use for a non-persistent tape. Differences from TF that follow from torch:
/// </para>
/// <list type="bullet">
/// <item>Operations done before the tape was opened on tensors that already required gradients (trainable weights)
/// are part of the graph too, so they contribute to gradients where TF would treat their results as constants.</item>
/// <item><see cref="StopRecording"/> pauses all recording (torch has one recorder), not only this tape's.</item>
/// <item>With <c>watchAccessedVariables: false</c>, leaves (variables, input tensors) must be watched explicitly, while an
/// intermediate result given as a source is always differentiated through.</item>
/// <item>A tensor is recognised as watched by identity: pass the same tensor object to <see cref="Watch(Tensor)"/> and
/// to <c>Gradient</c>.</item>
/// <item>Gradients are computed from the values the computation saved; if a weight is changed in place after the
/// target was computed (for example by <c>ApplyGradients</c>), torch refuses and <c>Gradient</c> throws
/// <see cref="InvalidOperationException"/>: compute every gradient before applying any.</item>
/// </list>
/// <para>
/// Nested tapes give higher-order derivatives as in TF: a gradient computed while a tape opened earlier is still open
/// and recording is itself recorded (and is then not detached), so that outer tape can differentiate it. Where no
/// higher-order derivative is wanted, e.g. two tapes opened side by side for a GAN, compute the gradients inside
/// <c>using (tape.StopRecording()) { … }</c> to skip that cost (as TF advises computing them outside the tapes).
/// Torch prints a one-time warning about a reference cycle the first time a gradient is recorded; the tape clears
/// the <c>.grad</c> it used, so no cycle remains. Dispose every tape: one left open counts as an outer tape until it is
/// garbage-collected.
/// </para>
/// </remarks>
public sealed class GradientTape : IDisposable
{
    // Torch's grad mode is per thread, so the tapes that are open are tracked per thread too. Weak references let a
    // tape that was never disposed drop out instead of turning every later gradient into a recorded one.
    [ThreadStatic] static List<WeakReference<GradientTape>>? openTapes;

    readonly IDisposable gradMode;
    readonly HashSet<IntPtr> watched = [];
    // Tensors whose requires_grad this tape turned on in Watch (with their variable, if any), to turn off again on Dispose.
    readonly List<(Tensor Tensor, Variable? Variable)> switchedOn = [];
    bool used;
    bool paused;
    bool disposed;

    /// <summary>Opens a tape: from now until <see cref="Dispose"/>, operations are recorded.</summary>
    /// <param name="persistent">Whether <c>Gradient</c> may be called more than once (the graph is kept until the tape's tensors are freed). Defaults to false.</param>
    /// <param name="watchAccessedVariables">Whether trainable variables (and tensors that require gradients) are watched
    /// automatically; when false only what <see cref="Watch(Tensor)"/> was given gets a gradient. Defaults to true.</param>
    public GradientTape(bool persistent = false, bool watchAccessedVariables = true)
    {
        Persistent = persistent;
        WatchAccessedVariables = watchAccessedVariables;
        gradMode = enable_grad();
        (openTapes ??= []).Add(new WeakReference<GradientTape>(this));
    }

    /// <summary>Whether <c>Gradient</c> may be called more than once.</summary>
    public bool Persistent { get; }

    /// <summary>Whether trainable variables are watched without calling <see cref="Watch(Variable)"/>.</summary>
    public bool WatchAccessedVariables { get; }

    /// <summary>Whether operations are being recorded now (open and not inside <see cref="StopRecording"/>).</summary>
    public bool IsRecording => !disposed && !paused;

    // ---------------------------------------------------------------- watching

    /// <summary>
    /// Watches an input tensor so gradients can be taken with respect to it (TF's <c>tape.watch</c>). Watch it before
    /// computing with it: the operations done with it earlier were not recorded (their gradient comes back <c>null</c>).
    /// A tensor that does not require gradients is switched to require them until the tape is disposed.
    /// </summary>
    /// <param name="tensor">A floating-point tensor.</param>
    /// <exception cref="ArgumentException">The tensor is not floating-point, or has been disposed.</exception>
    /// <exception cref="InvalidOperationException">Torch cannot track the tensor (e.g. an inference-mode tensor).</exception>
    public void Watch(Tensor tensor)
    {
        ThrowIfDisposed(nameof(Watch));
        ArgumentNullException.ThrowIfNull(tensor);
        RequireAlive(tensor, nameof(Watch), "the tensor to watch", nameof(tensor));
        if (!tensor.is_floating_point() && !tensor.is_complex())
            throw new ArgumentException(
                $"GradientTape.Watch: only floating-point tensors can be watched (gradients are not defined for integers or booleans); got a tensor of dtype {DtypeName(tensor)}. Cast it first, e.g. x.to(torch.float32).",
                nameof(tensor));
        if (!tensor.requires_grad)
        {
            // Torch records a tensor's history only while it requires gradients; one computed from tracked tensors
            // already has a history (and requires them), so this branch only ever sees leaves.
            if (!tensor.is_leaf)
                throw new InvalidOperationException(
                    "GradientTape.Watch: the tensor is the result of an earlier computation that was not recorded, so it cannot be watched now. Watch the tensors it was computed from before computing it.");
            SwitchOn(tensor, null);
        }
        watched.Add(tensor.Handle);
    }

    /// <summary>
    /// Watches a variable. Needed for a non-trainable variable (switched to require gradients until the tape is
    /// disposed) and, with <c>watchAccessedVariables: false</c>, for any variable that should get a gradient.
    /// </summary>
    /// <param name="variable">A floating-point variable.</param>
    /// <exception cref="ArgumentException">The variable is not floating-point.</exception>
    public void Watch(Variable variable)
    {
        ThrowIfDisposed(nameof(Watch));
        ArgumentNullException.ThrowIfNull(variable);
        if (!variable.Value.is_floating_point())
            throw new ArgumentException(
                $"GradientTape.Watch: only floating-point variables can be watched; variable '{variable.Path}' has dtype {variable.Dtype}.",
                nameof(variable));
        if (!variable.Value.requires_grad) SwitchOn(variable.Value, variable);
        watched.Add(variable.Value.Handle);
    }

    /// <summary>Watches several tensors (see <see cref="Watch(Tensor)"/>).</summary>
    /// <param name="tensors">Floating-point tensors.</param>
    public void Watch(IEnumerable<Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (var tensor in tensors) Watch(tensor);
    }

    /// <summary>Watches several variables (e.g. <c>model.TrainableWeights</c>; see <see cref="Watch(Variable)"/>).</summary>
    /// <param name="variables">Floating-point variables.</param>
    public void Watch(IEnumerable<Variable> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        foreach (var variable in variables) Watch(variable);
    }

    void SwitchOn(Tensor tensor, Variable? variable)
    {
        try
        {
            tensor.requires_grad_(true);
        }
        catch (ExternalException e)
        {
            throw new InvalidOperationException($"GradientTape.Watch: torch cannot track this tensor: {e.Message}", e);
        }
        switchedOn.Add((tensor, variable));
    }

    // ---------------------------------------------------------------- recording

    /// <summary>
    /// Pauses recording until the returned scope is disposed (TF's <c>tape.stop_recording()</c>; torch's
    /// <c>no_grad</c>): <c>using (tape.StopRecording()) { … }</c>. What is computed inside is a constant to the gradients.
    /// </summary>
    /// <returns>The scope; dispose it to resume recording.</returns>
    /// <exception cref="InvalidOperationException">Recording is already paused by this tape.</exception>
    public IDisposable StopRecording()
    {
        ThrowIfDisposed(nameof(StopRecording));
        if (paused)
            throw new InvalidOperationException("GradientTape.StopRecording: the tape is not recording (a StopRecording scope of this tape is already open).");
        paused = true;
        return new RecordingPause(this, no_grad());
    }

    sealed class RecordingPause(GradientTape tape, IDisposable noGrad) : IDisposable
    {
        bool done;

        public void Dispose()
        {
            if (done) return;
            done = true;
            noGrad.Dispose();
            tape.paused = false;
        }
    }

    // ---------------------------------------------------------------- gradients

    /// <summary>
    /// The gradients of <paramref name="target"/> with respect to variables, e.g. <c>model.TrainableWeights</c>, in
    /// their order, ready for <c>optimizer.ApplyGradients</c>. A non-scalar target is summed first (as TF does).
    /// </summary>
    /// <param name="target">What to differentiate, usually the loss.</param>
    /// <param name="sources">The variables.</param>
    /// <param name="outputGradients">Weights for the target's elements (the gradient of <c>sum(target * outputGradients)</c> is taken), shaped like the target. Defaults to none (all ones).</param>
    /// <param name="unconnectedGradients">What a source the target does not depend on gets. Defaults to <see cref="UnconnectedGradients.None"/> (<c>null</c>).</param>
    /// <returns>One detached gradient per source, owned by the current dispose scope; <c>null</c> for an unconnected or unwatched source.</returns>
    /// <exception cref="InvalidOperationException">A non-persistent tape was already used, or torch could not differentiate the target.</exception>
    /// <exception cref="ObjectDisposedException">The tape was disposed.</exception>
    public IReadOnlyList<Tensor?> Gradient(Tensor target, IReadOnlyList<Variable> sources, Tensor? outputGradients = null,
                                           UnconnectedGradients unconnectedGradients = UnconnectedGradients.None)
    {
        ThrowIfDisposed(nameof(Gradient));
        ArgumentNullException.ThrowIfNull(sources);
        var tensors = new Tensor[sources.Count];
        var tracked = new bool[sources.Count];
        for (var i = 0; i < sources.Count; i++)
        {
            var variable = sources[i] ?? throw new ArgumentNullException(nameof(sources), $"GradientTape.Gradient: source {i} is null.");
            tensors[i] = variable.Value;
            tracked[i] = WatchAccessedVariables || watched.Contains(variable.Value.Handle);
        }
        return Differentiate(target, tensors, tracked, outputGradients, unconnectedGradients);
    }

    /// <summary>
    /// The gradients of <paramref name="target"/> with respect to tensors: watched inputs, intermediate results, or
    /// tensors that require gradients. A non-scalar target is summed first (as TF does).
    /// </summary>
    /// <param name="target">What to differentiate.</param>
    /// <param name="sources">The tensors.</param>
    /// <param name="outputGradients">Weights for the target's elements, shaped like the target. Defaults to none (all ones).</param>
    /// <param name="unconnectedGradients">What a source the target does not depend on gets. Defaults to <see cref="UnconnectedGradients.None"/> (<c>null</c>).</param>
    /// <returns>One detached gradient per source, owned by the current dispose scope; <c>null</c> for an unconnected or unwatched source.</returns>
    /// <exception cref="InvalidOperationException">A non-persistent tape was already used, or torch could not differentiate the target.</exception>
    /// <exception cref="ObjectDisposedException">The tape was disposed.</exception>
    public IReadOnlyList<Tensor?> Gradient(Tensor target, IReadOnlyList<Tensor> sources, Tensor? outputGradients = null,
                                           UnconnectedGradients unconnectedGradients = UnconnectedGradients.None)
    {
        ThrowIfDisposed(nameof(Gradient));
        ArgumentNullException.ThrowIfNull(sources);
        var tracked = new bool[sources.Count];
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i] ?? throw new ArgumentNullException(nameof(sources), $"GradientTape.Gradient: source {i} is null.");
            RequireAlive(source, nameof(Gradient), $"source {i}", nameof(sources));
            // An intermediate result was recorded because something it came from was; only leaves need watching.
            tracked[i] = WatchAccessedVariables || !source.is_leaf || watched.Contains(source.Handle);
        }
        return Differentiate(target, sources, tracked, outputGradients, unconnectedGradients);
    }

    /// <summary>The gradient of <paramref name="target"/> with respect to one variable.</summary>
    /// <param name="target">What to differentiate.</param>
    /// <param name="source">The variable.</param>
    /// <param name="outputGradients">Weights for the target's elements, shaped like the target. Defaults to none (all ones).</param>
    /// <param name="unconnectedGradients">What an unconnected source gets. Defaults to <see cref="UnconnectedGradients.None"/> (<c>null</c>).</param>
    /// <returns>The detached gradient, owned by the current dispose scope, or <c>null</c>.</returns>
    public Tensor? Gradient(Tensor target, Variable source, Tensor? outputGradients = null,
                            UnconnectedGradients unconnectedGradients = UnconnectedGradients.None) =>
        Gradient(target, new[] { source ?? throw new ArgumentNullException(nameof(source)) }, outputGradients, unconnectedGradients)[0];

    /// <summary>The gradient of <paramref name="target"/> with respect to one tensor.</summary>
    /// <param name="target">What to differentiate.</param>
    /// <param name="source">The tensor.</param>
    /// <param name="outputGradients">Weights for the target's elements, shaped like the target. Defaults to none (all ones).</param>
    /// <param name="unconnectedGradients">What an unconnected source gets. Defaults to <see cref="UnconnectedGradients.None"/> (<c>null</c>).</param>
    /// <returns>The detached gradient, owned by the current dispose scope, or <c>null</c>.</returns>
    public Tensor? Gradient(Tensor target, Tensor source, Tensor? outputGradients = null,
                            UnconnectedGradients unconnectedGradients = UnconnectedGradients.None) =>
        Gradient(target, new[] { source ?? throw new ArgumentNullException(nameof(source)) }, outputGradients, unconnectedGradients)[0];

    IReadOnlyList<Tensor?> Differentiate(Tensor target, IReadOnlyList<Tensor> sources, bool[] tracked, Tensor? outputGradients,
                                         UnconnectedGradients unconnectedGradients)
    {
        ArgumentNullException.ThrowIfNull(target);
        RequireAlive(target, nameof(Gradient), "the target", nameof(target));
        if (!Enum.IsDefined(unconnectedGradients))
            throw new ArgumentException($"GradientTape.Gradient: unknown unconnectedGradients value {(int)unconnectedGradients}; expected None or Zero.", nameof(unconnectedGradients));
        if (outputGradients is not null) CheckOutputGradients(target, outputGradients);
        if (used && !Persistent)
            throw new InvalidOperationException(
                "A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians). Create it with new GradientTape(persistent: true) to call Gradient more than once.");
        used = true;

        var open = OpenTapes();
        // Inside an outer tape that is recording, the gradient must itself be recorded (higher-order derivatives);
        // while any other tape is open the graph it may still need is kept, and a persistent tape keeps it for its next call.
        var createGraph = open.TakeWhile(t => !ReferenceEquals(t, this)).Any() && is_grad_enabled();
        var retainGraph = Persistent || open.Any(t => !ReferenceEquals(t, this));

        // Torch rejects sources that do not require gradients, and a target that requires none depends on no source.
        var inputs = new List<Tensor>();
        var inputOf = new int[sources.Count];
        for (var i = 0; i < sources.Count; i++)
        {
            inputOf[i] = -1;
            if (!tracked[i] || !target.requires_grad || !sources[i].requires_grad) continue;
            var k = inputs.FindIndex(t => t.Handle == sources[i].Handle);
            if (k < 0)
            {
                k = inputs.Count;
                inputs.Add(sources[i]);
            }
            inputOf[i] = k;
        }

        var inputGradients = inputs.Count == 0 ? Array.Empty<Tensor?>() : Backward(target, inputs, outputGradients, retainGraph, createGraph);
        var result = new Tensor?[sources.Count];
        for (var i = 0; i < sources.Count; i++)
        {
            result[i] = inputOf[i] >= 0 ? inputGradients[inputOf[i]] : null;
            if (result[i] is null && unconnectedGradients == UnconnectedGradients.Zero)
                result[i] = zeros_like(sources[i]);
        }
        return result;
    }

    // torch.autograd.backward rather than torch.autograd.grad: TorchSharp's grad lets a torch error (a freed graph, an
    // in-place change) terminate the process, while backward reports it as an exception. backward accumulates into
    // .grad, so each input's .grad is cleared before and restored after, leaving the caller's .grad untouched.
    Tensor?[] Backward(Tensor target, List<Tensor> inputs, Tensor? outputGradients, bool retainGraph, bool createGraph)
    {
        var gradients = new Tensor?[inputs.Count];
        using var scope = NewDisposeScope();
        // A scalar target needs no explicit seed: torch starts from 1, as ones_like would.
        var seed = outputGradients is null && target.numel() == 1 && target.dim() == 0 ? null : Seed(target, outputGradients);
        var saved = new Tensor?[inputs.Count];
        for (var k = 0; k < inputs.Count; k++)
        {
            // Reading .grad of a non-leaf that does not retain it makes torch warn, and it holds nothing worth keeping.
            var leaf = inputs[k].is_leaf;
            if (leaf) saved[k] = inputs[k].grad;
            if (!leaf || saved[k] is not null) inputs[k].grad = null; // (a leaf without .grad needs no clearing)
        }
        try
        {
            torch.autograd.backward([target], seed is null ? null : [seed], retain_graph: retainGraph, create_graph: createGraph, inputs: inputs);
            for (var k = 0; k < inputs.Count; k++)
            {
                var gradient = inputs[k].grad;
                if (gradient is null) continue;
                // Without createGraph the gradient has no history already; detaching would only add a handle.
                gradients[k] = (createGraph || !gradient.requires_grad ? gradient : gradient.detach()).MoveToOuterDisposeScope();
            }
        }
        catch (ExternalException e)
        {
            throw new InvalidOperationException(
                $"GradientTape.Gradient: torch could not differentiate the target: {e.Message.Split('\n')[0]} " +
                "Usual causes: a variable or input was changed in place (e.g. by Optimizer.ApplyGradients) after the target was computed from it — compute every gradient before applying any; " +
                "or another gradient computation already freed this part of the graph.", e);
        }
        finally
        {
            for (var k = 0; k < inputs.Count; k++) inputs[k].grad = saved[k];
        }
        return gradients;
    }

    // TF's gradient of a non-scalar target is that of its sum: the backward pass starts from ones.
    static Tensor Seed(Tensor target, Tensor? outputGradients) =>
        outputGradients is null ? ones_like(target) : outputGradients.to(target.dtype, target.device);

    static void CheckOutputGradients(Tensor target, Tensor outputGradients)
    {
        RequireAlive(outputGradients, nameof(Gradient), "outputGradients", nameof(outputGradients));
        if (!outputGradients.shape.SequenceEqual(target.shape))
            throw new ArgumentException(
                $"GradientTape.Gradient: outputGradients must have the target's shape {Shapes.Format(Shapes.Of(target))}; got {Shapes.Format(Shapes.Of(outputGradients))}.",
                nameof(outputGradients));
    }

    // ---------------------------------------------------------------- lifetime

    /// <summary>
    /// Closes the tape: restores the recording mode found when it was opened and stops watched tensors (and watched
    /// non-trainable variables) from requiring gradients. The tape cannot be used afterwards.
    /// </summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        openTapes?.RemoveAll(r => !r.TryGetTarget(out var tape) || ReferenceEquals(tape, this));
        foreach (var (tensor, variable) in switchedOn)
        {
            if (tensor.IsInvalid) continue;
            // A tape still open that watches the same tensor needs it tracked; it restores it when it closes.
            if (OpenTapes().FirstOrDefault(t => t.watched.Contains(tensor.Handle)) is { } heir)
            {
                heir.switchedOn.Add((tensor, variable));
                continue;
            }
            if (variable is null || !variable.Trainable) tensor.requires_grad_(false);
        }
        switchedOn.Clear();
        gradMode.Dispose();
    }

    // The tapes open on this thread, oldest first.
    static List<GradientTape> OpenTapes()
    {
        var open = new List<GradientTape>(openTapes?.Count ?? 0);
        if (openTapes is null) return open;
        openTapes.RemoveAll(r => !r.TryGetTarget(out var tape) || tape.disposed);
        foreach (var reference in openTapes)
            if (reference.TryGetTarget(out var tape)) open.Add(tape);
        return open;
    }

    void ThrowIfDisposed(string member)
    {
        if (disposed)
            throw new ObjectDisposedException(nameof(GradientTape),
                $"GradientTape.{member}: the tape has been disposed. Call Gradient inside the tape's using block (or before disposing it), and open a new tape for each step.");
    }

    static void RequireAlive(Tensor tensor, string member, string what, string parameter)
    {
        if (tensor.IsInvalid)
            throw new ArgumentException($"GradientTape.{member}: {what} has been disposed (was it created in a dispose scope that has ended?).", parameter);
    }

    static string DtypeName(Tensor tensor)
    {
        try
        {
            return Dtypes.ToName(tensor.dtype);
        }
        catch (InvalidOperationException)
        {
            return tensor.dtype.ToString();
        }
    }
}
