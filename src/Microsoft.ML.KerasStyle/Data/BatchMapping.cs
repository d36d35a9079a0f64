using Microsoft.ML.KerasStyle.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Data;

/// <summary>
/// How a dataset element becomes a training <see cref="Batch"/>, as Keras unpacks tf.data elements: an element with
/// every component named (a dictionary) is the inputs alone; otherwise 1 component = <c>(x)</c> (prediction),
/// 2 = <c>(x, y)</c>, 3 = <c>(x, y, sampleWeight)</c>. x and y are each a tensor, a group by position (several
/// inputs/outputs in order) or a group by name (matched to the model's input/output names).
/// </summary>
internal static class BatchMapping
{
    public static Batch ToBatch(DatasetElement element, IReadOnlyList<string>? inputNames, IReadOnlyList<string>? outputNames)
    {
        if (element.IsNamed) return new Batch(Resolve<Inputs>(element, inputNames, "x", "input"), new Outputs());
        if (element.Count is < 1 or > 3)
            throw new InvalidOperationException(
                $"A dataset element given to a model must be (x), (x, y) or (x, y, sampleWeight), but it has {element.Count} components {element}. " +
                "Group several inputs in a tuple or a dictionary: Dataset.FromTensorSlices((a, b), y) or FromTensorSlices(inputsByName, targetsByName).");
        var x = Resolve<Inputs>(Part(element, 0), inputNames, "x", "input");
        var y = element.Count > 1 ? Resolve<Outputs>(Part(element, 1), outputNames, "y", "output") : new Outputs();
        Tensor? sampleWeight = null;
        if (element.Count == 3)
        {
            if (element.IsGroup(2))
                throw new InvalidOperationException($"The sample weights (component 2) of a dataset element must be one tensor, received the group {element.Group(2)}.");
            sampleWeight = element[2].to(ScalarType.Float32);
        }
        return new Batch(x, y, sampleWeight);
    }

    // Component i as an element of its own: a group as it is, a tensor as a one-tensor element.
    static DatasetElement Part(DatasetElement element, int index) => element.IsGroup(index) ? element.Group(index) : new DatasetElement(element[index]);

    // The tensors of x or y in the model's order: by name when the part is named, by position otherwise; names are
    // given to positional tensors when the model has names.
    static T Resolve<T>(DatasetElement part, IReadOnlyList<string>? names, string role, string kind) where T : TensorStructure, new()
    {
        var result = new T();
        for (var i = 0; i < part.Count; i++)
            if (part.IsGroup(i))
                throw new InvalidOperationException($"Dataset element {role}: component {part.Label(i)} is a nested group {part.Group(i)}; {role} holds tensors (one level of grouping).");
        if (names is null)
        {
            for (var i = 0; i < part.Count; i++)
            {
                if (part.Names[i] is { } n) result[n] = part[i];
                else result.Add(part[i]);
            }
            return result;
        }
        if (part.IsNamed)
        {
            var missing = names.Where(n => !part.Names.Contains(n)).ToList();
            var unknown = part.Names.Where(n => !names.Contains(n!)).ToList();
            if (missing.Count > 0 || unknown.Count > 0)
                throw new InvalidOperationException(
                    $"Dataset element {role} has the {kind} names [{string.Join(", ", part.Names.Select(n => $"'{n}'"))}] but the model expects [{string.Join(", ", names.Select(n => $"'{n}'"))}]" +
                    (missing.Count > 0 ? $"; missing: [{string.Join(", ", missing.Select(m => $"'{m}'"))}]" : "") +
                    (unknown.Count > 0 ? $"; unknown: [{string.Join(", ", unknown.Select(u => $"'{u}'"))}]" : "") + ".");
            foreach (var n in names) result[n] = part[n];
            return result;
        }
        if (part.Count != names.Count)
            throw new InvalidOperationException(
                $"Dataset element {role} holds {part.Count} tensor(s) {part} but the model has {names.Count} {kind}(s): [{string.Join(", ", names.Select(n => $"'{n}'"))}]. " +
                $"Give them in {kind} order as a tuple, or by name as a dictionary.");
        for (var i = 0; i < names.Count; i++) result[names[i]] = part[i];
        return result;
    }
}
