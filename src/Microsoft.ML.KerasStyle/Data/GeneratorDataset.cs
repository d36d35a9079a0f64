using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Data;

/// <summary>
/// Elements from a .NET enumerable, called again for each enumeration (tf.data's <c>from_generator</c>). Tensors the
/// generator creates while producing an element (an iterator method) belong to that element's step; tensors of elements
/// built up front (a list) are left to the garbage collector.
/// </summary>
internal sealed class GeneratorDataset(Func<IEnumerable<DatasetElement>> generator, long cardinality) : Dataset
{
    public override long Cardinality => cardinality;

    internal override IEnumerable<DatasetElement> Elements()
    {
        IEnumerable<DatasetElement> elements;
        using (var scope = NewDisposeScope())
        {
            elements = generator() ?? throw new InvalidOperationException("Dataset.FromGenerator: the generator returned null instead of an enumerable.");
            // Tensors made up front (a list of elements rather than an iterator) serve later steps too: they must not
            // be released with the first one, so they are left to the garbage collector like unscoped tensors.
            scope.Detach(scope.DisposablesView);
        }
        foreach (var element in elements)
            yield return element ?? throw new InvalidOperationException("Dataset.FromGenerator: the generator produced a null element.");
    }
}
