extern alias MicrosoftML;
using Google.Protobuf;
using Microsoft.ML.Data;
using Microsoft.ML.KerasStyle.Onnx.Proto;
using MicrosoftML::Microsoft.ML;
using ColumnCursorExtensions = MicrosoftML::Microsoft.ML.Data.ColumnCursorExtensions;
using MLContext = MicrosoftML::Microsoft.ML.MLContext;
using VectorTypeAttribute = MicrosoftML::Microsoft.ML.Data.VectorTypeAttribute;

namespace Microsoft.ML.KerasStyle.Tests.MLNet;

/// <summary>
/// Why the saved form keeps its <c>CustomMapping</c> conversions (MLNet/Mapping): ML.NET types an ONNX output of shape
/// <c>[]</c> as a scalar column but fails when it reads one (dotnet/machinelearning#7225). If this test starts failing,
/// ML.NET reads scalars: the row-scoring graph can then declare scalar outputs and the conversions can go.
/// </summary>
[TestClass]
public sealed class ScalarOnnxOutputTests : KerasTestBase
{
    public sealed class Row
    {
        [VectorType(1)]
        public float[] X { get; set; } = [];
    }

    [TestMethod]
    public void ApplyOnnxModelTypesAnEmptyShapeOutputAsScalarButCannotReadIt()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new Row { X = [2.5f] }, new Row { X = [-1f] } });
        var scored = ml.Transforms.ApplyOnnxModel(["Y"], ["X"], new MemoryStream(ReshapeToScalar())).Fit(data).Transform(data);
        Assert.AreEqual(NumberDataViewType.Single, scored.Schema["Y"].Type);
        var error = Assert.Throws<Exception>(() => ColumnCursorExtensions.GetColumn<float>(scored, "Y").ToList());
        // The known failure, not another one: the scalar getter passes a null sequence to Enumerable.Select.
        var cause = error as ArgumentNullException ?? error.InnerException as ArgumentNullException;
        Assert.IsNotNull(cause, error.ToString());
        StringAssert.Contains(cause.StackTrace, "OnnxTransformer", error.ToString());
    }

    // X (float, [1, 1]) reshaped to Y of shape [] (a constant empty shape), the output declared with an empty shape.
    static byte[] ReshapeToScalar()
    {
        var graph = new GraphProto { Name = "reshape_to_scalar" };
        var emptyShape = new TensorProto { Name = "empty_shape", DataType = (int)TensorProto.Types.DataType.Int64 };
        emptyShape.Dims.Add(0);
        graph.Initializer.Add(emptyShape);
        var reshape = new NodeProto { OpType = "Reshape", Name = "reshape" };
        reshape.Input.Add("X");
        reshape.Input.Add("empty_shape");
        reshape.Output.Add("Y");
        graph.Node.Add(reshape);
        var inputShape = new TensorShapeProto();
        inputShape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        inputShape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 1 });
        graph.Input.Add(Value("X", inputShape));
        graph.Output.Add(Value("Y", new TensorShapeProto()));
        var model = new ModelProto { IrVersion = 8, Graph = graph, ProducerName = "test" };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model.ToByteArray();
    }

    static ValueInfoProto Value(string name, TensorShapeProto shape) => new()
    {
        Name = name,
        Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
    };
}
