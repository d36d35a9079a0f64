using System.Globalization;
using System.Text;

namespace Microsoft.ML.KerasStyle.Callbacks;

/// <summary>
/// Streams each epoch's logs to a CSV file, in Keras's <c>CSVLogger</c> format: a header <c>epoch,&lt;keys&gt;</c> with
/// the first epoch's log keys sorted (and, when none is a validation key, each key again with <c>val_</c>), then one
/// row per epoch; numbers as Python writes them (<c>0.25</c>, <c>1e-05</c>, <c>nan</c>), <c>NA</c> for a key an epoch
/// lacks, rows ended by <c>\r\n</c> (Python's csv "excel" dialect), the file flushed after every row.
/// </summary>
/// <example>
/// <code>
/// var csv = new CSVLogger("training.log");
/// model.Fit(x, y, epochs: 10, callbacks: [csv]);
/// </code>
/// </example>
public sealed class CSVLogger : Callback, IDisposable
{
    const string LineTerminator = "\r\n";
    StreamWriter? writer;
    List<string>? keys;
    bool appendHeader = true;
    bool headerWritten;

    /// <summary>Creates the callback.</summary>
    /// <param name="filename">The CSV file, e.g. <c>run/log.csv</c>.</param>
    /// <param name="separator">The one character between fields. Defaults to <c>,</c>.</param>
    /// <param name="append">Append to an existing file (to continue training) instead of overwriting it. Defaults to false.</param>
    public CSVLogger(string filename, string separator = ",", bool append = false)
    {
        if (string.IsNullOrEmpty(filename))
            throw new ArgumentException("CSVLogger: filename must be a file path, received an empty string.", nameof(filename));
        // Python's csv module takes a one-character delimiter only.
        if (separator is not { Length: 1 })
            throw new ArgumentException($"CSVLogger: separator must be a 1-character string, received '{separator}'.", nameof(separator));
        Filename = filename;
        Separator = separator;
        Append = append;
    }

    /// <summary>The CSV file.</summary>
    public string Filename { get; }

    /// <summary>The character between fields.</summary>
    public string Separator { get; }

    /// <summary>Whether rows are appended to an existing file.</summary>
    public bool Append { get; }

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        if (Append && File.Exists(Filename))
        {
            // A header goes in only when the file is empty (its first line has no characters, not even a newline).
            appendHeader = new FileInfo(Filename).Length == 0;
        }
        writer?.Dispose();
        writer = new StreamWriter(Filename, Append, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        keys = null;
        headerWritten = false;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (writer is null)
            throw new InvalidOperationException($"CSVLogger '{Filename}': OnEpochEnd was called before OnTrainBegin opened the file.");
        if (keys is null)
        {
            keys = logs.Keys.Order(StringComparer.Ordinal).ToList();
            // Validation keys are announced up front so that later epochs with validation fit the header.
            if (keys.Count > 0 && !keys.Any(k => k.StartsWith("val_", StringComparison.Ordinal)))
                keys.AddRange(keys.Select(k => "val_" + k).ToList());
        }
        if (!headerWritten)
        {
            if (appendHeader) WriteRow(["epoch", .. keys]);
            headerWritten = true;
        }
        WriteRow([epoch.ToString(CultureInfo.InvariantCulture), .. keys.Select(k => logs.TryGetValue(k, out var v) ? PythonFloat.Repr(v) : "NA")]);
        writer.Flush();
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs) => Dispose();

    /// <summary>Closes the file (also done at the end of training).</summary>
    public void Dispose()
    {
        writer?.Dispose();
        writer = null;
    }

    void WriteRow(IEnumerable<string> fields)
    {
        writer!.Write(string.Join(Separator, fields.Select(Quote)));
        writer.Write(LineTerminator);
    }

    // Python's csv QUOTE_MINIMAL: quote a field holding the separator, a quote or a line break; double inner quotes.
    string Quote(string field) =>
        field.Contains(Separator[0]) || field.Contains('"') || field.Contains('\r') || field.Contains('\n')
            ? "\"" + field.Replace("\"", "\"\"") + "\""
            : field;
}
