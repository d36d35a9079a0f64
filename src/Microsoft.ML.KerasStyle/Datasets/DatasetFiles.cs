using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Datasets;

/// <summary>How a found dataset is stored.</summary>
internal enum DatasetFormat
{
    /// <summary>Keras's <c>mnist.npz</c> layout: <c>x_train</c>, <c>y_train</c>, <c>x_test</c>, <c>y_test</c>.</summary>
    Npz,

    /// <summary>Four IDX files: train images, train labels, test images, test labels.</summary>
    Idx,
}

/// <summary>A dataset found on disk (by <see cref="DatasetLocator"/>) and how to read it into Keras's split tensors.</summary>
/// <param name="Format">How it is stored.</param>
/// <param name="Location">The <c>.npz</c> file or the IDX folder, as reported to the user.</param>
/// <param name="Files">The <c>.npz</c> file, or the four IDX files in <see cref="DatasetLocator.IdxFileStems"/> order.</param>
internal sealed record DatasetFiles(DatasetFormat Format, string Location, string[] Files)
{
    static readonly string[] NpzKeys = ["x_train", "y_train", "x_test", "y_test"];

    /// <summary>
    /// Reads the train and test splits: images as stored (uint8, (N, rows, cols)), labels widened to int64 (N) so that
    /// they feed sparse losses and metrics directly.
    /// </summary>
    public ((Tensor Images, Tensor Labels) Train, (Tensor Images, Tensor Labels) Test) Load(string dataset)
    {
        var parts = Format == DatasetFormat.Npz ? ReadNpz(dataset) : ReadIdx();
        try
        {
            return (Split(parts[0], parts[1], "train", dataset), Split(parts[2], parts[3], "test", dataset));
        }
        catch
        {
            foreach (var part in parts) part.Dispose();
            throw;
        }
    }

    Tensor[] ReadIdx()
    {
        var parts = new List<Tensor>();
        try
        {
            foreach (var file in Files) parts.Add(Idx.Read(file));
            return [.. parts];
        }
        catch
        {
            foreach (var part in parts) part.Dispose();
            throw;
        }
    }

    Tensor[] ReadNpz(string dataset)
    {
        var arrays = Npz.Load(Location);
        var missing = NpzKeys.Where(k => !arrays.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            foreach (var array in arrays.Values) array.Dispose();
            throw new InvalidDataException(
                $"{dataset}: '{Location}' lacks the array(s) {string.Join(", ", missing)}; Keras's layout is {string.Join(", ", NpzKeys)} " +
                $"(found: {(arrays.Count == 0 ? "none" : string.Join(", ", arrays.Keys))}).");
        }
        foreach (var (name, array) in arrays)
            if (!NpzKeys.Contains(name)) array.Dispose();
        return NpzKeys.Select(k => arrays[k]).ToArray();
    }

    (Tensor Images, Tensor Labels) Split(Tensor images, Tensor labels, string split, string dataset)
    {
        if (images.dtype != ScalarType.Byte || images.dim() != 3)
            throw new InvalidDataException(
                $"{dataset} {split} images in '{Location}' must be uint8 of shape (N, rows, columns); found {images.dtype} ({string.Join(", ", images.shape)}).");
        if (labels.dim() != 1 || labels.dtype is not (ScalarType.Byte or ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 or ScalarType.Int64))
            throw new InvalidDataException(
                $"{dataset} {split} labels in '{Location}' must be integers of shape (N); found {labels.dtype} ({string.Join(", ", labels.shape)}).");
        if (labels.shape[0] != images.shape[0])
            throw new InvalidDataException(
                $"{dataset} {split} split in '{Location}' has {images.shape[0]} images but {labels.shape[0]} labels.");
        if (labels.dtype == ScalarType.Int64) return (images, labels);
        using (labels) return (images, labels.to(ScalarType.Int64));
    }
}
