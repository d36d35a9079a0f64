using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Datasets;

/// <summary>
/// Reads NumPy's <c>.npz</c> archives (what <c>numpy.savez</c> writes and Keras's <c>mnist.npz</c> is: a zip of one
/// <c>.npy</c> file per array) and single <c>.npy</c> arrays, format versions 1.0, 2.0 and 3.0.
/// </summary>
/// <remarks>
/// A <c>.npy</c> file is the magic <c>\x93NUMPY</c>, a major and minor version byte, the header's length (little-endian,
/// 2 bytes in version 1, 4 bytes after), a Python dict literal such as
/// <c>{'descr': '|u1', 'fortran_order': False, 'shape': (60000, 28, 28), }</c>, then the raw data. Supported element
/// types: <c>b1</c>, <c>u1</c>, <c>i1</c>, <c>i2</c>, <c>i4</c>, <c>i8</c>, <c>f2</c>, <c>f4</c>, <c>f8</c>, either byte
/// order; Fortran-ordered arrays come back in the usual row-major layout. Pickled object arrays are refused, as
/// <c>np.load(allow_pickle=False)</c> does.
/// </remarks>
public static class Npz
{
    static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads every array of the <c>.npz</c> archive at <paramref name="path"/>.</summary>
    /// <param name="path">The archive, e.g. <c>~/.keras/datasets/mnist.npz</c>.</param>
    /// <returns>The arrays by name (the entry name without <c>.npy</c>, e.g. <c>x_train</c>), in archive order.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a zip archive, or an entry is not a readable <c>.npy</c> array.</exception>
    public static Dictionary<string, Tensor> Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"NumPy archive '{path}' does not exist.", path);
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a .npz file (a zip archive of .npy arrays): {e.Message}", e);
        }

        using (archive)
        {
            var arrays = new Dictionary<string, Tensor>();
            try
            {
                foreach (var entry in archive.Entries.Where(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal)))
                {
                    using var stream = entry.Open();
                    arrays[entry.FullName[..^".npy".Length]] = ReadArray(stream, $"{path}:{entry.FullName}");
                }
            }
            catch
            {
                foreach (var array in arrays.Values) array.Dispose();
                throw;
            }
            return arrays;
        }
    }

    /// <summary>Reads one <c>.npy</c> array from <paramref name="stream"/>.</summary>
    /// <param name="stream">The array's bytes, positioned at the magic; it is read to the array's end and left open.</param>
    /// <param name="name">What to call the array in error messages. Defaults to <c>npy stream</c>.</param>
    /// <returns>A tensor of the array's shape and matching dtype (<c>u1</c> → uint8, <c>i8</c> → int64, <c>f4</c> → float32, …).</returns>
    /// <exception cref="InvalidDataException">The data is not a <c>.npy</c> array of a supported type, or is truncated.</exception>
    public static Tensor ReadArray(Stream stream, string name = "npy stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        var preamble = new byte[Magic.Length + 2];
        if (Fill(stream, preamble) < preamble.Length || !preamble.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"'{name}' is not a .npy array: it does not start with the magic \\x93NUMPY.");
        var major = preamble[Magic.Length];
        var lengthBytes = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw new InvalidDataException($"'{name}': .npy format version {major}.{preamble[Magic.Length + 1]} is not supported (1.0, 2.0 and 3.0 are)."),
        };
        var lengthField = new byte[lengthBytes];
        if (Fill(stream, lengthField) < lengthBytes) throw new InvalidDataException($"'{name}' is truncated inside its .npy header.");
        var headerLength = lengthBytes == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthField) : BinaryPrimitives.ReadUInt32LittleEndian(lengthField);
        if (headerLength > 1 << 20) throw new InvalidDataException($"'{name}': a .npy header of {headerLength} bytes is not credible.");
        var headerBytes = new byte[headerLength];
        if (Fill(stream, headerBytes) < headerBytes.Length) throw new InvalidDataException($"'{name}' is truncated inside its .npy header.");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);

        var (dtype, itemSize, bigEndian) = ParseDescr(header, name);
        var fortranOrder = ParseFortranOrder(header, name);
        var shape = ParseShape(header, name);

        long count = 1;
        foreach (var size in shape)
        {
            count *= size;
            if (count * itemSize > Array.MaxLength) throw new InvalidDataException($"'{name}': shape ({string.Join(", ", shape)}) is too large to be real data.");
        }
        // One bulk read of the whole array: the tensor is made from this buffer, never element by element.
        var data = new byte[count * itemSize];
        var read = Fill(stream, data);
        if (read < data.Length)
            throw new InvalidDataException($"'{name}' is truncated: shape ({string.Join(", ", shape)}) of {itemSize}-byte items needs {data.Length} bytes, found {read}.");
        if (bigEndian) SwapToLittleEndian(data, itemSize);

        // Fortran order is the reversed shape laid out row-major; transposing it back gives NumPy's logical array.
        var storedShape = fortranOrder ? shape.Reverse().ToArray() : shape;
        Tensor stored;
        if (dtype == ScalarType.Byte)
        {
            stored = tensor(data, storedShape, ScalarType.Byte);
        }
        else
        {
            stored = empty(storedShape, dtype);
            stored.bytes = data;
        }
        if (!fortranOrder || shape.Length < 2) return stored;
        using (stored)
            return stored.permute(Enumerable.Range(0, shape.Length).Reverse().Select(i => (long)i).ToArray()).contiguous();
    }

    static (ScalarType Dtype, int ItemSize, bool BigEndian) ParseDescr(string header, string name)
    {
        var match = Regex.Match(header, @"'descr'\s*:\s*'([<>|=])([a-zA-Z])(\d+)'");
        if (!match.Success)
            throw new InvalidDataException($"'{name}': the .npy header {header.Trim()} has no simple 'descr' (structured and object arrays are not supported).");
        var order = match.Groups[1].Value[0];
        var kind = match.Groups[2].Value[0];
        var itemSize = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
        ScalarType dtype = (kind, itemSize) switch
        {
            ('b', 1) => ScalarType.Bool,
            ('u', 1) => ScalarType.Byte,
            ('i', 1) => ScalarType.Int8,
            ('i', 2) => ScalarType.Int16,
            ('i', 4) => ScalarType.Int32,
            ('i', 8) => ScalarType.Int64,
            ('f', 2) => ScalarType.Float16,
            ('f', 4) => ScalarType.Float32,
            ('f', 8) => ScalarType.Float64,
            _ => throw new InvalidDataException(
                $"'{name}': NumPy dtype '{order}{kind}{itemSize}' is not supported; use b1, u1, i1, i2, i4, i8, f2, f4 or f8."),
        };
        // '=' is the writer's native order; every platform NumPy runs on today is little-endian.
        var bigEndian = order == '>' || (order == '=' && !BitConverter.IsLittleEndian);
        return (dtype, itemSize, bigEndian && itemSize > 1);
    }

    static bool ParseFortranOrder(string header, string name)
    {
        var match = Regex.Match(header, @"'fortran_order'\s*:\s*(True|False)");
        if (!match.Success) throw new InvalidDataException($"'{name}': the .npy header {header.Trim()} has no 'fortran_order'.");
        return match.Groups[1].Value == "True";
    }

    static long[] ParseShape(string header, string name)
    {
        var match = Regex.Match(header, @"'shape'\s*:\s*\(([^)]*)\)");
        if (!match.Success) throw new InvalidDataException($"'{name}': the .npy header {header.Trim()} has no 'shape' tuple.");
        var parts = match.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Select(p => long.TryParse(p.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            ? size
            : throw new InvalidDataException($"'{name}': the .npy shape ({match.Groups[1].Value}) is not a tuple of sizes.")).ToArray();
    }

    static void SwapToLittleEndian(byte[] data, int itemSize)
    {
        switch (itemSize)
        {
            case 2:
                var shorts = MemoryMarshal.Cast<byte, ushort>(data.AsSpan());
                BinaryPrimitives.ReverseEndianness(shorts, shorts);
                break;
            case 4:
                var ints = MemoryMarshal.Cast<byte, uint>(data.AsSpan());
                BinaryPrimitives.ReverseEndianness(ints, ints);
                break;
            case 8:
                var longs = MemoryMarshal.Cast<byte, ulong>(data.AsSpan());
                BinaryPrimitives.ReverseEndianness(longs, longs);
                break;
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the count read.</summary>
    static int Fill(Stream stream, Span<byte> buffer) => stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
}
