using Microsoft.ML.KerasStyle.Onnx.Proto;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>Keras dtype names and TorchSharp scalar types ↔ ONNX element types.</summary>
internal static class OnnxDataTypes
{
    /// <summary>The ONNX element type of a Keras dtype name (e.g. <c>float32</c> → FLOAT).</summary>
    public static TensorProto.Types.DataType FromKeras(string dtype, string owner) => dtype switch
    {
        "float32" => TensorProto.Types.DataType.Float,
        "float64" => TensorProto.Types.DataType.Double,
        "float16" => TensorProto.Types.DataType.Float16,
        "bfloat16" => TensorProto.Types.DataType.Bfloat16,
        "int8" => TensorProto.Types.DataType.Int8,
        "uint8" => TensorProto.Types.DataType.Uint8,
        "int16" => TensorProto.Types.DataType.Int16,
        "int32" => TensorProto.Types.DataType.Int32,
        "int64" => TensorProto.Types.DataType.Int64,
        "bool" => TensorProto.Types.DataType.Bool,
        _ => throw new NotSupportedException($"{owner}: the dtype '{dtype}' has no ONNX element type."),
    };

    /// <summary>The ONNX element type of a TorchSharp tensor's scalar type.</summary>
    public static TensorProto.Types.DataType FromTorch(ScalarType type, string owner) =>
        FromKeras(Backend.Dtypes.ToName(type), owner);

    /// <summary>True for the floating-point element types.</summary>
    public static bool IsFloating(TensorProto.Types.DataType type) => type is TensorProto.Types.DataType.Float
        or TensorProto.Types.DataType.Double or TensorProto.Types.DataType.Float16 or TensorProto.Types.DataType.Bfloat16;

    /// <summary>The little-endian bytes of <paramref name="values"/> stored as <paramref name="type"/> (for constants).</summary>
    public static byte[] Encode(IReadOnlyList<double> values, TensorProto.Types.DataType type)
    {
        var size = type switch
        {
            TensorProto.Types.DataType.Double or TensorProto.Types.DataType.Int64 => 8,
            TensorProto.Types.DataType.Float or TensorProto.Types.DataType.Int32 => 4,
            TensorProto.Types.DataType.Float16 or TensorProto.Types.DataType.Bfloat16 or TensorProto.Types.DataType.Int16 => 2,
            TensorProto.Types.DataType.Int8 or TensorProto.Types.DataType.Uint8 or TensorProto.Types.DataType.Bool => 1,
            _ => throw new NotSupportedException($"ONNX constants of element type {type} are not supported."),
        };
        var bytes = new byte[values.Count * size];
        var span = bytes.AsSpan();
        for (var i = 0; i < values.Count; i++)
        {
            var slot = span.Slice(i * size, size);
            var v = values[i];
            switch (type)
            {
                case TensorProto.Types.DataType.Double: System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(slot, v); break;
                case TensorProto.Types.DataType.Float: System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(slot, (float)v); break;
                case TensorProto.Types.DataType.Float16: System.Buffers.Binary.BinaryPrimitives.WriteHalfLittleEndian(slot, (Half)v); break;
                case TensorProto.Types.DataType.Bfloat16:
                    // bfloat16 is the upper half of a float32 (rounded to nearest even).
                    var bits = BitConverter.SingleToUInt32Bits((float)v);
                    bits += 0x7FFFu + ((bits >> 16) & 1u);
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(slot, (ushort)(bits >> 16));
                    break;
                case TensorProto.Types.DataType.Int64: System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(slot, (long)v); break;
                case TensorProto.Types.DataType.Int32: System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(slot, (int)v); break;
                case TensorProto.Types.DataType.Int16: System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(slot, (short)v); break;
                case TensorProto.Types.DataType.Int8: slot[0] = unchecked((byte)(sbyte)v); break;
                default: slot[0] = (byte)v; break;
            }
        }
        return bytes;
    }
}
