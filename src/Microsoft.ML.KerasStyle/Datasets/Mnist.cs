using Microsoft.ML.KerasStyle.Datasets;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle;

public static partial class Keras
{
    public static partial class Datasets
    {
        /// <summary>
        /// The MNIST handwritten digits, as Keras's <c>keras.datasets.mnist</c>: 60,000 training and 10,000 test images
        /// of 28×28 pixels, labels 0–9.
        /// </summary>
        /// <remarks>
        /// Read from Keras's <c>mnist.npz</c> (a zip of <c>x_train.npy</c>, <c>y_train.npy</c>, <c>x_test.npy</c>,
        /// <c>y_test.npy</c>) or from the four original IDX files (<c>train-images-idx3-ubyte[.gz]</c>,
        /// <c>train-labels-idx1-ubyte[.gz]</c>, <c>t10k-images-idx3-ubyte[.gz]</c>, <c>t10k-labels-idx1-ubyte[.gz]</c>).
        /// Without a <c>path</c>, each Keras cache folder is searched in turn — <c>$KERAS_HOME/datasets</c>,
        /// <c>~/.keras/datasets</c>, <c>/tmp/.keras/datasets</c> — for <c>mnist.npz</c>, then for a <c>mnist/</c> folder
        /// of IDX files. Nothing is downloaded: on a machine without MNIST, copy <c>mnist.npz</c> (Keras leaves it in
        /// <c>~/.keras/datasets</c> wherever it has run) into one of those folders, or use
        /// <see cref="LoadDataOrFashionMnist"/> to take Fashion-MNIST instead.
        /// </remarks>
        public static class Mnist
        {
            const string Dataset = "MNIST";

            /// <summary>
            /// Loads MNIST as Keras's <c>mnist.load_data()</c>:
            /// <c>var ((trainImages, trainLabels), (testImages, testLabels)) = Keras.Datasets.Mnist.LoadData();</c>
            /// </summary>
            /// <param name="path">
            /// A <c>.npz</c> file, or a folder holding <c>mnist.npz</c> or the four IDX files; only there is looked. A relative
            /// path not found as given is also tried under each Keras cache folder, as Keras's <c>path="mnist.npz"</c> is.
            /// Defaults to none: the Keras cache folders are searched.
            /// </param>
            /// <returns>
            /// Train and test splits: images uint8 (N, 28, 28) with pixels 0–255, labels int64 (N) with digits 0–9 (Keras
            /// gives uint8 labels; int64 is what sparse losses and metrics take).
            /// </returns>
            /// <exception cref="FileNotFoundException">MNIST is in none of the places; the message lists each and how to get the data.</exception>
            /// <exception cref="InvalidDataException">A file was found but is not a valid <c>.npz</c> or IDX dataset.</exception>
            public static ((Tensor Images, Tensor Labels) Train, (Tensor Images, Tensor Labels) Test) LoadData(string? path = null) =>
                LoadFrom(DatasetLocator.FromEnvironment(), path);

            /// <summary>
            /// Loads MNIST, or Fashion-MNIST when MNIST is nowhere to be found, and says which through
            /// <paramref name="source"/>. Both have the same shapes and ten classes, so a digits example still runs
            /// (on clothing images):
            /// <code>
            /// var ((trainImages, trainLabels), (testImages, testLabels)) = Keras.Datasets.Mnist.LoadDataOrFashionMnist(out var source);
            /// Console.WriteLine(source);   // e.g. "Fashion-MNIST from /usr/share/datasets/fashion-mnist: MNIST was not found (…)"
            /// </code>
            /// </summary>
            /// <param name="source">What was read and from where; <see cref="DatasetSource.IsFallback"/> is true for Fashion-MNIST.</param>
            /// <param name="path">Where MNIST is, as for <see cref="LoadData(string?)"/>; Fashion-MNIST is then looked for in its usual places. Defaults to none: the Keras cache folders.</param>
            /// <returns>The train and test splits, as <see cref="LoadData(string?)"/> returns them.</returns>
            /// <exception cref="FileNotFoundException">Neither dataset was found; the message lists every place looked for each and how to get them.</exception>
            /// <exception cref="InvalidDataException">A file was found but is not a valid <c>.npz</c> or IDX dataset.</exception>
            public static ((Tensor Images, Tensor Labels) Train, (Tensor Images, Tensor Labels) Test) LoadDataOrFashionMnist(
                out DatasetSource source, string? path = null) =>
                LoadOrFashionMnistFrom(DatasetLocator.FromEnvironment(), out source, path);

            internal static ((Tensor Images, Tensor Labels) Train, (Tensor Images, Tensor Labels) Test) LoadFrom(DatasetLocator locator, string? path)
            {
                var looked = new List<string>();
                var files = locator.FindMnist(path, looked) ?? throw NotFound(looked);
                return files.Load(Dataset);
            }

            internal static ((Tensor Images, Tensor Labels) Train, (Tensor Images, Tensor Labels) Test) LoadOrFashionMnistFrom(
                DatasetLocator locator, out DatasetSource source, string? path)
            {
                var lookedForMnist = new List<string>();
                if (locator.FindMnist(path, lookedForMnist) is { } mnist)
                {
                    source = new DatasetSource("mnist", mnist.Location, false, $"MNIST from {mnist.Location}.");
                    return mnist.Load(Dataset);
                }

                var lookedForFashion = new List<string>();
                if (locator.FindFashionMnist(null, lookedForFashion) is { } fashion)
                {
                    source = new DatasetSource("fashion_mnist", fashion.Location, true,
                        $"Fashion-MNIST from {fashion.Location}: MNIST was not found (looked in {string.Join("; ", lookedForMnist)}). " +
                        $"Same shapes, but labels 0–9 are clothing classes ({string.Join(", ", FashionMnist.ClassNames.Select((c, i) => $"{i} {c}"))}), not digits.");
                    return fashion.Load(FashionMnist.Dataset);
                }

                throw DatasetLocator.NotFound("Neither MNIST nor Fashion-MNIST was found",
                    lookedForMnist.Select(l => "MNIST: " + l).Concat(lookedForFashion.Select(l => "Fashion-MNIST: " + l)),
                    HowToGet + Environment.NewLine + FashionMnist.HowToGet, DatasetLocator.MnistNpz);
            }

            internal static string HowToGet =>
                "To get MNIST: copy Keras's mnist.npz (Keras keeps it in ~/.keras/datasets on any machine where " +
                "keras.datasets.mnist.load_data() has run) into ~/.keras/datasets/ or $KERAS_HOME/datasets/, or put the four IDX " +
                $"files ({string.Join(", ", DatasetLocator.IdxFileStems.Select(s => s + ".gz"))}) in ~/.keras/datasets/mnist/, " +
                "or pass the file or folder as 'path'. For a drop-in substitute on Debian/Ubuntu: apt-get install dataset-fashion-mnist " +
                "and call Keras.Datasets.FashionMnist.LoadData() or Keras.Datasets.Mnist.LoadDataOrFashionMnist(out var source).";

            static FileNotFoundException NotFound(List<string> looked) =>
                DatasetLocator.NotFound($"{Dataset} was not found", looked, HowToGet, DatasetLocator.MnistNpz);
        }
    }
}
