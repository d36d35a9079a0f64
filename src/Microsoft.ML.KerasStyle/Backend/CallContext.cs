namespace Microsoft.ML.KerasStyle.Backend;

/// <summary>
/// The <c>training</c> flag of the outermost call, inherited by nested layer calls that do not set it themselves
/// (as Keras's call context does), so <c>model.Apply(x, training: true)</c> reaches every Dropout inside.
/// </summary>
internal static class CallContext
{
    [ThreadStatic] static bool? current;

    /// <summary>The training flag in force: the innermost explicit value, else false (inference).</summary>
    public static bool Resolve(bool? requested) => requested ?? current ?? false;

    /// <summary>Makes <paramref name="training"/> the inherited value until the returned scope is disposed.</summary>
    public static Scope Enter(bool training) => new(training);

    public readonly struct Scope : IDisposable
    {
        readonly bool? previous;

        internal Scope(bool training)
        {
            previous = current;
            current = training;
        }

        public void Dispose() => current = previous;
    }
}
