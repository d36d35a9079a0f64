using System.Diagnostics;
using Samples.Listings;

namespace Microsoft.ML.KerasStyle.Tests.Onnx;

/// <summary>
/// The official ONNX checker (<c>onnx.checker.check_model(model, full_check=True)</c>, which also runs strict shape
/// inference) accepts the exported models. Needs Debian's python3-onnx for /usr/bin/python3; inconclusive without it.
/// </summary>
[TestClass]
public sealed class OnnxCheckerTests : KerasTestBase
{
    const string CheckScript = """
        import sys, onnx
        for path in sys.argv[1:]:
            m = onnx.load(path)
            onnx.checker.check_model(m, full_check=True)
        print("ok", len(sys.argv) - 1)
        """;

    static (int ExitCode, string Output) Python(params string[] args)
    {
        var python = OnnxTestHarness.SystemPython ?? "python3";
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }

    /// <summary>The newest opset the installed onnx package knows, or null when onnx cannot be imported.</summary>
    static int? InstalledOnnxOpset()
    {
        try
        {
            var (code, output) = Python("-c", "import onnx.defs; print(onnx.defs.onnx_opset_version())");
            return code == 0 && int.TryParse(output.Trim(), out var v) ? v : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    static Model EveryLayer()
    {
        var image = Keras.Input(shape: [12, 12, 3], name: "image");
        var tokens = Keras.Input(shape: [6], name: "tokens", dtype: "int64");
        var pixels = Keras.Input(shape: [4, 4, 1], name: "pixels", dtype: "uint8");
        var x = new Rescaling(1 / 255.0).Apply(pixels);
        x = new Flatten().Apply(x);
        var i = new Conv2D(4, 3, padding: "same", activation: "relu").Apply(image);
        i = new BatchNormalization().Apply(i);
        i = new MaxPooling2D(2).Apply(i);
        i = new AveragePooling2D(2, padding: "same").Apply(i);
        i = new Conv2D(4, 2, dilationRate: 1, groups: 2, activation: "gelu").Apply(i);
        var g = new GlobalAveragePooling2D().Apply(i);
        var t = new Embedding(20, 4).Apply(tokens);
        t = new Conv1D(4, 3, padding: "causal", activation: "swish").Apply(t);
        t = new LayerNormalization().Apply(t);
        t = new Reshape([4, 6]).Apply(t);
        t = new Dense(3, activation: "hard_sigmoid").Apply(t);
        t = new Flatten().Apply(new Dropout(0.1).Apply(t));
        var merged = new Concatenate().Apply(g, t, x);
        var a = new Dense(5, activation: "selu").Apply(merged);
        var b = new Dense(5, activation: "softplus").Apply(merged);
        var inner = new Sequential([Keras.Input(shape: [5]), new Dense(5, activation: "elu"), new Activation("softsign")], name: "inner");
        var outputs = new[]
        {
            new Dense(2, activation: "softmax", name: "probabilities").Apply(new Add().Apply(a, inner.Apply(b))),
            new Activation("log_softmax", name: "log_probabilities").Apply(new Multiply().Apply(a, b)),
            new Activation("relu6", name: "clipped").Apply(new Average().Apply(a, b)),
        };
        return new Model([image, tokens, pixels], outputs, name: "every_layer");
    }

    /// <summary>7-2-3's subclassed ticket model, called once (its Call is traced for export).</summary>
    static Model SubclassedTicketModel()
    {
        var model = new SubclassedModel.CustomerTicketModel(TicketModel.NumDepartments);
        model.Apply(TicketModel.RandomInputs(2));
        return model;
    }

    [TestMethod]
    public void CheckerAcceptsTheExportedModels()
    {
        var newest = InstalledOnnxOpset();
        if (newest is null)
        {
            Assert.Inconclusive("python3 cannot import onnx (on Debian: apt-get install -y python3-onnx), so the ONNX checker did not run.");
            return;
        }
        var directory = Path.Combine(Path.GetTempPath(), "kerasstyle-onnx-check-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var models = new (string Name, Func<Model> Make)[]
            {
                ("every_layer", EveryLayer),
                ("listing_7_2_1", OnnxSeedModelTests.Listing721Model),
                ("ticket", () => TicketModel.Build().Model),
                ("fashion_cnn", OnnxSeedModelTests.FashionMnistCnn),
                ("ticket_subclassed", SubclassedTicketModel),
            };
            var paths = new List<string>();
            var lastOpset = Math.Min(newest.Value, Keras.Onnx.MaxOpset);
            foreach (var (name, make) in models)
            {
                Keras.ClearSession();
                var model = make();
                for (var opset = Keras.Onnx.MinOpset; opset <= lastOpset; opset++)
                {
                    var path = Path.Combine(directory, $"{name}_opset{opset}.onnx");
                    model.ExportOnnx(path, opset);
                    paths.Add(path);
                }
            }
            var script = Path.Combine(directory, "check.py");
            File.WriteAllText(script, CheckScript);
            var (code, output) = Python([script, .. paths]);
            Assert.AreEqual(0, code, output);
            StringAssert.Contains(output, $"ok {paths.Count}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void EveryLayerModel_MatchesOnnxRuntime()
    {
        var model = EveryLayer();
        OnnxTestHarness.RandomizeWeights(model);
        Tensor[] inputs = [rand(7, 12, 12, 3), randint(0, 20, [7, 6], dtype: ScalarType.Int64), randint(0, 256, [7, 4, 4, 1], dtype: ScalarType.Byte)];
        for (var opset = Keras.Onnx.MinOpset; opset <= Keras.Onnx.MaxOpset; opset++) OnnxTestHarness.AssertParity(model, inputs, opset);
    }
}
