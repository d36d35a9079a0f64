using System.Globalization;
using System.Text;

namespace Microsoft.ML.KerasStyle.Callbacks;

/// <summary>
/// Python's <c>repr</c> of a float, which is how Keras's callbacks write numbers (CSV cells, "learning rate to …"
/// messages): the shortest text that reads back to the same double, fixed notation from 1e-4 up to 1e16 with a
/// trailing <c>.0</c> for whole numbers (<c>3.0</c>), otherwise <c>1e-05</c> / <c>1.5e+16</c>; <c>nan</c>, <c>inf</c>.
/// </summary>
internal static class PythonFloat
{
    public static string Repr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        var sign = value < 0 || (value == 0 && double.IsNegative(value)) ? "-" : "";
        if (value == 0) return sign + "0.0";

        // .NET's "R" is the shortest round-trip text (as Python's repr); only its layout differs, so take its digits
        // and decimal exponent and lay them out Python's way.
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var point = text.IndexOf('.');
        var integerDigits = point < 0 ? text.Length : point;
        var digits = text.Replace(".", "");
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        // The value is 0.<digits> × 10^decimalPoint (Python's decpt).
        var decimalPoint = integerDigits - leadingZeros + exponent;

        var result = new StringBuilder(sign);
        if (decimalPoint is > -4 and <= 16)
        {
            if (decimalPoint <= 0)
                result.Append("0.").Append('0', -decimalPoint).Append(digits);
            else if (decimalPoint < digits.Length)
                result.Append(digits, 0, decimalPoint).Append('.').Append(digits, decimalPoint, digits.Length - decimalPoint);
            else
                result.Append(digits).Append('0', decimalPoint - digits.Length).Append(".0");
        }
        else
        {
            result.Append(digits[0]);
            if (digits.Length > 1) result.Append('.').Append(digits, 1, digits.Length - 1);
            var power = decimalPoint - 1;
            result.Append('e').Append(power < 0 ? '-' : '+').Append(Math.Abs(power).ToString("00", CultureInfo.InvariantCulture));
        }
        return result.ToString();
    }
}
