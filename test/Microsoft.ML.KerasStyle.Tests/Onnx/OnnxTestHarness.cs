using Microsoft.ML.KerasStyle.Onnx.Proto;
using Microsoft.ML.OnnxRuntime;
using TensorElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

namespace Microsoft.ML.KerasStyle.Tests.Onnx;

/// <summary>
/// Exports models to ONNX in memory, runs them in ONNX Runtime and compares with the library's own outputs. ONNX
/// Runtime is an independent implementation of every operator, so agreement checks the mapping, not the library twice.
/// </summary>
internal static class OnnxTestHarness
{
    /// <summary>The parity bound of the ticket: maximum absolute difference.</summary>
    public const double Tolerance = 1e-5;

    /// <summary>The ONNX bytes of <paramref name="model"/>.</summary>
    public static byte[] Export(Model model, int opset = Keras.Onnx.DefaultOpset)
    {
        using var stream = new MemoryStream();
        model.ExportOnnx(stream, opset);
        return stream.ToArray();
    }

    /// <summary>The exported model parsed back (field by field, with the official field numbers).</summary>
    public static ModelProto Parse(byte[] bytes) => ModelProto.Parser.ParseFrom(bytes);

    /// <summary>An ONNX Runtime session on <paramref name="bytes"/>.</summary>
    public static InferenceSession Session(byte[] bytes) => new(bytes);

    /// <summary>Runs <paramref name="session"/> on torch tensors given in input order; returns the outputs in output order as float32 tensors.</summary>
    public static Tensor[] Run(InferenceSession session, params Tensor[] inputs)
    {
        var names = session.InputNames;
        Assert.AreEqual(names.Count, inputs.Length, "number of ONNX inputs");
        var values = new List<OrtValue>();
        try
        {
            foreach (var t in inputs) values.Add(ToOrt(t));
            using var options = new RunOptions();
            using var results = session.Run(options, names, values, session.OutputNames);
            return results.Select(ToTorch).ToArray();
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    static OrtValue ToOrt(Tensor t)
    {
        var c = t.detach().cpu().contiguous();
        var shape = c.shape;
        return c.dtype switch
        {
            ScalarType.Float32 => OrtValue.CreateTensorValueFromMemory(c.data<float>().ToArray(), shape),
            ScalarType.Float64 => OrtValue.CreateTensorValueFromMemory(c.data<double>().ToArray(), shape),
            ScalarType.Int64 => OrtValue.CreateTensorValueFromMemory(c.data<long>().ToArray(), shape),
            ScalarType.Int32 => OrtValue.CreateTensorValueFromMemory(c.data<int>().ToArray(), shape),
            ScalarType.Byte => OrtValue.CreateTensorValueFromMemory(c.data<byte>().ToArray(), shape),
            _ => throw new AssertFailedException($"no ONNX Runtime conversion for {c.dtype}"),
        };
    }

    static Tensor ToTorch(OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        var shape = info.Shape;
        return info.ElementDataType switch
        {
            TensorElementType.Float => tensor(value.GetTensorDataAsSpan<float>().ToArray(), shape),
            TensorElementType.Double => tensor(value.GetTensorDataAsSpan<double>().ToArray(), shape).to(ScalarType.Float32),
            TensorElementType.Int64 => tensor(value.GetTensorDataAsSpan<long>().ToArray(), shape).to(ScalarType.Float32),
            TensorElementType.Int32 => tensor(value.GetTensorDataAsSpan<int>().ToArray(), shape).to(ScalarType.Float32),
            _ => throw new AssertFailedException($"unexpected ONNX output type {info.ElementDataType}"),
        };
    }

    /// <summary>The largest absolute difference of two tensors of the same shape.</summary>
    public static double MaxAbsDiff(Tensor expected, Tensor actual)
    {
        CollectionAssert.AreEqual(expected.shape, actual.shape, $"shape: expected ({string.Join(", ", expected.shape)}), ONNX Runtime gave ({string.Join(", ", actual.shape)})");
        if (expected.numel() == 0) return 0;
        var e = expected.detach().to(ScalarType.Float64).contiguous().data<double>().ToArray();
        var a = actual.detach().to(ScalarType.Float64).contiguous().data<double>().ToArray();
        var max = 0.0;
        for (var i = 0; i < e.Length; i++)
        {
            var d = Math.Abs(e[i] - a[i]);
            if (double.IsNaN(d)) return double.PositiveInfinity;
            max = Math.Max(max, d);
        }
        return max;
    }

    /// <summary>
    /// Exports <paramref name="model"/> and checks that ONNX Runtime's outputs equal <c>Apply(inputs, training: false)</c>
    /// within <see cref="Tolerance"/>. Returns the exported bytes for further checks.
    /// </summary>
    public static byte[] AssertParity(Model model, Tensor[] inputs, int opset = Keras.Onnx.DefaultOpset, double tolerance = Tolerance)
    {
        var bytes = Export(model, opset);
        using var session = Session(bytes);
        AssertParity(model, session, inputs, tolerance, $"opset {opset}");
        return bytes;
    }

    /// <summary>Compares an open session with the model on one batch.</summary>
    public static void AssertParity(Model model, InferenceSession session, Tensor[] inputs, double tolerance = Tolerance, string what = "")
    {
        var expected = model.Apply((Inputs)inputs, training: false);
        var actual = Run(session, inputs);
        Assert.AreEqual(expected.Count, actual.Length, "number of outputs");
        for (var i = 0; i < actual.Length; i++)
        {
            var diff = MaxAbsDiff(expected[i], actual[i]);
            Assert.IsTrue(diff <= tolerance,
                $"model '{model.Name}' output {i} ({session.OutputNames[i]}) {what} batch {inputs[0].shape[0]}: max |Keras - ONNX Runtime| = {diff:E3} > {tolerance:E0}");
        }
    }

    /// <summary>
    /// Gives every weight random values (moving variances positive), so that no layer is a disguised identity (zero biases,
    /// unit variances) and any mix-up of weights shows.
    /// </summary>
    public static void RandomizeWeights(Model model, int seed = 7)
    {
        var generator = new System.Random(seed);
        using var _ = no_grad();
        foreach (var w in model.Weights)
        {
            var n = (int)w.Size;
            var values = new float[n];
            for (var i = 0; i < n; i++)
                values[i] = w.Name == "moving_variance" ? (float)(0.5 + generator.NextDouble()) : (float)((generator.NextDouble() * 2 - 1) * 0.6);
            w.Assign(tensor(values, w.Shape.Select(d => (long)d).ToArray()).to(w.Value.dtype));
        }
    }

    /// <summary>A standard-normal batch of <paramref name="batch"/> samples of <paramref name="sampleShape"/>.</summary>
    public static Tensor Normal(int batch, params long[] sampleShape) => randn([batch, .. sampleShape]);

    /// <summary>The system Python (Debian's, which has python3-onnx), or null.</summary>
    public static string? SystemPython => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : null;
}
