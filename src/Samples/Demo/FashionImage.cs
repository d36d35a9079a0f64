using Microsoft.ML.Data;

namespace Samples.Demo;

/// <summary>One Fashion-MNIST image as an ML.NET row: 784 pixels in [0, 1] and its class, 0 to 9.</summary>
public sealed class FashionImage
{
    /// <summary>The pixels, row by row, scaled to [0, 1].</summary>
    [VectorType(DemoModel.Pixels)]
    public float[] Features { get; set; } = [];

    /// <summary>The class index (see <c>Keras.Datasets.FashionMnist.ClassNames</c>).</summary>
    public uint Label { get; set; }
}
