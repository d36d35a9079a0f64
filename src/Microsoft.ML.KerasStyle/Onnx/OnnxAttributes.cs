using Google.Protobuf;
using Microsoft.ML.KerasStyle.Onnx.Proto;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>Builds ONNX node attributes (the type field set as ONNX requires).</summary>
internal static class OnnxAttributes
{
    /// <summary>An integer attribute.</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float attribute.</summary>
    public static AttributeProto Float(string name, double value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = (float)value };

    /// <summary>A list-of-integers attribute.</summary>
    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A list-of-integers attribute.</summary>
    public static AttributeProto Ints(string name, IEnumerable<int> values) => Ints(name, values.Select(v => (long)v));

    /// <summary>A string attribute (UTF-8).</summary>
    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };
}
