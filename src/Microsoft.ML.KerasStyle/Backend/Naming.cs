using System.Text.RegularExpressions;

namespace Microsoft.ML.KerasStyle.Backend;

/// <summary>Automatic, unique object names as Keras makes them: <c>dense</c>, <c>dense_1</c>, … per base name.</summary>
internal static partial class Naming
{
    static readonly Dictionary<string, int> Counters = new();
    static readonly Lock Gate = new();

    /// <summary>The next unique name for <paramref name="baseName"/>: the name itself first, then <c>_1</c>, <c>_2</c>….</summary>
    public static string Unique(string baseName)
    {
        lock (Gate)
        {
            Counters.TryGetValue(baseName, out var count);
            Counters[baseName] = count + 1;
            return count == 0 ? baseName : $"{baseName}_{count}";
        }
    }

    /// <summary>Forgets every counter (what <c>Keras.ClearSession()</c> does).</summary>
    public static void Reset()
    {
        lock (Gate) Counters.Clear();
    }

    /// <summary>Keras's <c>to_snake_case</c>: <c>BatchNormalization</c> → <c>batch_normalization</c>, <c>Conv2D</c> → <c>conv2d</c>.</summary>
    public static string ToSnakeCase(string name)
    {
        var s = WordStart().Replace(name, "$1_$2");
        s = LowerUpper().Replace(s, "$1_$2");
        return s.ToLowerInvariant();
    }

    [GeneratedRegex("(.)([A-Z][a-z]+)")]
    private static partial Regex WordStart();

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex LowerUpper();
}
