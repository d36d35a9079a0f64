using Microsoft.ML.KerasStyle.Datasets;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle;

public static partial class Keras
{
    public static partial class Datasets
    {
        /// <summary>
        /// Zalando's Fashion-MNIST, as Keras's <c>keras.datasets.fashion_mnist</c>: 60,000 training and 10,000 test
        /// grayscale images of 28×28 pixels in ten clothing classes (<see cref="ClassNames"/>), a drop-in for MNIST.
        /// </summary>
        /// <remarks>
        /// Read from the four IDX files (<c>train-images-idx3-ubyte.gz</c>, <c>train-labels-idx1-ubyte.gz</c>,
        /// <c>t10k-images-idx3-ubyte.gz</c>, <c>t10k-labels-idx1-ubyte.gz</c>; unzipped copies work too). Without a
        /// <c>path</c>, the <c>fashion-mnist/</c> folder of each Keras cache folder is searched —
        /// <c>$KERAS_HOME/datasets</c>, <c>~/.keras/datasets</c>, <c>/tmp/.keras/datasets</c> — then Debian's
        /// <c>/usr/share/datasets/fashion-mnist</c> (<c>apt-get install dataset-fashion-mnist</c>). Nothing is downloaded.
        /// </remarks>
        public static class FashionMnist
        {
            internal const string Dataset = "Fashion-MNIST";

            /// <summary>The class of each label, 0 to 9, as Keras documents them.</summary>
            public static IReadOnlyList<string> ClassNames { get; } =
                ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

            /// <summary>
            /// Loads Fashion-MNIST as Keras's <c>fashion_mnist.load_data()</c>:
            /// <c>var ((trainImages, trainLabels), (testImages, testLabels)) = Keras.Datasets.FashionMnist.LoadData();</c>
            /// </summary>
            /// <param name="path">
            /// A folder holding the four IDX files (or a <c>.npz</c> with Keras's <c>x_train</c>, <c>y_train</c>, <c>x_test</c>,
            /// <c>y_test</c>); only there is looked. Defaults to none: the Keras cache folders, then Debian's folder.
            /// </param>
            /// <returns>
            /// Train and test splits: images uint8 (N, 28, 28) with pixels 0–255, labels int64 (N) with classes 0–9 (Keras
            /// gives uint8 labels; int64 is what sparse losses and metrics take).
            /// </returns>
            /// <exception cref="FileNotFoundException">Fashion-MNIST is in none of the places; the message lists each and how to get the data.</exception>
            /// <exception cref="InvalidDataException">A file was found but is not a valid IDX or <c>.npz</c> dataset.</exception>
            public static ((Tensor Images, Tensor Labels) Train, (Tensor Images, Tensor Labels) Test) LoadData(string? path = null) =>
                LoadFrom(DatasetLocator.FromEnvironment(), path);

            internal static ((Tensor Images, Tensor Labels) Train, (Tensor Images, Tensor Labels) Test) LoadFrom(DatasetLocator locator, string? path)
            {
                var looked = new List<string>();
                var files = locator.FindFashionMnist(path, looked)
                    ?? throw DatasetLocator.NotFound($"{Dataset} was not found", looked, HowToGet, "train-images-idx3-ubyte.gz");
                return files.Load(Dataset);
            }

            internal static string HowToGet =>
                "To get Fashion-MNIST: on Debian/Ubuntu, apt-get install dataset-fashion-mnist (installs the files in " +
                $"{DatasetLocator.DebianFashionMnistDirectory}); elsewhere, put the four IDX files " +
                $"({string.Join(", ", DatasetLocator.IdxFileStems.Select(s => s + ".gz"))}) in ~/.keras/datasets/fashion-mnist/ " +
                "(where Keras caches them) or pass their folder as 'path'.";
        }
    }
}
