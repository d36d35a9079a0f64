namespace Microsoft.ML.KerasStyle.Datasets;

/// <summary>
/// Which dataset a loader actually read and from where, for loaders that may fall back to another dataset
/// (<see cref="Keras.Datasets.Mnist.LoadDataOrFashionMnist"/>). Printing it says so in a sentence.
/// </summary>
/// <param name="Name">The dataset read, by its Keras module name: <c>mnist</c> or <c>fashion_mnist</c>.</param>
/// <param name="Location">The <c>.npz</c> file or the folder of IDX files that was read.</param>
/// <param name="IsFallback">True when the dataset asked for was missing and this one was read instead.</param>
/// <param name="Description">One sentence for people: what was read, from where, and why when it is a fallback.</param>
public sealed record DatasetSource(string Name, string Location, bool IsFallback, string Description)
{
    /// <summary>The <see cref="Description"/>.</summary>
    public override string ToString() => Description;
}
