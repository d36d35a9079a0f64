using System.Collections;
using System.Runtime.CompilerServices;
using Microsoft.ML.KerasStyle.Backend;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Data;

/// <summary>
/// Turns the .NET values users pass (tensors, arrays, tuples, dictionaries, elements) into element components, the
/// way tf.data reads nested structures: a tuple or a <c>Tensor[]</c> is a group by position, a dictionary a group by
/// name (<see cref="Inputs"/> and <see cref="Outputs"/> keep their names, or positions), a tensor or an array a leaf.
/// </summary>
internal static class ElementStructure
{
    /// <summary>The component for <paramref name="value"/>; <paramref name="argument"/> names it in errors.</summary>
    public static DatasetElement.Component Parse(object? value, string argument, string? name = null) => value switch
    {
        null => throw new ArgumentNullException(argument, $"'{argument}' is null; a tensor, an array, a tuple or a dictionary is needed."),
        DatasetElement element => DatasetElement.Component.Nested(name, element),
        Tensor tensor => DatasetElement.Component.Leaf(name, tensor),
        TensorStructure structure => DatasetElement.Component.Nested(name, new DatasetElement(
            structure.Select((t, i) => DatasetElement.Component.Leaf(structure.Names[i], t)))),
        IDictionary dictionary => DatasetElement.Component.Nested(name, new DatasetElement(Entries(dictionary, argument))),
        ITuple tuple => DatasetElement.Component.Nested(name, new DatasetElement(
            Enumerable.Range(0, tuple.Length).Select(i => Parse(tuple[i], $"{argument}.Item{i + 1}")))),
        IReadOnlyList<Tensor> list => DatasetElement.Component.Nested(name, new DatasetElement(list.Select((t, i) => Parse(t, $"{argument}[{i}]")))),
        _ => DatasetElement.Component.Leaf(name, TensorConversions.ToTensor(value, argument)),
    };

    static IEnumerable<DatasetElement.Component> Entries(IDictionary dictionary, string argument)
    {
        foreach (DictionaryEntry entry in dictionary)
        {
            if (entry.Key is not string key)
                throw new ArgumentException($"'{argument}' is a dictionary with {entry.Key.GetType().Name} keys; components are named by string keys.", argument);
            yield return Parse(entry.Value, $"{argument}[\"{key}\"]", key);
        }
    }
}
