using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Saving;
using Microsoft.ML.KerasStyle.Tests.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

// float64: the layer rebuilt from its config with dtype "float64" keeps float64 weights, outputs (symbolic and eager)
// and ONNX graph, and computes what the float32 layer computes.
internal static partial class LayerContract
{
    /// <summary>A new layer like <paramref name="layer"/> but of <paramref name="dtype"/> (its config with another "dtype").</summary>
    internal static Layer WithDtype(Layer layer, string dtype)
    {
        // Through the library's clone (its serializer), as a user or Bidirectional would copy a layer.
        return Keras.Layers.Clone(layer, config =>
        {
            config["dtype"] = dtype;
            config.Remove("name");
        });
    }

    static string Float64Dtype(LayerCase c) => c.ExpectedOutputDtype == "float32" ? "float64" : c.ExpectedOutputDtype;

    static void CheckFloat64(LayerCase c)
    {
        var wide = WithDtype(c.Make(), "float64");
        Assert.AreEqual("float64", wide.Dtype, "Dtype of the layer made with dtype float64");

        var symbolic = Wrap(c, WithDtype(c.Make(), "float64"), "float64");
        foreach (var output in symbolic.OutputTensors)
            Assert.AreEqual(Float64Dtype(c), output.Dtype, "symbolic output dtype of the float64 layer");

        var narrow = BuiltWithRandomWeights(c);
        Run(wide, Draw(c, 1, floatDtype: "float64"));
        foreach (var w in wide.Weights.Where(w => Dtypes.IsFloating(w.Value.dtype)))
            Assert.AreEqual("float64", w.Dtype, $"dtype of weight '{w.Path}' of the float64 layer");
        wide.SetWeights(narrow.GetWeights());

        var outputs = Run(wide, Draw(c, 7, floatDtype: "float64"));
        foreach (var output in outputs)
            Assert.AreEqual(Float64Dtype(c), Dtypes.ToName(output.dtype), "eager output dtype of the float64 layer");
        AssertClose(Run(narrow, Draw(c, 7)), outputs, 1e-4, "the float64 layer against the float32 layer with the same weights");

        if (c.NotExportable is null)
        {
            var model = Wrap(c, WithDtype(c.Make(), "float64"), "float64");
            Randomize(model);
            if (!c.OnnxRuntimeLacksFloat64) ExpectParity(c, model, [Keras.Onnx.DefaultOpset], c.OnnxTolerance, "float64");
            else
            {
                var bytes = OnnxTestHarness.Export(model);
                var error = Assert.Throws<OnnxRuntimeException>(() => OnnxTestHarness.Session(bytes).Dispose(),
                    "OnnxRuntimeLacksFloat64: ONNX Runtime loads the float64 graph now; remove the declaration");
                StringAssert.Contains(error.Message, "NotImplemented", "OnnxRuntimeLacksFloat64: ONNX Runtime refused the graph for another reason");
            }
        }
    }
}
