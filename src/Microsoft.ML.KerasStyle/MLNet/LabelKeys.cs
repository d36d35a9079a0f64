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

    /// <summary>
    /// A value of the item type that is none of <see cref="Values"/>, so that <c>MapValueToKey</c> turns it into the
    /// missing key 0: empty text (never a key value in ML.NET), NaN, the smallest unused non-negative integer, an unused
    /// Boolean. Null when there is none (both Booleans are classes, or every value of a byte type is).
    /// </summary>
    public object? NoClassValue()
    {
        var raw = ItemType.RawType;
        if (raw == typeof(ReadOnlyMemory<char>)) return ReadOnlyMemory<char>.Empty;
        if (raw == typeof(float)) return float.NaN;
        if (raw == typeof(double)) return double.NaN;
        var used = Values.Cast<object>().ToHashSet();
        if (raw == typeof(bool)) return new object[] { false, true }.FirstOrDefault(b => !used.Contains(b));
        if (!raw.IsPrimitive || raw == typeof(char) || raw == typeof(IntPtr) || raw == typeof(UIntPtr)) return null;
        for (decimal candidate = 0; ; candidate++)
        {
            object value;
            try
            {
                value = Convert.ChangeType(candidate, raw, System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (OverflowException)
            {
                return null;
            }
            if (!used.Contains(value)) return value;
        }
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
