using System.Globalization;

namespace Samples.Commands;

/// <summary>The parsed arguments of <see cref="PredictCommand"/>.</summary>
internal sealed record PredictOptions(string ModelPath, string? ImagesPath, string? InputsPath, long Offset, long? Count, bool Flatten, bool Help)
{
    /// <summary>Parses the arguments after <c>predict</c>; a missing or malformed one is an <see cref="ArgumentException"/> naming it.</summary>
    public static PredictOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "-h" or "--help")) return new("", null, null, 0, null, false, Help: true);
        string? model = null, images = null, inputs = null;
        long offset = 0;
        long? count = null;
        var flatten = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--images": images = Value(args, ref i); break;
                case "--inputs": inputs = Value(args, ref i); break;
                case "--offset": offset = Integer(args, ref i, minimum: 0); break;
                case "--count": count = Integer(args, ref i, minimum: 1); break;
                case "--flatten": flatten = true; break;
                default:
                    if (arg.StartsWith('-')) throw new ArgumentException($"unknown option '{arg}'.");
                    if (model is not null) throw new ArgumentException($"one model file is expected, received '{model}' and '{arg}'.");
                    model = arg;
                    break;
            }
        }
        if (model is null) throw new ArgumentException("the model file is missing (the first argument, a .keras or .h5 file).");
        if ((images is null) == (inputs is null)) throw new ArgumentException("give the inputs with either --images IDX or --inputs ROWS.json (one of them).");
        if (flatten && images is null) throw new ArgumentException("--flatten applies to --images only.");
        return new(model, images, inputs, offset, count, flatten, Help: false);
    }

    static string Value(IReadOnlyList<string> args, ref int i)
    {
        var option = args[i];
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"{option} needs a value.");
        return args[++i];
    }

    static long Integer(IReadOnlyList<string> args, ref int i, long minimum)
    {
        var option = args[i];
        var text = Value(args, ref i);
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum)
            throw new ArgumentException($"{option} must be an integer ≥ {minimum}, received '{text}'.");
        return value;
    }
}
