using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Microsoft.ML.KerasStyle.Utils;

/// <summary>
/// Renders the text of Keras 3's <c>model.summary()</c> byte for byte: the <c>Model: "name"</c> line, the
/// table that Keras draws with the Python <c>rich</c> library (heavy header box, a rule between rows), and the
/// <c> Total params:</c> footer.
/// </summary>
/// <remarks>
/// <para>
/// Keras (<c>keras/src/utils/summary_utils.py</c>, <c>print_summary</c>) picks the columns and their widths:
/// sequential-like models get "Layer (type)", "Output Shape", "Param #" at relative positions
/// 0.45/0.80/1.0 of a default line length of 88; other functional models add "Connected to" at
/// 0.3/0.56/0.74/1.0 of 108. <c>show_trainable</c> adds 12 to the default length, scales the positions by
/// 0.9 and appends a centered "Trainable" column at 1.0. The default length is capped at the terminal width
/// minus 4. Column i gets <c>int(position_i * line_length) - int(position_{i-1} * line_length)</c> cells, and
/// a column narrower than 4 is an error.
/// </para>
/// <para>
/// Keras hands those widths to a <c>rich.table.Table(width=line_length, show_lines=True)</c>, and rich
/// (<c>rich/table.py</c>, <c>_calculate_column_widths</c>) then adds the cell padding of one space on each
/// side, finds the total too wide for <c>line_length</c> minus the borders, and takes the excess off all
/// columns evenly (<c>ratio_reduce</c>, Python's round-half-even). Cell text is word-wrapped at whitespace
/// (<c>rich/_wrap.py</c>, <c>divide_line</c>); a word longer than the column is cut and ends in "…". The
/// "Param #" column is right-justified, "Trainable" centered, the others left-justified.
/// </para>
/// <para>
/// Widths are display cells (<see cref="TextWidth"/>), so CJK names keep every line of the table the same
/// width on a terminal. Unlike rich, this renderer never crops lines to the console's own width.
/// </para>
/// </remarks>
internal static class SummaryTable
{
    /// <summary>Keras's default line length for a sequential-like summary.</summary>
    public const int SequentialLineLength = 88;

    /// <summary>Keras's default line length for a summary with the "Connected to" column.</summary>
    public const int FunctionalLineLength = 108;

    /// <summary>What <c>show_trainable</c> adds to the default line length.</summary>
    public const int TrainableExtraLength = 12;

    private const string LayerHeader = "Layer (type)";
    private const string ShapeHeader = "Output Shape";
    private const string ParamHeader = "Param #";
    private const string ConnectedHeader = "Connected to";
    private const string TrainableHeader = "Trainable";

    private static readonly double[] SequentialPositions = [0.45, 0.80, 1.0];
    private static readonly double[] FunctionalPositions = [0.3, 0.56, 0.74, 1.0];
    private static readonly string[] MemoryUnits = ["B", "KB", "MB", "GB", "TB", "PB"];

    // rich's word pattern: leading whitespace, the word, trailing whitespace.
    private static readonly Regex Word = new(@"\G\s*\S+\s*", RegexOptions.CultureInvariant);
    private static readonly Regex TrailingWhitespace = new(@"\s+$", RegexOptions.CultureInvariant);

    /// <summary>How rich justifies the text of a column.</summary>
    internal enum Justify
    {
        /// <summary>Left-justified, padded on the right.</summary>
        Left,

        /// <summary>Right-justified, padded on the left.</summary>
        Right,

        /// <summary>Centered; an odd spare cell goes to the right.</summary>
        Center,
    }

    /// <summary>
    /// Returns the complete text Keras 3 prints for <c>model.summary()</c>: every line ends with <c>'\n'</c>.
    /// </summary>
    /// <param name="modelName">The model name, printed as <c>Model: "name"</c>.</param>
    /// <param name="rows">The table rows, in order (nested layers already flattened, with their depth).</param>
    /// <param name="sequentialLike">
    /// <see langword="true"/> for the three-column table of a Sequential, subclassed or linear functional model;
    /// <see langword="false"/> to add the "Connected to" column.
    /// </param>
    /// <param name="trainableParams">Number of trainable parameters.</param>
    /// <param name="nonTrainableParams">Number of non-trainable parameters.</param>
    /// <param name="trainableBytes">Memory taken by the trainable weights, in bytes.</param>
    /// <param name="nonTrainableBytes">Memory taken by the non-trainable weights, in bytes.</param>
    /// <param name="optimizerParams">
    /// Number of optimizer variables when the model is compiled with a built optimizer; <see langword="null"/>
    /// omits the "Optimizer params" line (and adds nothing to the total).
    /// </param>
    /// <param name="optimizerBytes">Memory taken by the optimizer variables, in bytes.</param>
    /// <param name="lineLength">
    /// Total width of the table; <see langword="null"/> or 0 for Keras's default (88, 108, +12 with
    /// <paramref name="showTrainable"/>, at most the terminal width minus 4).
    /// </param>
    /// <param name="positions">Relative right edges of the columns (Keras's <c>positions</c>); null or empty for the default.</param>
    /// <param name="showTrainable">Whether to add the "Trainable" column.</param>
    /// <returns>The summary text.</returns>
    /// <exception cref="ArgumentException">A column would be narrower than 4 cells, or too few positions were given.</exception>
    public static string Render(
        string modelName,
        IReadOnlyList<SummaryRow> rows,
        bool sequentialLike,
        long trainableParams,
        long nonTrainableParams,
        long trainableBytes,
        long nonTrainableBytes,
        long? optimizerParams = null,
        long optimizerBytes = 0,
        int? lineLength = null,
        double[]? positions = null,
        bool showTrainable = false)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentNullException.ThrowIfNull(rows);

        var headers = new List<string> { LayerHeader, ShapeHeader, ParamHeader };
        var justify = new List<Justify> { Justify.Left, Justify.Left, Justify.Right };
        if (!sequentialLike)
        {
            headers.Add(ConnectedHeader);
            justify.Add(Justify.Left);
        }

        var relative = positions is { Length: > 0 }
            ? positions
            : sequentialLike ? SequentialPositions : FunctionalPositions;
        if (showTrainable)
        {
            relative = [.. relative.Select(p => p * 0.90), 1.0];
            headers.Add(TrainableHeader);
            justify.Add(Justify.Center);
        }

        var width = lineLength is int given && given != 0
            ? given
            : DefaultLineLength(sequentialLike, showTrainable, DetectTerminalColumns());
        var columnWidths = ColumnWidths(relative, width);
        if (columnWidths.Length < headers.Count)
        {
            throw new ArgumentException(
                $"Expected at least {headers.Count} positions, got {columnWidths.Length}.", nameof(positions));
        }

        var cells = new List<IReadOnlyList<string>>(rows.Count);
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row);
            var prefix = row.Depth > 0 ? new string(' ', 3 * row.Depth) + "\u2514 " : string.Empty;
            var fields = new List<string>
            {
                $"{prefix}{row.Name} ({row.ClassName})",
                row.OutputShape,
                row.ParamCount,
            };
            if (!sequentialLike)
            {
                fields.Add(row.ConnectedTo is { Count: > 0 } connected ? string.Join(", ", connected) : "-");
            }

            if (showTrainable)
            {
                fields.Add(row.Trainable switch { true => "Y", false => "N", null => "-" });
            }

            cells.Add(fields);
        }

        var optimizerCount = optimizerParams ?? 0;
        var optimizerSize = optimizerParams is null ? 0 : optimizerBytes;
        var text = new StringBuilder();
        text.Append("Model: \"").Append(modelName).Append("\"\n");
        text.Append(RenderTable(headers, justify, columnWidths[..headers.Count], width, cells));
        AppendCount(text, "Total params", trainableParams + nonTrainableParams + optimizerCount,
            trainableBytes + nonTrainableBytes + optimizerSize);
        AppendCount(text, "Trainable params", trainableParams, trainableBytes);
        AppendCount(text, "Non-trainable params", nonTrainableParams, nonTrainableBytes);
        if (optimizerParams is not null)
        {
            AppendCount(text, "Optimizer params", optimizerCount, optimizerSize);
        }

        return text.ToString();
    }

    /// <summary>
    /// Formats a size in bytes as Keras's <c>readable_memory_size</c>: divided by 1024 until below 1024, two
    /// decimals (Python's round-half-even on the exact value), units B, KB, MB, GB, TB, PB: <c>3.54 KB</c>.
    /// </summary>
    /// <param name="bytes">The size in bytes.</param>
    /// <returns>The readable size.</returns>
    public static string ReadableMemorySize(long bytes)
    {
        if (bytes < 0) return bytes.ToString(CultureInfo.InvariantCulture) + ".00 B";

        // Keras divides a float by 1024 (exact in binary) and checks `size / 1024 < 1`; past PB it keeps
        // the last division and still says PB.
        var magnitude = (UInt128)(ulong)bytes;
        var exponent = 0;
        for (; exponent < MemoryUnits.Length; exponent++)
        {
            if (magnitude < ((UInt128)1 << (10 * (exponent + 1)))) break;
        }

        var unit = MemoryUnits[Math.Min(exponent, MemoryUnits.Length - 1)];
        var divisor = (UInt128)1 << (10 * exponent);
        var scaled = magnitude * 100;
        var hundredths = scaled / divisor;
        var remainder = scaled % divisor;
        var twice = remainder * 2;
        if (twice > divisor || (twice == divisor && (hundredths & 1) == 1)) hundredths++;

        var whole = hundredths / 100;
        var fraction = (int)(hundredths % 100);
        return $"{whole}.{fraction.ToString("00", CultureInfo.InvariantCulture)} {unit}";
    }

    /// <summary>
    /// Keras's default line length: 88 (sequential-like) or 108, plus 12 with the "Trainable" column, capped at
    /// <paramref name="terminalColumns"/> - 4.
    /// </summary>
    /// <param name="sequentialLike">Whether the summary has three columns rather than four.</param>
    /// <param name="showTrainable">Whether the "Trainable" column is shown.</param>
    /// <param name="terminalColumns">The terminal width, as Python's <c>shutil.get_terminal_size().columns</c>.</param>
    /// <returns>The line length.</returns>
    public static int DefaultLineLength(bool sequentialLike, bool showTrainable, int terminalColumns)
    {
        var length = sequentialLike ? SequentialLineLength : FunctionalLineLength;
        if (showTrainable) length += TrainableExtraLength;
        return Math.Min(length, terminalColumns - 4);
    }

    /// <summary>
    /// The terminal width as Python's <c>shutil.get_terminal_size()</c> finds it: a positive <c>COLUMNS</c>
    /// environment variable, else the width of the terminal standard output writes to, else 80 (which is what a
    /// notebook, a pipe or a test runner gets).
    /// </summary>
    /// <returns>The number of columns.</returns>
    public static int DetectTerminalColumns()
    {
        var variable = Environment.GetEnvironmentVariable("COLUMNS");
        if (int.TryParse(variable, NumberStyles.Integer, CultureInfo.InvariantCulture, out var columns) && columns > 0)
        {
            return columns;
        }

        try
        {
            if (!Console.IsOutputRedirected)
            {
                var width = Console.WindowWidth;
                if (width > 0) return width;
            }
        }
        catch (IOException)
        {
        }
        catch (PlatformNotSupportedException)
        {
        }

        return 80;
    }

    /// <summary>
    /// Keras's column widths: <c>int(position * lineLength)</c> minus the previous edge, each at least 4.
    /// </summary>
    internal static int[] ColumnWidths(IReadOnlyList<double> positions, int lineLength)
    {
        var widths = new int[positions.Count];
        var current = 0;
        for (var i = 0; i < positions.Count; i++)
        {
            var width = (int)(positions[i] * lineLength) - current;
            if (width < 4) throw new ArgumentException("Insufficient console width to print summary.");
            widths[i] = width;
            current += width;
        }

        return widths;
    }

    /// <summary>
    /// rich's <c>Table._calculate_column_widths</c> for fixed-width columns, padding (0, 1), a box with edges,
    /// and a table width: the returned widths include the padding but not the borders.
    /// </summary>
    internal static int[] RichColumnWidths(IReadOnlyList<int> columnWidths, int tableWidth)
    {
        var count = columnWidths.Count;
        var maxWidth = tableWidth - (2 + (count - 1));

        static int Measure(int fixedWidth, int available) =>
            available < 1 ? 0 : Math.Min(fixedWidth + 2, available);

        var widths = new int[count];
        for (var i = 0; i < count; i++)
        {
            var measured = Measure(columnWidths[i], maxWidth);
            widths[i] = measured == 0 ? 1 : measured;
        }

        var total = widths.Sum();
        if (total > maxWidth)
        {
            // No column may wrap (all have a fixed width), so rich reduces them all evenly.
            var ones = Enumerable.Repeat(1, count).ToArray();
            widths = RatioReduce(total - maxWidth, ones, widths, widths);
            total = widths.Sum();
            for (var i = 0; i < count; i++) widths[i] = Measure(columnWidths[i], widths[i]);
        }

        if (total < maxWidth)
        {
            // The table has an explicit width, so it expands to fill it.
            var extra = RatioDistribute(maxWidth - total, widths);
            for (var i = 0; i < count; i++) widths[i] += extra[i];
        }

        return widths;
    }

    /// <summary>rich's <c>ratio_reduce</c>: takes <paramref name="total"/> off the values in proportion to the ratios.</summary>
    internal static int[] RatioReduce(int total, IReadOnlyList<int> ratios, IReadOnlyList<int> maximums, IReadOnlyList<int> values)
    {
        var effective = new int[ratios.Count];
        for (var i = 0; i < effective.Length; i++) effective[i] = maximums[i] != 0 ? ratios[i] : 0;
        var totalRatio = effective.Sum();
        if (totalRatio == 0) return [.. values];

        var remaining = total;
        var result = new int[values.Count];
        for (var i = 0; i < result.Length; i++)
        {
            if (effective[i] != 0 && totalRatio > 0)
            {
                var share = Math.Round((double)effective[i] * remaining / totalRatio, MidpointRounding.ToEven);
                var distributed = Math.Min(maximums[i], (int)share);
                result[i] = values[i] - distributed;
                remaining -= distributed;
                totalRatio -= effective[i];
            }
            else
            {
                result[i] = values[i];
            }
        }

        return result;
    }

    /// <summary>rich's <c>ratio_distribute</c> without minimums: splits <paramref name="total"/> in proportion to the ratios.</summary>
    internal static int[] RatioDistribute(int total, IReadOnlyList<int> ratios)
    {
        var totalRatio = ratios.Sum();
        if (totalRatio <= 0) throw new InvalidOperationException("Sum of ratios must be > 0.");
        var remaining = total;
        var result = new int[ratios.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var distributed = totalRatio > 0
                ? Math.Max(0, (int)Math.Ceiling((double)ratios[i] * remaining / totalRatio))
                : remaining;
            result[i] = distributed;
            totalRatio -= ratios[i];
            remaining -= distributed;
        }

        return result;
    }

    /// <summary>
    /// Draws a rich <c>HEAVY_HEAD</c> table with <c>show_lines=True</c>: the header row framed by heavy lines, a light
    /// rule between rows, every cell padded by one space on each side.
    /// </summary>
    internal static string RenderTable(
        IReadOnlyList<string> headers,
        IReadOnlyList<Justify> justify,
        IReadOnlyList<int> columnWidths,
        int tableWidth,
        IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = RichColumnWidths(columnWidths, tableWidth);
        var text = new StringBuilder();
        AppendRule(text, widths, '\u250F', '\u2501', '\u2533', '\u2513'); // ┏━┳┓
        AppendCells(text, widths, justify, headers, header: true, '\u2503'); // ┃
        AppendRule(text, widths, '\u2521', '\u2501', '\u2547', '\u2529'); // ┡━╇┩
        for (var i = 0; i < rows.Count; i++)
        {
            if (i > 0) AppendRule(text, widths, '\u251C', '\u2500', '\u253C', '\u2524'); // ├─┼┤
            AppendCells(text, widths, justify, rows[i], header: false, '\u2502'); // │
        }

        AppendRule(text, widths, '\u2514', '\u2500', '\u2534', '\u2518'); // └─┴┘
        return text.ToString();
    }

    /// <summary>
    /// Wraps and justifies one cell's text to lines of exactly <paramref name="width"/> cells, as rich's
    /// <c>Text.wrap</c> does with overflow "ellipsis".
    /// </summary>
    internal static List<string> WrapCell(string text, int width, Justify justify)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var expanded = paragraph.Contains('\t', StringComparison.Ordinal) ? ExpandTabs(paragraph) : paragraph;
            var breaks = DivideLine(expanded, width);
            var start = 0;
            foreach (var end in breaks.Append(expanded.Length))
            {
                var line = RightStripBeyond(expanded[start..end], width);
                start = end;
                switch (justify)
                {
                    case Justify.Left:
                        line = TextWidth.Truncate(line, width);
                        break;
                    case Justify.Right:
                        line = TextWidth.PadLeft(TextWidth.Truncate(line.TrimEnd(), width), width);
                        break;
                    default:
                        line = TextWidth.Center(TextWidth.Truncate(line.TrimEnd(), width), width);
                        break;
                }

                lines.Add(TextWidth.SetCellSize(line, width));
            }
        }

        return lines;
    }

    /// <summary>
    /// rich's <c>divide_line</c> with <c>fold=False</c>: the string offsets at which to break <paramref name="text"/>
    /// so each line fits <paramref name="width"/> cells; a word too long for any line stays whole (and is cut later).
    /// </summary>
    internal static List<int> DivideLine(string text, int width)
    {
        var breaks = new List<int>();
        var offset = 0;
        for (var match = Word.Match(text, 0); match.Success; match = Word.Match(text, match.Index + match.Length))
        {
            var start = match.Index;
            var word = match.Value;
            var wordLength = TextWidth.Of(word.TrimEnd());
            if (width - offset >= wordLength)
            {
                offset += TextWidth.Of(word);
            }
            else if (wordLength > width)
            {
                if (start > 0) breaks.Add(start);
                offset = TextWidth.Of(word);
            }
            else if (offset > 0 && start > 0)
            {
                breaks.Add(start);
                offset = TextWidth.Of(word);
            }

            if (match.Length == 0) break;
        }

        return breaks;
    }

    private static void AppendCount(StringBuilder text, string label, long count, long bytes) =>
        text.Append(' ').Append(label).Append(": ").Append(SummaryRow.FormatCount(count))
            .Append(" (").Append(ReadableMemorySize(bytes)).Append(")\n");

    private static void AppendRule(StringBuilder text, int[] widths, char left, char line, char cross, char right)
    {
        text.Append(left);
        for (var i = 0; i < widths.Length; i++)
        {
            if (i > 0) text.Append(cross);
            text.Append(line, widths[i]);
        }

        text.Append(right).Append('\n');
    }

    private static void AppendCells(
        StringBuilder text,
        int[] widths,
        IReadOnlyList<Justify> justify,
        IReadOnlyList<string> fields,
        bool header,
        char vertical)
    {
        var cells = new List<List<string>>(widths.Length);
        for (var i = 0; i < widths.Length; i++) cells.Add(RenderCell(fields[i], widths[i], justify[i]));
        var height = cells.Max(c => c.Count);
        for (var i = 0; i < cells.Count; i++)
        {
            // The header row is aligned to the bottom, data rows to the top.
            var blank = new string(' ', widths[i]);
            while (cells[i].Count < height)
            {
                if (header) cells[i].Insert(0, blank);
                else cells[i].Add(blank);
            }
        }

        for (var line = 0; line < height; line++)
        {
            text.Append(vertical);
            for (var i = 0; i < cells.Count; i++)
            {
                if (i > 0) text.Append(vertical);
                text.Append(cells[i][line]);
            }

            text.Append(vertical).Append('\n');
        }
    }

    // A cell is its text with one space of padding on each side.
    private static List<string> RenderCell(string field, int width, Justify justify)
    {
        var inner = width - 2;
        if (inner <= 0) return [TextWidth.SetCellSize(" ", width)];
        return WrapCell(field, inner, justify).ConvertAll(line => " " + line + " ");
    }

    // rich's Text.rstrip_end: trailing whitespace is removed only as far as the text (counted in code points,
    // as Python's len does) is longer than the width.
    private static string RightStripBeyond(string line, int width)
    {
        var excess = TextWidth.CodePointCount(line) - width;
        if (excess <= 0) return line;
        var whitespace = TrailingWhitespace.Match(line);
        if (!whitespace.Success) return line;
        var remove = Math.Min(TextWidth.CodePointCount(whitespace.Value), excess);
        return line[..^remove];
    }

    // rich's Text.expand_tabs with a tab size of 8, in cells.
    private static string ExpandTabs(string text)
    {
        var builder = new StringBuilder();
        var position = 0;
        var parts = text.Split('\t');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                var spaces = 8 - (position % 8);
                builder.Append(' ', spaces);
                position += spaces;
            }

            builder.Append(parts[i]);
            position += TextWidth.Of(parts[i]);
        }

        return builder.ToString();
    }
}
