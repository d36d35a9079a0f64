using Microsoft.ML.KerasStyle.Layers;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Backend;

/// <summary>
/// Output shapes of a layer that has no shape formula (a custom layer or subclassed model): runs it on zeros with the
/// unknown dimensions set to two different sizes; output dimensions that change with them are unknown.
/// </summary>
internal static class ShapeInference
{
    const int FirstProbe = 2, SecondProbe = 3;

    /// <param name="layer">The layer to probe.</param>
    /// <param name="inputShapes">Its input shapes.</param>
    /// <param name="inputNames">Names to pass the probe inputs by (e.g. a subclassed model reading inputs["title"]); null entries go by position.</param>
    public static IReadOnlyList<int?[]> Run(Layer layer, IReadOnlyList<int?[]> inputShapes, IReadOnlyList<string?>? inputNames = null)
    {
        var first = Probe(layer, inputShapes, inputNames, FirstProbe);
        if (!inputShapes.Any(s => s.Any(d => d is null))) return first.Select(s => s.Select(d => (int?)d).ToArray()).ToList();
        var second = Probe(layer, inputShapes, inputNames, SecondProbe);
        return first.Zip(second, (a, b) => a.Zip(b, (x, y) => x == y ? (int?)x : null).ToArray()).ToList();
    }

    static List<int[]> Probe(Layer layer, IReadOnlyList<int?[]> inputShapes, IReadOnlyList<string?>? inputNames, int unknownSize)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var inputs = new Inputs();
        var named = inputNames is not null && inputNames.All(n => n is not null) && inputNames.Distinct().Count() == inputNames.Count;
        for (var i = 0; i < inputShapes.Count; i++)
        {
            var zerosLike = zeros(inputShapes[i].Select(d => (long)(d ?? unknownSize)).ToArray(), dtype: Dtypes.ToScalarType(layer.Dtype));
            if (named) inputs[inputNames![i]!] = zerosLike;
            else inputs.Add(zerosLike);
        }
        var outputs = layer.Apply(inputs, training: false);
        return outputs.Select(t => t.shape.Select(d => (int)d).ToArray()).ToList();
    }
}
