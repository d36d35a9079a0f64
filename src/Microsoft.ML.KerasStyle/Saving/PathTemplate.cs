using System.Globalization;
using System.Text;
using Microsoft.ML.KerasStyle.Callbacks;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Fills a checkpoint path such as <c>"model-{epoch:02d}-{val_loss:.2f}.keras"</c> as Python's <c>str.format</c> does
/// for Keras's <c>ModelCheckpoint</c>: <c>{name}</c> or <c>{name:spec}</c> with the spec subset
/// <c>[[fill]align][sign][0][width][,][.precision][type]</c>, types <c>d</c>, <c>f</c>, <c>e</c>, <c>g</c>,
/// <c>%</c> and none (a float as Python prints it); <c>{{</c> and <c>}}</c> are literal braces.
/// </summary>
internal static class PathTemplate
{
    /// <summary>The path with every field replaced by its value.</summary>
    /// <param name="template">The path template.</param>
    /// <param name="values">Field values (logs are floats, as in Python).</param>
    /// <param name="integerFields">The fields that are integers (<c>epoch</c>, <c>batch</c>): printed without a decimal point, and the only ones <c>d</c> accepts.</param>
    public static string Format(string template, IReadOnlyDictionary<string, double> values, IReadOnlyCollection<string>? integerFields = null)
    {
        var text = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{') { text.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}') { text.Append('}'); i++; continue; }
            if (c == '}') throw Error(template, "single '}' encountered in format string");
            if (c != '{') { text.Append(c); continue; }
            var end = template.IndexOf('}', i + 1);
            if (end < 0) throw Error(template, "single '{' encountered in format string");
            var field = template[(i + 1)..end];
            var colon = field.IndexOf(':');
            var name = colon < 0 ? field : field[..colon];
            var spec = colon < 0 ? "" : field[(colon + 1)..];
            if (!values.TryGetValue(name, out var value))
                throw Error(template, $"'{name}' is not among the values available to it: {string.Join(", ", values.Keys)}");
            text.Append(FormatValue(value, integerFields?.Contains(name) == true, spec, template));
            i = end;
        }
        return text.ToString();
    }

    static InvalidOperationException Error(string template, string reason) =>
        new($"Failed to format this callback filepath: \"{template}\". Reason: {reason}.");

    static string FormatValue(double value, bool isInteger, string spec, string template)
    {
        var p = 0;
        char fill = ' ';
        char? align = null;
        if (spec.Length >= 2 && spec[1] is '<' or '>' or '^' or '=') { fill = spec[0]; align = spec[1]; p = 2; }
        else if (spec.Length >= 1 && spec[0] is '<' or '>' or '^' or '=') { align = spec[0]; p = 1; }
        var sign = '-';
        if (p < spec.Length && spec[p] is '+' or '-' or ' ') sign = spec[p++];
        if (p < spec.Length && spec[p] == '0') { if (align is null) { fill = '0'; align = '='; } p++; }
        var width = 0;
        while (p < spec.Length && char.IsDigit(spec[p])) width = width * 10 + (spec[p++] - '0');
        var grouping = p < spec.Length && spec[p] == ',';
        if (grouping) p++;
        int? precision = null;
        if (p < spec.Length && spec[p] == '.')
        {
            p++;
            var start = p;
            while (p < spec.Length && char.IsDigit(spec[p])) p++;
            if (p == start) throw Error(template, $"format specifier missing precision in '{spec}'");
            precision = int.Parse(spec[start..p], CultureInfo.InvariantCulture);
        }
        var type = p < spec.Length ? spec[p++] : '\0';
        if (p != spec.Length) throw Error(template, $"invalid format specifier '{spec}'");

        string digits;
        var magnitude = Math.Abs(value);
        switch (type)
        {
            case 'd':
                if (!isInteger) throw Error(template, $"unknown format code 'd' for the float value {PythonFloat.Repr(value)}");
                digits = ((long)magnitude).ToString(grouping ? "#,0" : "0", CultureInfo.InvariantCulture);
                break;
            case 'f' or 'F':
                digits = magnitude.ToString((grouping ? "#,0." : "0.") + new string('0', precision ?? 6), CultureInfo.InvariantCulture).TrimEnd('.');
                break;
            case 'e' or 'E':
                digits = Exponent(magnitude, precision ?? 6, type);
                break;
            case 'g' or 'G':
                digits = General(magnitude, precision ?? 6, type);
                break;
            case '%':
                digits = (magnitude * 100).ToString("0." + new string('0', precision ?? 6), CultureInfo.InvariantCulture).TrimEnd('.') + "%";
                break;
            case '\0':
                digits = isInteger && precision is null ? ((long)magnitude).ToString(CultureInfo.InvariantCulture)
                    : precision is { } digitsWanted ? General(magnitude, digitsWanted, 'g')
                    : PythonFloat.Repr(magnitude);
                break;
            default:
                throw Error(template, $"unknown format code '{type}'");
        }
        var signText = value < 0 || double.IsNegative(value) && value == 0 && !isInteger ? "-" : sign == '+' ? "+" : sign == ' ' ? " " : "";
        var body = signText + digits;
        if (body.Length >= width) return body;
        var padding = width - body.Length;
        return (align ?? '>') switch
        {
            '<' => body + new string(fill, padding),
            '^' => new string(fill, padding / 2) + body + new string(fill, padding - padding / 2),
            '=' => signText + new string(fill, padding) + digits,
            _ => new string(fill, padding) + body,
        };
    }

    static string Exponent(double magnitude, int precision, char type)
    {
        var text = magnitude.ToString((precision > 0 ? "0." + new string('0', precision) : "0") + "e+00", CultureInfo.InvariantCulture);
        return type == 'E' ? text.ToUpperInvariant() : text;
    }

    // Python's general format: scientific when the exponent is < -4 or >= the precision, trailing zeros removed.
    static string General(double magnitude, int precision, char type)
    {
        if (precision == 0) precision = 1;
        if (magnitude == 0) return "0";
        var exponent = (int)Math.Floor(Math.Log10(double.Parse(Exponent(magnitude, precision - 1, 'e'), CultureInfo.InvariantCulture)));
        string text;
        if (exponent < -4 || exponent >= precision)
        {
            text = Exponent(magnitude, precision - 1, type);
            var e = text.IndexOfAny(['e', 'E']);
            var mantissa = text[..e];
            if (mantissa.Contains('.')) mantissa = mantissa.TrimEnd('0').TrimEnd('.');
            text = mantissa + text[e..];
        }
        else
        {
            text = magnitude.ToString("0." + new string('0', Math.Max(precision - 1 - exponent, 0)), CultureInfo.InvariantCulture);
            if (text.Contains('.')) text = text.TrimEnd('0').TrimEnd('.');
        }
        return text;
    }
}
