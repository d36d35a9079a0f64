using System.Buffers.Binary;
using Google.Protobuf;

namespace Microsoft.ML.KerasStyle.Utils;

/// <summary>
/// Serializes the few TensorBoard protobuf messages an event file needs, field by field, with the field numbers of
/// tensorboard/compat/proto/{event,summary,tensor,tensor_shape}.proto. Summaries take the TF2 form that
/// <c>tf.summary.scalar/histogram/image</c> write (and so Keras 3's TensorBoard callback): a <c>Summary.Value</c> with
/// a tensor and metadata naming the TensorBoard plugin that renders it. Tensors are encoded as TensorFlow's
/// summary writer does (<c>Tensor::AsProtoTensorContent</c>: raw little-endian bytes; strings as <c>string_val</c>).
/// </summary>
internal static class SummaryEventEncoder
{
    // tensorflow DataType values (types.proto).
    const int DtFloat = 1;
    const int DtDouble = 2;
    const int DtString = 7;

    /// <summary>The first event of every file: <c>file_version</c> (e.g. <c>brain.Event:2</c>) and the wall time.</summary>
    public static byte[] FileVersionEvent(double wallTime, string fileVersion) => Message(output =>
    {
        WriteDouble(output, 1, wallTime);
        output.WriteTag(3, WireFormat.WireType.LengthDelimited);
        output.WriteString(fileVersion);
    });

    /// <summary>A scalar for the <c>scalars</c> plugin: a float32 tensor of shape [] (as <c>tf.summary.scalar</c>).</summary>
    public static byte[] ScalarEvent(double wallTime, long step, string tag, float value)
    {
        var content = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(content, value);
        return SummaryEvent(wallTime, step, tag, "scalars", Tensor(DtFloat, [], content, null));
    }

    /// <summary>
    /// A histogram for the <c>histograms</c> plugin: a float64 tensor of shape [k, 3], one
    /// <c>[left_edge, right_edge, count]</c> row per bucket (as <c>tf.summary.histogram</c>).
    /// </summary>
    public static byte[] HistogramEvent(double wallTime, long step, string tag, double[,] buckets)
    {
        var rows = buckets.GetLength(0);
        var content = new byte[rows * 3 * sizeof(double)];
        var offset = 0;
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < 3; j++, offset += sizeof(double))
                BinaryPrimitives.WriteDoubleLittleEndian(content.AsSpan(offset), buckets[i, j]);
        return SummaryEvent(wallTime, step, tag, "histograms", Tensor(DtDouble, [rows, 3], content, null));
    }

    /// <summary>
    /// Images for the <c>images</c> plugin: a string tensor of shape [2 + n] holding the width and height as decimal
    /// text, then each encoded image (as <c>tf.summary.image</c>).
    /// </summary>
    public static byte[] ImageEvent(double wallTime, long step, string tag, int width, int height, IReadOnlyList<byte[]> encodedImages)
    {
        var strings = new List<byte[]>
        {
            System.Text.Encoding.ASCII.GetBytes(width.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            System.Text.Encoding.ASCII.GetBytes(height.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        strings.AddRange(encodedImages);
        return SummaryEvent(wallTime, step, tag, "images", Tensor(DtString, [strings.Count], null, strings));
    }

    // Event{wall_time=1, step=2, summary=5}; Summary{value=1}; Value{tag=1, tensor=8, metadata=9}.
    static byte[] SummaryEvent(double wallTime, long step, string tag, string pluginName, byte[] tensor)
    {
        var value = Message(output =>
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteString(tag);
            WriteMessage(output, 8, tensor);
            WriteMessage(output, 9, Metadata(pluginName));
        });
        var summary = Message(output => WriteMessage(output, 1, value));
        return Message(output =>
        {
            WriteDouble(output, 1, wallTime);
            if (step != 0)
            {
                output.WriteTag(2, WireFormat.WireType.Varint);
                output.WriteInt64(step);
            }
            WriteMessage(output, 5, summary);
        });
    }

    // SummaryMetadata{plugin_data=1: PluginData{plugin_name=1, content=2}}. The plugins' content is their
    // PluginData message at version 0, which serializes to no bytes, so it is left out as protobuf does.
    static byte[] Metadata(string pluginName) => Message(output =>
        WriteMessage(output, 1, Message(pluginData =>
        {
            pluginData.WriteTag(1, WireFormat.WireType.LengthDelimited);
            pluginData.WriteString(pluginName);
        })));

    // TensorProto{dtype=1, tensor_shape=2, tensor_content=4, string_val=8}; TensorShapeProto{dim=2: Dim{size=1}}.
    static byte[] Tensor(int dtype, long[] shape, byte[]? content, IReadOnlyList<byte[]>? strings) => Message(output =>
    {
        output.WriteTag(1, WireFormat.WireType.Varint);
        output.WriteEnum(dtype);
        WriteMessage(output, 2, Message(shapeOutput =>
        {
            foreach (var size in shape)
                WriteMessage(shapeOutput, 2, Message(dim =>
                {
                    if (size == 0) return;
                    dim.WriteTag(1, WireFormat.WireType.Varint);
                    dim.WriteInt64(size);
                }));
        }));
        if (content is { Length: > 0 })
        {
            output.WriteTag(4, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(UnsafeByteOperations.UnsafeWrap(content));
        }
        foreach (var s in strings ?? [])
        {
            output.WriteTag(8, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(UnsafeByteOperations.UnsafeWrap(s));
        }
    });

    static void WriteDouble(CodedOutputStream output, int field, double value)
    {
        output.WriteTag(field, WireFormat.WireType.Fixed64);
        output.WriteDouble(value);
    }

    static void WriteMessage(CodedOutputStream output, int field, byte[] message)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(message));
    }

    static byte[] Message(Action<CodedOutputStream> writeFields)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true)) writeFields(output);
        return buffer.ToArray();
    }
}
