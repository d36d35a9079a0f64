namespace Microsoft.ML.KerasStyle.Distribution;

/// <summary>
/// Where the callbacks' messages go by default: the console on rank 0 (and in a process that is not part of a
/// data-parallel job), nowhere on the other ranks, so that a job of several processes prints each message once.
/// </summary>
internal static class RankZeroConsole
{
    /// <summary><see cref="Console.Out"/> on rank 0, <see cref="TextWriter.Null"/> elsewhere.</summary>
    public static TextWriter Out => Keras.Distribution.IsChief ? Console.Out : TextWriter.Null;

    /// <summary><see cref="Console.Error"/> on rank 0, <see cref="TextWriter.Null"/> elsewhere.</summary>
    public static TextWriter Error => Keras.Distribution.IsChief ? Console.Error : TextWriter.Null;
}
