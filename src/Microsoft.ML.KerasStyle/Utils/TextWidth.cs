using System.Buffers;
using System.Globalization;
using System.Text;

namespace Microsoft.ML.KerasStyle.Utils;

/// <summary>
/// Terminal display width ("cells") of text, the way the Python <c>rich</c> library measures it
/// when Keras prints a model summary: East Asian Wide and Fullwidth characters take two cells,
/// combining marks, format characters and control characters take none, everything else one.
/// </summary>
/// <remarks>
/// Text is walked by Unicode scalar value (<see cref="Rune"/>), as Python walks a <c>str</c> by code
/// point. A zero-width character belongs to the cell of the character before it, and a zero width
/// joiner swallows the character after it (an emoji ZWJ sequence is as wide as its first emoji),
/// so cropping never separates a base character from its marks.
/// </remarks>
internal static class TextWidth
{
    /// <summary>The ellipsis rich appends to a cell that was cut short (one cell wide).</summary>
    public const string Ellipsis = "\u2026";

    private const int ZeroWidthJoiner = 0x200D;

    // East Asian Width W (Wide) and F (Fullwidth) ranges of assigned characters (Unicode 14, with
    // unassigned gaps inside a wide block folded into the block), plus the CJK planes 2 and 3.
    private static readonly (int First, int Last)[] WideRanges =
    [
        (0x1100, 0x115F), (0x231A, 0x231B), (0x2329, 0x232A), (0x23E9, 0x23EC), (0x23F0, 0x23F0),
        (0x23F3, 0x23F3), (0x25FD, 0x25FE), (0x2614, 0x2615), (0x2648, 0x2653), (0x267F, 0x267F),
        (0x2693, 0x2693), (0x26A1, 0x26A1), (0x26AA, 0x26AB), (0x26BD, 0x26BE), (0x26C4, 0x26C5),
        (0x26CE, 0x26CE), (0x26D4, 0x26D4), (0x26EA, 0x26EA), (0x26F2, 0x26F3), (0x26F5, 0x26F5),
        (0x26FA, 0x26FA), (0x26FD, 0x26FD), (0x2705, 0x2705), (0x270A, 0x270B), (0x2728, 0x2728),
        (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797),
        (0x27B0, 0x27B0), (0x27BF, 0x27BF), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55),
        (0x2E80, 0x303E), (0x3041, 0x3247), (0x3250, 0x4DBF), (0x4E00, 0xA4C6), (0xA960, 0xA97C),
        (0xAC00, 0xD7A3), (0xF900, 0xFAFF), (0xFE10, 0xFE19), (0xFE30, 0xFE6B), (0xFF01, 0xFF60),
        (0xFFE0, 0xFFE6), (0x16FE0, 0x1B2FB), (0x1F004, 0x1F004), (0x1F0CF, 0x1F0CF), (0x1F18E, 0x1F18E),
        (0x1F191, 0x1F19A), (0x1F200, 0x1F320), (0x1F32D, 0x1F335), (0x1F337, 0x1F37C), (0x1F37E, 0x1F393),
        (0x1F3A0, 0x1F3CA), (0x1F3CF, 0x1F3D3), (0x1F3E0, 0x1F3F0), (0x1F3F4, 0x1F3F4), (0x1F3F8, 0x1F43E),
        (0x1F440, 0x1F440), (0x1F442, 0x1F4FC), (0x1F4FF, 0x1F53D), (0x1F54B, 0x1F54E), (0x1F550, 0x1F567),
        (0x1F57A, 0x1F57A), (0x1F595, 0x1F596), (0x1F5A4, 0x1F5A4), (0x1F5FB, 0x1F64F), (0x1F680, 0x1F6C5),
        (0x1F6CC, 0x1F6CC), (0x1F6D0, 0x1F6D2), (0x1F6D5, 0x1F6DF), (0x1F6EB, 0x1F6EC), (0x1F6F4, 0x1F6FC),
        (0x1F7E0, 0x1F7F0), (0x1F90C, 0x1F93A), (0x1F93C, 0x1F945), (0x1F947, 0x1F9FF), (0x1FA70, 0x1FAFF),
        (0x20000, 0x2FFFD), (0x30000, 0x3FFFD),
    ];

    /// <summary>Number of terminal cells <paramref name="text"/> occupies.</summary>
    public static int Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var total = 0;
        var joinNext = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!joinNext) total += OfRune(rune);
            joinNext = rune.Value == ZeroWidthJoiner;
        }

        return total;
    }

    /// <summary>Cells taken by one Unicode scalar value on its own: 0, 1 or 2.</summary>
    public static int OfRune(Rune rune)
    {
        var cp = rune.Value;
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return 0;
        if (cp < 0x300) return 1; // Latin fast path: no marks, no wide characters below U+0300.
        if (cp >= 0x1160 && cp <= 0x11FF) return 0; // Hangul medial vowels and final consonants.
        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.EnclosingMark:
            case UnicodeCategory.SpacingCombiningMark:
            case UnicodeCategory.Format:
                return 0;
        }

        return IsWide(cp) ? 2 : 1;
    }

    /// <summary>Number of code points (Python's <c>len</c> of the same string).</summary>
    public static int CodePointCount(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var count = 0;
        foreach (var _ in text.EnumerateRunes()) count++;
        return count;
    }

    /// <summary>
    /// Crops or pads <paramref name="text"/> with spaces so it is exactly <paramref name="width"/> cells
    /// (rich's <c>set_cell_size</c>). A wide character cut in half is replaced by a space.
    /// </summary>
    public static string SetCellSize(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (width <= 0) return string.Empty;
        var size = Of(text);
        if (size == width) return text;
        if (size < width) return text + new string(' ', width - size);

        var used = 0;
        foreach (var span in Clusters(text))
        {
            if (used == width) return text[..span.Start];
            if (used + span.Width > width) return text[..span.Start] + " ";
            used += span.Width;
        }

        return text;
    }

    /// <summary>
    /// Returns <paramref name="text"/> unchanged when it fits in <paramref name="width"/> cells, otherwise
    /// cut to <paramref name="width"/> - 1 cells followed by an ellipsis (rich's "ellipsis" overflow).
    /// </summary>
    public static string Truncate(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Of(text) > width ? SetCellSize(text, width - 1) + Ellipsis : text;
    }

    /// <summary>Adds spaces on the right up to <paramref name="width"/> cells (never crops).</summary>
    public static string PadRight(string text, int width)
    {
        var missing = width - Of(text);
        return missing > 0 ? text + new string(' ', missing) : text;
    }

    /// <summary>Adds spaces on the left up to <paramref name="width"/> cells (never crops).</summary>
    public static string PadLeft(string text, int width)
    {
        var missing = width - Of(text);
        return missing > 0 ? new string(' ', missing) + text : text;
    }

    /// <summary>
    /// Centers <paramref name="text"/> in <paramref name="width"/> cells; an odd leftover space goes to the right
    /// (never crops).
    /// </summary>
    public static string Center(string text, int width)
    {
        var missing = width - Of(text);
        if (missing <= 0) return text;
        var left = missing / 2;
        return new string(' ', left) + text + new string(' ', missing - left);
    }

    /// <summary>
    /// Splits <paramref name="text"/> into display clusters: a base character with the zero-width characters
    /// that follow it. Start is the UTF-16 index where a cluster begins.
    /// </summary>
    internal static List<(int Start, int End, int Width)> Clusters(string text)
    {
        var spans = new List<(int Start, int End, int Width)>(text.Length);
        var index = 0;
        var joinNext = false;
        while (index < text.Length)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed) != OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
                consumed = 1;
            }

            var width = OfRune(rune);
            if (spans.Count > 0 && (width == 0 || joinNext))
            {
                var last = spans[^1];
                spans[^1] = (last.Start, index + consumed, last.Width);
            }
            else
            {
                spans.Add((index, index + consumed, width));
            }

            joinNext = rune.Value == ZeroWidthJoiner;
            index += consumed;
        }

        return spans;
    }

    private static bool IsWide(int codePoint)
    {
        var lo = 0;
        var hi = WideRanges.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            var (first, last) = WideRanges[mid];
            if (codePoint < first) hi = mid - 1;
            else if (codePoint > last) lo = mid + 1;
            else return true;
        }

        return false;
    }
}
