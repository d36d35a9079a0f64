extern alias MicrosoftML;
using Microsoft.ML.Data;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>The values of a key label in key order (key k ↔ element k − 1), which the predicted key reuses.</summary>
/// <param name="ItemType">The values' type (text, Single, ...).</param>
/// <param name="Values">A <c>T[]</c> of the item type's raw type.</param>
internal sealed record LabelKeys(PrimitiveDataViewType ItemType, Array Values)
{
    /// <summary>The key values of <paramref name="label"/>, or the raw keys 1..count (UInt32) when it has none.</summary>
    public static LabelKeys Of(DataViewSchema.Column label, int classCount)
    {
        var kind = "KeyValues";
        if (label.Annotations.Schema.GetColumnOrNull(kind) is { Type: VectorDataViewType { ItemType: PrimitiveDataViewType item } })
        {
            var read = typeof(LabelKeys).GetMethod(nameof(Read), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(item.RawType);
            var values = (Array)read.Invoke(null, [label, classCount])!;
            return new LabelKeys(item, values);
        }
        return new LabelKeys(NumberDataViewType.UInt32, Enumerable.Range(1, classCount).Select(k => (uint)k).ToArray());
    }

    static T[] Read<T>(DataViewSchema.Column label, int classCount)
    {
        var buffer = default(VBuffer<T>);
        label.Annotations.GetValue("KeyValues", ref buffer);
        var values = new T[classCount];
        buffer.CopyTo(values);
        return values;
    }
}
