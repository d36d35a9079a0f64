using System.Reflection;
using Microsoft.ML.KerasStyle.Tests.Onnx;

namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

// ONNX: the single-layer model exported at each opset and run by ONNX Runtime at batch 1 and 7, or a clear refusal.
internal static partial class LayerContract
{
    static void CheckOnnx(LayerCase c)
    {
        var layer = c.Make();
        var model = Wrap(c, layer);
        Randomize(model);
        var listed = Keras.Onnx.SupportedLayers.Contains(layer.GetType().Name);
        var declared = layer.GetType().GetCustomAttribute<KerasStyle.Onnx.NotExportableToOnnxAttribute>(inherit: false)?.Reason;
        if (c.NotExportable is not null)
        {
            Assert.IsFalse(listed, $"the case declares the layer not exportable ({c.NotExportable}), but Keras.Onnx.SupportedLayers lists {layer.GetType().Name}");
            var error = Assert.Throws<NotSupportedException>(() => OnnxTestHarness.Export(model), "the export of a layer declared not exportable");
            StringAssert.Contains(error.Message, $"'{layer.Name}'", "the export error names the layer");
            StringAssert.Contains(error.Message, layer.GetType().Name, "the export error names the layer's class");
            if (layer.GetType().Assembly == typeof(Layer).Assembly)
            {
                Assert.IsNotNull(declared, $"library layer {layer.GetType().Name} has no exporter: declare [NotExportableToOnnx(reason)] on its class");
                StringAssert.Contains(error.Message, declared, "the export error gives the reason declared on the class");
            }
            return;
        }
        Assert.IsNull(declared, $"{layer.GetType().Name} is declared [NotExportableToOnnx] but the case expects it to export");
        Assert.IsTrue(listed, $"Keras.Onnx.SupportedLayers does not list {layer.GetType().Name}: declare NotExportable with the reason");
        ExpectParity(c, model, Opsets, c.OnnxTolerance);
    }

    /// <summary>ONNX Runtime computes what <paramref name="model"/> computes, at each opset and batch size.</summary>
    static void ExpectParity(LayerCase c, Model model, int[] opsets, double tolerance, string? floatDtype = null)
    {
        var batches = Batches.Select(b => Draw(c, b, seed: 2, floatDtype)).ToList();
        var expected = batches.Select(x => model.Apply((Inputs)x).ToArray()).ToList();
        foreach (var opset in opsets)
        {
            using var session = OnnxTestHarness.Session(OnnxTestHarness.Export(model, opset));
            for (var b = 0; b < batches.Count; b++)
            {
                var what = $"ONNX Runtime at opset {opset}, batch {Batches[b]}{(floatDtype is null ? "" : ", " + floatDtype)}";
                Assert.HasCount(expected[b].Length, session.OutputNames, $"{what}: number of outputs");
                AssertClose(expected[b], OnnxTestHarness.Run(session, batches[b]), tolerance, what);
            }
        }
    }
}
