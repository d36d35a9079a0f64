namespace Microsoft.ML.KerasStyle;

public static partial class Keras
{
    /// <summary>
    /// Keras's <c>keras.datasets</c>: <see cref="Mnist"/> and <see cref="FashionMnist"/>, read from local files only
    /// (Keras's cache folders, Debian's <c>dataset-fashion-mnist</c> package, or a path you give). Nothing is downloaded;
    /// missing data is a <see cref="FileNotFoundException"/> that lists every place looked and how to get the files.
    /// </summary>
    /// <remarks>
    /// As in Keras, <c>LoadData</c> returns <c>((trainImages, trainLabels), (testImages, testLabels))</c>, images as
    /// uint8 (N, 28, 28). Unlike Keras, labels are int64 (N) rather than uint8: that is the dtype sparse losses and
    /// metrics (<c>sparse_categorical_crossentropy</c>, <c>accuracy</c>) index with, so they need no conversion.
    /// </remarks>
    public static partial class Datasets
    {
    }
}
