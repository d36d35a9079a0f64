using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Datasets;

namespace Samples.Commands;

/// <summary>
/// <c>predict MODEL --images IDX.gz [--offset K] [--count N] [--flatten]</c> (or <c>--inputs rows.json</c>): loads a
/// Keras model file (<c>.keras</c> or legacy <c>.h5</c>, written by Python Keras or by this library) and prints one JSON
/// object per input, <c>{"index": i, "output": [...], "argmax": k}</c> — for people who just want predictions.
/// </summary>
public static class PredictCommand
{
    /// <summary>The command's name on the command line.</summary>
    public const string Name = "predict";

    /// <summary>How many inputs go through the model at once.</summary>
    const int BatchSize = 256;

    /// <summary>The <c>--help</c> text.</summary>
    public const string Usage = """
        Usage: Samples predict MODEL --images IDX[.gz] [--offset K] [--count N] [--flatten]
               Samples predict MODEL --inputs ROWS.json [--offset K] [--count N]

        Loads MODEL (a .keras file, or a legacy full-model .h5 file, as Python Keras or this library writes them) and
        prints one JSON object per input: {"index": i, "output": [...], "argmax": k}.

          --images FILE   IDX images (e.g. t10k-images-idx3-ubyte.gz); pixels are divided by 255 and shaped
                          (N, rows, cols, 1).
          --flatten       Shape the images (N, rows * cols) instead, for models that take flat vectors.
          --inputs FILE   JSON rows of numbers: a list of rows, or an object whose "inputs" is that list (the
                          fixtures' reference files are such objects). Each row is one input, shaped as it is nested.
          --offset K      The first input to predict. Defaults to 0.
          --count N       How many inputs to predict. Defaults to all from the offset on.
          -h, --help      Shows this text.

        "output" is the model's output for that input, flattened; "argmax" is the position of its largest value.
        """;

    /// <summary>Runs the command; returns the process exit code (0, or 2 for bad arguments or files).</summary>
    /// <param name="args">The arguments after <c>predict</c>.</param>
    /// <param name="output">Where the JSON lines go.</param>
    /// <param name="error">Where errors go.</param>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        PredictOptions options;
        try
        {
            options = PredictOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"predict: {e.Message}");
            error.WriteLine("Run 'predict --help' for the usage.");
            return 2;
        }
        if (options.Help)
        {
            output.WriteLine(Usage);
            return 0;
        }
        try
        {
            Predict(options, output);
            return 0;
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or InvalidOperationException or ArgumentException or JsonException)
        {
            error.WriteLine($"predict: {e.Message}");
            return 2;
        }
    }

    static void Predict(PredictOptions options, TextWriter output)
    {
        RequireFile(options.ModelPath, "model");
        using var scope = NewDisposeScope();
        var inputs = options.ImagesPath is { } images ? ReadImages(images, options.Flatten) : ReadRows(options.InputsPath!);
        var total = inputs.shape[0];
        if (options.Offset >= total)
            throw new ArgumentException($"--offset {options.Offset} is past the end: the file holds {total} inputs (0 to {total - 1}).");
        var count = options.Count ?? total - options.Offset;
        if (options.Offset + count > total)
            throw new ArgumentException($"--offset {options.Offset} --count {count} asks for inputs up to {options.Offset + count - 1}, but the file holds {total} (0 to {total - 1}).");

        var model = Keras.Models.LoadModel(options.ModelPath, compile: false);
        CheckInputShape(model, inputs, options);
        for (long start = options.Offset; start < options.Offset + count; start += BatchSize)
        {
            using var batchScope = NewDisposeScope();
            var size = Math.Min(BatchSize, options.Offset + count - start);
            Tensor predictions;
            using (no_grad()) predictions = model.Apply(inputs.narrow(0, start, size), training: false);
            var rows = predictions.to(ScalarType.Float32).reshape(size, -1).contiguous().data<float>().ToArray();
            var width = rows.Length / (int)size;
            for (var i = 0; i < size; i++) output.WriteLine(Line(start + i, rows.AsSpan(i * width, width)));
        }
    }

    static void RequireFile(string path, string what)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"the {what} file '{path}' does not exist.", path);
    }

    /// <summary>IDX images as float32 pixels / 255, shaped (N, rows, cols, 1) or (N, rows · cols).</summary>
    static Tensor ReadImages(string path, bool flatten)
    {
        RequireFile(path, "--images");
        var images = Idx.Read(path);
        if (images.dim() != 3)
            throw new InvalidDataException($"--images '{path}' holds an array of shape ({string.Join(", ", images.shape)}); images of shape (N, rows, cols) were expected.");
        var pixels = images.to(ScalarType.Float32) / 255;
        var (n, rows, cols) = (images.shape[0], images.shape[1], images.shape[2]);
        return flatten ? pixels.reshape(n, rows * cols) : pixels.reshape(n, rows, cols, 1);
    }

    /// <summary>JSON rows (a list, or an object's "inputs" list) as a float32 tensor of their nested shape.</summary>
    static Tensor ReadRows(string path)
    {
        RequireFile(path, "--inputs");
        var root = JsonNode.Parse(File.ReadAllText(path));
        var rows = (root is JsonObject o ? o["inputs"] : root) as JsonArray
                   ?? throw new InvalidDataException($"--inputs '{path}' holds neither a list of rows nor an object with an \"inputs\" list.");
        if (rows.Count == 0) throw new InvalidDataException($"--inputs '{path}' holds no rows.");
        var shape = ShapeOf(rows[0], path);
        var values = new List<float>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (!ShapeOf(rows[i], path).SequenceEqual(shape))
                throw new InvalidDataException($"--inputs '{path}': row {i} has shape ({string.Join(", ", ShapeOf(rows[i], path))}) but row 0 has ({string.Join(", ", shape)}).");
            Collect(rows[i], values, path);
        }
        return tensor(values.ToArray()).reshape([rows.Count, .. shape]);
    }

    static long[] ShapeOf(JsonNode? node, string path) => node switch
    {
        JsonArray a when a.Count > 0 => [a.Count, .. ShapeOf(a[0], path)],
        JsonArray => [0],
        JsonValue => [],
        _ => throw new InvalidDataException($"--inputs '{path}': {node?.ToJsonString() ?? "null"} is not a number or a list."),
    };

    static void Collect(JsonNode? node, List<float> values, string path)
    {
        if (node is JsonArray a)
            foreach (var item in a) Collect(item, values, path);
        else if (node is JsonValue v && v.TryGetValue<double>(out var number)) values.Add((float)number);
        else throw new InvalidDataException($"--inputs '{path}': {node?.ToJsonString() ?? "null"} is not a number.");
    }

    /// <summary>A clear message when the inputs do not fit the model (rather than the layer's own error deep inside).</summary>
    static void CheckInputShape(Model model, Tensor inputs, PredictOptions options)
    {
        if (model.InputTensors.Count != 1 || model.OutputTensors.Count != 1)
            throw new InvalidOperationException(
                $"model '{model.Name}' has {model.InputTensors.Count} inputs and {model.OutputTensors.Count} outputs; predict handles models with one of each.");
        var expected = model.InputTensors[0].Shape;
        var sample = inputs.shape.Skip(1).ToArray();
        var fits = expected.Length == sample.Length + 1 && expected.Skip(1).Zip(sample).All(p => p.First is null || p.First == p.Second);
        if (fits) return;
        var hint = options.ImagesPath is null ? "" : options.Flatten ? " Leave out --flatten for image-shaped inputs." : " Add --flatten for models that take flat vectors.";
        throw new InvalidOperationException(
            $"model '{model.Name}' takes inputs of shape ({string.Join(", ", expected.Select(d => d?.ToString(CultureInfo.InvariantCulture) ?? "None"))}) " +
            $"but the inputs have shape (N, {string.Join(", ", sample)}).{hint}");
    }

    /// <summary>One JSON line; floats in their shortest round-trip form (NaN and infinities as Python's json writes them).</summary>
    static string Line(long index, ReadOnlySpan<float> values)
    {
        var text = new StringBuilder();
        text.Append("{\"index\": ").Append(index.ToString(CultureInfo.InvariantCulture)).Append(", \"output\": [");
        var argmax = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append(Number(values[i]));
            if (values[i] > values[argmax]) argmax = i;
        }
        return text.Append("], \"argmax\": ").Append(argmax.ToString(CultureInfo.InvariantCulture)).Append('}').ToString();
    }

    static string Number(float value) => value switch
    {
        float.NaN => "NaN",
        float.PositiveInfinity => "Infinity",
        float.NegativeInfinity => "-Infinity",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
