using System.Diagnostics;
using System.Globalization;

namespace Microsoft.ML.KerasStyle.Utils;

/// <summary>
/// Writes one TensorBoard event file, as <c>tf.summary.create_file_writer(logDir)</c> does: the file is named
/// <c>events.out.tfevents.&lt;unix seconds&gt;.&lt;hostname&gt;.&lt;pid&gt;.&lt;n&gt;.v2</c>, starts with a
/// <c>brain.Event:2</c> version event, and holds TF2 summaries (scalars, histograms, images) that TensorBoard's
/// Scalars, Histograms, Distributions and Images dashboards render. Like TensorFlow's writer, it hands events to
/// the operating system once more than 10 are pending or two minutes have passed; <see cref="Flush"/> and
/// <see cref="Dispose"/> write everything to disk. Not thread-safe.
/// </summary>
public sealed class SummaryFileWriter : IDisposable
{
    // TensorFlow's defaults for create_file_writer (max_queue=10, flush_millis=120000).
    const int MaxQueue = 10;
    static readonly TimeSpan FlushInterval = TimeSpan.FromMinutes(2);

    // TensorFlow puts a process-wide unique number in each file name so that writers never share a file.
    static int writersCreated;

    readonly TFRecordWriter records;
    int pending;
    long lastFlush = Stopwatch.GetTimestamp();
    bool disposed;

    /// <summary>Creates <paramref name="logDir"/> if needed and opens a new event file in it.</summary>
    /// <param name="logDir">The run's folder (TensorBoard shows each folder of event files as a run).</param>
    public SummaryFileWriter(string logDir)
    {
        if (string.IsNullOrWhiteSpace(logDir))
            throw new ArgumentException("SummaryFileWriter needs a log folder, received an empty path.", nameof(logDir));
        Directory.CreateDirectory(logDir);
        LogDir = logDir;
        var seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var unique = Interlocked.Increment(ref writersCreated) - 1;
        var fileName = string.Create(CultureInfo.InvariantCulture,
            $"events.out.tfevents.{seconds:D10}.{HostName()}.{Environment.ProcessId}.{unique}.v2");
        FilePath = Path.Combine(logDir, fileName);
        records = new TFRecordWriter(new FileStream(FilePath, FileMode.Create, FileAccess.Write, FileShare.Read));
        // TensorFlow stamps the version event with whole seconds and flushes it at once, so readers can identify
        // the file before any summary arrives.
        records.Write(SummaryEventEncoder.FileVersionEvent(seconds, "brain.Event:2"));
        records.Flush(toDisk: false);
    }

    /// <summary>The folder holding the file.</summary>
    public string LogDir { get; }

    /// <summary>The event file's full path.</summary>
    public string FilePath { get; }

    /// <summary>Writes a scalar (stored as float32, as <c>tf.summary.scalar</c> stores it).</summary>
    /// <param name="tag">The chart's name, e.g. <c>epoch_loss</c>.</param>
    /// <param name="value">The value.</param>
    /// <param name="step">The x-axis position (an epoch or a batch number).</param>
    public void WriteScalar(string tag, double value, long step) =>
        Append(SummaryEventEncoder.ScalarEvent(WallTime(), step, CheckTag(tag), (float)value));

    /// <summary>
    /// Writes a histogram of <paramref name="values"/> in <c>tf.summary.histogram</c>'s format: equal-width buckets
    /// from the minimum to the maximum (NaN and infinite values are left out).
    /// </summary>
    /// <param name="tag">The chart's name, e.g. <c>dense/kernel/histogram</c>.</param>
    /// <param name="values">The numbers to bucket (e.g. every element of a weight).</param>
    /// <param name="step">The x-axis position (an epoch).</param>
    /// <param name="buckets">The number of buckets (as TensorBoard). Defaults to 30.</param>
    public void WriteHistogram(string tag, ReadOnlySpan<double> values, long step, int buckets = HistogramBuckets.DefaultBucketCount)
    {
        if (buckets < 1)
            throw new ArgumentException($"WriteHistogram needs at least one bucket, received buckets={buckets}.", nameof(buckets));
        Append(SummaryEventEncoder.HistogramEvent(WallTime(), step, CheckTag(tag), HistogramBuckets.Compute(values, buckets)));
    }

    /// <summary>
    /// Writes images for the Images dashboard in <c>tf.summary.image</c>'s format: PNGs of the first
    /// <paramref name="maxOutputs"/> images of a <c>[k, height, width, channels]</c> batch.
    /// </summary>
    /// <param name="tag">The images' name, e.g. <c>dense/kernel/image</c>.</param>
    /// <param name="images">Intensities in [0, 1] shaped [k, height, width, channels] with 1, 3 or 4 channels; converted
    /// to bytes as <c>tf.image.convert_image_dtype(saturate=True)</c> does (× 255.5, clipped to [0, 255], truncated).</param>
    /// <param name="step">The x-axis position (an epoch).</param>
    /// <param name="maxOutputs">How many images of the batch to keep (as <c>tf.summary.image</c>). Defaults to 3.</param>
    public void WriteImages(string tag, float[,,,] images, long step, int maxOutputs = 3)
    {
        ArgumentNullException.ThrowIfNull(images);
        int count = images.GetLength(0), height = images.GetLength(1), width = images.GetLength(2), channels = images.GetLength(3);
        if (height == 0 || width == 0 || channels is not (1 or 3 or 4))
            throw new ArgumentException($"WriteImages needs [k, height, width, channels] images with height, width > 0 and 1, 3 or 4 channels, received [{count}, {height}, {width}, {channels}].", nameof(images));
        if (maxOutputs < 0)
            throw new ArgumentException($"WriteImages needs maxOutputs >= 0, received {maxOutputs}.", nameof(maxOutputs));
        var encoded = new List<byte[]>();
        var pixels = new byte[height * width * channels];
        for (var k = 0; k < Math.Min(count, maxOutputs); k++)
        {
            var i = 0;
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                    for (var c = 0; c < channels; c++)
                        pixels[i++] = ToByte(images[k, y, x, c]);
            encoded.Add(PngEncoder.Encode(pixels, width, height, channels));
        }
        Append(SummaryEventEncoder.ImageEvent(WallTime(), step, CheckTag(tag), width, height, encoded));
    }

    /// <summary>Writes every pending event to disk.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        records.Flush(toDisk: true);
        pending = 0;
        lastFlush = Stopwatch.GetTimestamp();
    }

    /// <summary>Flushes and closes the file; later writes throw.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        records.Dispose();
    }

    void Append(byte[] serializedEvent)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        records.Write(serializedEvent);
        if (++pending > MaxQueue || Stopwatch.GetElapsedTime(lastFlush) > FlushInterval)
        {
            records.Flush(toDisk: false);
            pending = 0;
            lastFlush = Stopwatch.GetTimestamp();
        }
    }

    string CheckTag(string tag)
    {
        if (string.IsNullOrEmpty(tag))
            throw new ArgumentException($"Summaries written to '{FilePath}' need a tag, received an empty one.", nameof(tag));
        return tag;
    }

    // tf.image.convert_image_dtype(float -> uint8, saturate=True): scale by 255.5, clip, truncate.
    static byte ToByte(float value) => float.IsNaN(value) ? (byte)0 : (byte)Math.Clamp(value * 255.5, 0, 255);

    // Seconds since the Unix epoch with microsecond resolution, as TensorFlow's NowMicros() / 1e6.
    static double WallTime() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond;

    static string HostName()
    {
        try
        {
            return System.Net.Dns.GetHostName();
        }
        catch (System.Net.Sockets.SocketException)
        {
            return Environment.MachineName;
        }
    }
}
