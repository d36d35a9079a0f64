using Microsoft.ML;
using Microsoft.ML.Data;

namespace Samples.Listings;

/// <summary>
/// Fashion-MNIST as ML.NET data views: a 784-value <c>Features</c> vector (pixels / 255) and the class name as a text
/// <c>Label</c> (e.g. "Ankle boot"), as an ML.NET user would load it.
/// </summary>
public static class FashionMnistDataView
{
    /// <summary>One image.</summary>
    public sealed class Row
    {
        /// <summary>The 28 × 28 pixels, row by row, scaled to [0, 1].</summary>
        [VectorType(784)]
        public float[] Features { get; set; } = [];

        /// <summary>The class name.</summary>
        public string Label { get; set; } = "";
    }

    /// <summary>The first <paramref name="trainRows"/> training and <paramref name="testRows"/> test images (all when null).</summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <param name="trainRows">Training rows to keep. Defaults to all 60,000.</param>
    /// <param name="testRows">Test rows to keep. Defaults to all 10,000.</param>
    public static (IDataView Train, IDataView Test) Load(MLContext ml, int? trainRows = null, int? testRows = null)
    {
        var ((trainImages, trainLabels), (testImages, testLabels)) = Keras.Datasets.FashionMnist.LoadData();
        return (ml.Data.LoadFromEnumerable(Rows(trainImages, trainLabels, trainRows)), ml.Data.LoadFromEnumerable(Rows(testImages, testLabels, testRows)));
    }

    /// <summary>Rows of images (N, 28, 28) bytes and labels (N) class indices.</summary>
    public static List<Row> Rows(Tensor images, Tensor labels, int? count = null)
    {
        var n = (int)Math.Min(count ?? images.shape[0], images.shape[0]);
        var pixels = images[..n].reshape(n, 784).to(ScalarType.Float32).div(255f).data<float>().ToArray();
        var classes = labels[..n].data<long>().ToArray();
        var names = Keras.Datasets.FashionMnist.ClassNames;
        return Enumerable.Range(0, n).Select(i => new Row { Features = pixels.AsSpan(i * 784, 784).ToArray(), Label = names[(int)classes[i]] }).ToList();
    }
}
