using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Microsoft.ML.KerasStyle.Utils;

/// <summary>
/// Keras's text progress bar (<c>keras.utils.Progbar</c>), character for character:
/// <c>1875/1875 ━━━━━━━━━━━━━━━━━━━━ 3s 2ms/step - accuracy: 0.8852 - loss: 0.4130</c>.
/// </summary>
/// <remarks>
/// <para>
/// Verbose 1 redraws one line: on an interactive terminal each update starts with backspaces over the previous line and
/// a carriage return; otherwise each update starts on a new line (<c>"\n"</c>), as Keras does. Updates closer than
/// <see cref="Interval"/> seconds to the last one shown are skipped, except the final one. The step count is bold,
/// the done part of the bar green and the rest white (ANSI escapes, as Keras writes them), the time bold. While
/// running the time is the ETA (<c>9s</c>, <c>1:39</c>, <c>2:46:39</c>), at the end the seconds elapsed
/// (<c>3s</c>, <c>62s</c>). Then the time per unit (<c>15us/step</c>, <c>2ms/step</c>, <c>2s/step</c>) and the
/// metrics in first-seen order, <c>%.4f</c> when |value| &gt; 1e-3, otherwise <c>%.4e</c>.
/// </para>
/// <para>
/// Verbose 2 prints one plain line at the end (<c>1875/1875 - 3s - 2ms/step - loss: 0.4130</c>) and only when the
/// target is known; verbose 0 prints nothing.
/// </para>
/// <para>
/// Metrics are averaged over the steps (weighted by the steps each value covers) unless they are stateful. With
/// neither <c>statefulMetrics</c> nor <c>statelessMetrics</c> every metric is averaged; <c>statefulMetrics</c> lists
/// the ones shown as given; <c>statelessMetrics</c> lists the only ones averaged (<c>ProgbarLogger</c> passes an empty
/// list: Keras 3's logs already hold running averages). The final update always shows the values it is given.
/// </para>
/// </remarks>
public sealed class Progbar
{
    // The ANSI escapes of keras/src/utils/progbar.py: bold, reset, green, white.
    private const string Bold = "\x1b[1m";
    private const string Reset = "\x1b[0m";
    private const string Green = "\x1b[32m";
    private const string White = "\x1b[37m";
    private const char BarCell = '━';

    private readonly HashSet<string>? statefulMetrics;
    private readonly HashSet<string>? statelessMetrics;
    private readonly TextWriter? output;
    private readonly Func<double> clock;

    // Keras keeps, per metric, [running sum, step count]; the display is sum / max(1, count).
    private readonly Dictionary<string, (double Sum, long Count)> values = [];
    private readonly List<string> valuesOrder = [];
    private readonly double start;
    private int? target;
    private int seenSoFar;

    // Keras starts at 0 against time.time() (seconds since 1970), so its first update always shows; with a clock
    // of any origin, minus infinity keeps that.
    private double lastUpdate = double.NegativeInfinity;
    private double? timeAfterFirstStep;
    private int previousTotalWidth;

    /// <summary>Creates a progress bar; its clock starts now.</summary>
    /// <param name="target">Total number of steps expected, or null when unknown.</param>
    /// <param name="width">Width of the bar in characters. Defaults to 20.</param>
    /// <param name="verbose">0 (silent), 1 (live bar) or 2 (one line at the end). Defaults to 1.</param>
    /// <param name="interval">Least time in seconds between two lines shown (the final one is always shown). Defaults to 0.05.</param>
    /// <param name="statefulMetrics">Names of the metrics shown as given rather than averaged; give this or
    /// <paramref name="statelessMetrics"/>, not both. Defaults to none (every metric averaged unless
    /// <paramref name="statelessMetrics"/> is given).</param>
    /// <param name="statelessMetrics">Names of the only metrics averaged; every other one is shown as given. Defaults
    /// to none (see <paramref name="statefulMetrics"/>).</param>
    /// <param name="unitName">Name of a step in the time per unit (<c>2ms/step</c>). Defaults to <c>"step"</c>.</param>
    /// <param name="output">Where the bar is written. Defaults to <see cref="Console.Out"/> at the time of each write.</param>
    /// <param name="clock">Current time in seconds (any origin). Defaults to a monotonic <see cref="Stopwatch"/> clock.</param>
    /// <param name="interactive">True to redraw the line in place (backspaces and carriage return), false to start each
    /// update on a new line. Defaults to <c>!Console.IsOutputRedirected</c>.</param>
    public Progbar(
        int? target,
        int width = 20,
        int verbose = 1,
        double interval = 0.05,
        IEnumerable<string>? statefulMetrics = null,
        IEnumerable<string>? statelessMetrics = null,
        string unitName = "step",
        TextWriter? output = null,
        Func<double>? clock = null,
        bool? interactive = null)
    {
        if (statefulMetrics is not null && statelessMetrics is not null)
            throw new ArgumentException(
                "Progbar takes statefulMetrics or statelessMetrics, not both: statefulMetrics lists the metrics shown " +
                "as given (all others averaged), statelessMetrics the metrics averaged (all others shown as given).",
                nameof(statelessMetrics));
        if (width < 0)
            throw new ArgumentOutOfRangeException(nameof(width), width, $"Progbar width must be 0 or more; got {width}.");
        if (verbose is < 0 or > 2)
            throw new ArgumentOutOfRangeException(nameof(verbose), verbose,
                $"Progbar verbose must be 0 (silent), 1 (live bar) or 2 (one line at the end); got {verbose}.");
        if (double.IsNaN(interval) || interval < 0)
            throw new ArgumentOutOfRangeException(nameof(interval), interval,
                $"Progbar interval must be a number of seconds, 0 or more; got {interval}.");
        ArgumentNullException.ThrowIfNull(unitName);

        Target = target;
        Width = width;
        Verbose = verbose;
        Interval = interval;
        UnitName = unitName;
        if (statefulMetrics is not null) this.statefulMetrics = [.. statefulMetrics];
        else if (statelessMetrics is not null) this.statelessMetrics = [.. statelessMetrics];
        else this.statefulMetrics = [];
        this.output = output;
        this.clock = clock ?? StopwatchSeconds;
        Interactive = interactive ?? !Console.IsOutputRedirected;
        start = this.clock();
    }

    /// <summary>Total number of steps expected, or null when unknown (settable once it becomes known).</summary>
    public int? Target
    {
        get => target;
        set
        {
            if (value < 0)
                throw new ArgumentOutOfRangeException(nameof(value), value,
                    $"Progbar target must be a number of steps, 0 or more, or null when unknown; got {value}.");
            target = value;
        }
    }

    /// <summary>Width of the bar in characters.</summary>
    public int Width { get; }

    /// <summary>0 (silent), 1 (live bar) or 2 (one line at the end).</summary>
    public int Verbose { get; }

    /// <summary>Least time in seconds between two lines shown.</summary>
    public double Interval { get; }

    /// <summary>Name of a step in the time per unit.</summary>
    public string UnitName { get; }

    /// <summary>True when each update redraws the line in place; false when it starts a new line.</summary>
    public bool Interactive { get; }

    /// <summary>Shows progress up to step <paramref name="current"/> (Keras's <c>update</c>).</summary>
    /// <param name="current">Number of steps done.</param>
    /// <param name="values">Metric values of the last step, as (name, value) pairs. Defaults to none.</param>
    /// <param name="finalize">True for the last update of the bar. Defaults to <c>current &gt;= Target</c> (false when
    /// the target is unknown).</param>
    public void Update(int current, IEnumerable<KeyValuePair<string, double>>? values = null, bool? finalize = null)
    {
        var isFinal = finalize ?? (target is int known && current >= known);
        foreach (var (name, value) in values ?? [])
        {
            if (name is null) throw new ArgumentException("Progbar.Update: a metric name is null.", nameof(values));
            Record(name, value, current, isFinal);
        }

        seenSoFar = current;
        var now = clock();
        var timePerUnit = EstimateStepDuration(current, now);

        if (Verbose == 1)
        {
            // Redirected output (a log file, CI) gets one plain line per bar, when it completes.
            if (!Interactive && !isFinal) return;
            if (now - lastUpdate < Interval && !isFinal) return;
            WriteLiveLine(current, now, timePerUnit, isFinal);
        }
        else if (Verbose == 2 && isFinal && target is > 0)
        {
            WriteFinalLine(current, now, timePerUnit);
        }

        lastUpdate = now;
    }

    /// <summary>Advances the bar by <paramref name="steps"/> steps (Keras's <c>add</c>).</summary>
    /// <param name="steps">Number of steps done since the last update.</param>
    /// <param name="values">Metric values of the last step. Defaults to none.</param>
    public void Add(int steps, IEnumerable<KeyValuePair<string, double>>? values = null) =>
        Update(seenSoFar + steps, values);

    private void Record(string name, double value, int current, bool isFinal)
    {
        var stateless = statefulMetrics is not null ? !statefulMetrics.Contains(name) : statelessMetrics!.Contains(name);
        if (!values.ContainsKey(name)) valuesOrder.Add(name);
        if (stateless && !isFinal)
        {
            // Each value stands for the steps since the previous update (at least one, so a repeated step counts).
            var valueBase = Math.Max(current - seenSoFar, 1);
            values[name] = values.TryGetValue(name, out var running)
                ? (running.Sum + value * valueBase, running.Count + valueBase)
                : (value * valueBase, valueBase);
        }
        else
        {
            values[name] = (value, 1);
        }
    }

    private void WriteLiveLine(int current, double now, double timePerUnit, bool isFinal)
    {
        var message = new StringBuilder();
        if (Interactive) message.Append(new string('\b', previousTotalWidth) + "\r");

        // Escape characters do not take room on the terminal: Keras counts them out of the width.
        // Without a terminal there are no colours, so there is nothing to count out.
        var (bold, reset, green, white) = Interactive ? (Bold, Reset, Green, White) : ("", "", "", "");
        var escapeLength = 0;
        string bar;
        if (target is > 0)
        {
            var known = target.Value;
            bar = bold + PadLeft(current, DigitCount(known)) + "/" + Invariant(known) + reset + " ";
            escapeLength += bold.Length + reset.Length;
            var doneWidth = (int)(Width * ((double)current / known));
            if (doneWidth > 0)
            {
                bar += green + Cells(doneWidth) + reset;
                escapeLength += green.Length + reset.Length;
            }

            bar += white + Cells(Width - doneWidth) + reset;
            escapeLength += white.Length + reset.Length;
        }
        else
        {
            bar = PadLeft(current, 7) + "/Unknown";
        }

        message.Append(bar);

        var info = target is > 0 && !isFinal
            ? " " + bold + FormatEta(timePerUnit * (target.Value - current)) + reset
            : " " + bold + PythonFormat.Fixed(now - start, 0) + "s" + reset;
        escapeLength += bold.Length + reset.Length;
        info += FormatTime(timePerUnit);
        info += MetricsText(avg => Math.Abs(avg) > 1e-3);
        message.Append(info);

        var totalWidth = CodePoints(bar) + CodePoints(info) - escapeLength;
        if (previousTotalWidth > totalWidth) message.Append(' ', previousTotalWidth - totalWidth);
        if (isFinal) message.Append('\n');

        Write(message.ToString());
        previousTotalWidth = totalWidth;
    }

    private void WriteFinalLine(int current, double now, double timePerUnit)
    {
        var known = target!.Value;
        var info = PadLeft(current, DigitCount(known)) + "/" + Invariant(known)
            + " - " + PythonFormat.Fixed(now - start, 0) + "s"
            + " -" + FormatTime(timePerUnit)
            // Keras tests avg > 1e-3 here, without abs: negative values come out as %.4e on this line.
            + MetricsText(avg => avg > 1e-3)
            + "\n";
        Write(info);
    }

    private string MetricsText(Func<double, bool> useFixed)
    {
        var text = new StringBuilder();
        foreach (var name in valuesOrder)
        {
            var (sum, count) = values[name];
            var average = sum / Math.Max(1, count);
            text.Append(" - ").Append(name).Append(": ")
                .Append(useFixed(average) ? PythonFormat.Fixed(average, 4) : PythonFormat.Exponent(average, 4));
        }

        return text.ToString();
    }

    // Keras's _estimate_step_duration: the first step (often slow: tracing, warm-up) is left out once there are more.
    private double EstimateStepDuration(int current, double now)
    {
        if (current == 0) return 0;
        var timePerUnit = timeAfterFirstStep is double afterFirst && current > 1
            ? (now - afterFirst) / (current - 1)
            : (now - start) / current;
        if (current == 1) timeAfterFirstStep = now;
        return timePerUnit;
    }

    // Keras's _format_time: whole seconds, milliseconds or microseconds per unit.
    private string FormatTime(double timePerUnit)
    {
        if (timePerUnit >= 1 || timePerUnit == 0) return " " + PythonFormat.Fixed(timePerUnit, 0) + "s/" + UnitName;
        if (timePerUnit >= 1e-3) return " " + PythonFormat.Fixed(timePerUnit * 1000.0, 0) + "ms/" + UnitName;
        return " " + PythonFormat.Fixed(timePerUnit * 1000000.0, 0) + "us/" + UnitName;
    }

    // "%d:%02d:%02d" % (eta // 3600, (eta % 3600) // 60, eta % 60), "%d:%02d" % (eta // 60, eta % 60) or "%ds" % eta.
    private static string FormatEta(double eta)
    {
        if (eta > 3600)
            return PythonFormat.Int(PythonFormat.FloorDivide(eta, 3600)) + ":"
                + PythonFormat.Int(PythonFormat.FloorDivide(PythonFormat.Modulo(eta, 3600), 60)).PadLeft(2, '0') + ":"
                + PythonFormat.Int(PythonFormat.Modulo(eta, 60)).PadLeft(2, '0');
        if (eta > 60)
            return PythonFormat.Int(PythonFormat.FloorDivide(eta, 60)) + ":"
                + PythonFormat.Int(PythonFormat.Modulo(eta, 60)).PadLeft(2, '0');
        return PythonFormat.Int(eta) + "s";
    }

    private void Write(string message)
    {
        var writer = output ?? Console.Out;
        writer.Write(message);
        writer.Flush();
    }

    // Keras's numdigits = int(math.log10(target)) + 1.
    private static int DigitCount(int known) => (int)Math.Log10(known) + 1;

    private static string PadLeft(int value, int width) => Invariant(value).PadLeft(width);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Cells(int count) => count > 0 ? new string(BarCell, count) : "";

    // Python's len(): code points, not UTF-16 units.
    private static int CodePoints(string text) => text.EnumerateRunes().Count();

    private static double StopwatchSeconds() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    /// <summary>Python's float formatting and arithmetic where .NET's differs (rounding half to even on the exact binary value).</summary>
    private static class PythonFormat
    {
        /// <summary>Python's <c>f"{value:.{decimals}f}"</c>.</summary>
        public static string Fixed(double value, int decimals)
        {
            if (!double.IsFinite(value)) return NonFinite(value);
            var (numerator, denominator) = Exact(Math.Abs(value));
            var digits = RoundHalfEven(numerator * BigInteger.Pow(10, decimals), denominator)
                .ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
            var text = decimals == 0 ? digits : digits[..^decimals] + "." + digits[^decimals..];
            return (double.IsNegative(value) ? "-" : "") + text;
        }

        /// <summary>Python's <c>f"{value:.{decimals}e}"</c>: one digit, the decimals, <c>e</c>, a sign and at least two exponent digits.</summary>
        public static string Exponent(double value, int decimals)
        {
            if (!double.IsFinite(value)) return NonFinite(value);
            var sign = double.IsNegative(value) ? "-" : "";
            var magnitude = Math.Abs(value);
            var exponent = 0;
            BigInteger mantissa = 0;
            if (magnitude != 0)
            {
                var (numerator, denominator) = Exact(magnitude);
                exponent = (int)Math.Floor(Math.Log10(magnitude));
                // Math.Log10 may be one off near powers of ten: settle 10^exponent <= magnitude < 10^(exponent + 1) exactly.
                while (Compare(numerator, denominator, exponent) < 0) exponent--;
                while (Compare(numerator, denominator, exponent + 1) >= 0) exponent++;
                var shift = decimals - exponent;
                mantissa = shift >= 0
                    ? RoundHalfEven(numerator * BigInteger.Pow(10, shift), denominator)
                    : RoundHalfEven(numerator, denominator * BigInteger.Pow(10, -shift));
                if (mantissa == BigInteger.Pow(10, decimals + 1))
                {
                    // 9.99995 rounds up to 10.0000: one more decade.
                    mantissa /= 10;
                    exponent++;
                }
            }

            var digits = mantissa.ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
            var text = decimals == 0 ? digits : digits[..1] + "." + digits[1..];
            return sign + text + "e" + (exponent < 0 ? "-" : "+")
                + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture).PadLeft(2, '0');
        }

        /// <summary>Python's <c>"%d" % value</c> for a float: truncation toward zero.</summary>
        public static string Int(double value) =>
            double.IsFinite(value) ? new BigInteger(Math.Truncate(value)).ToString(CultureInfo.InvariantCulture) : NonFinite(value);

        /// <summary>Python's float <c>x // y</c> (CPython's float_divmod).</summary>
        public static double FloorDivide(double x, double y)
        {
            var mod = x % y;
            var div = (x - mod) / y;
            if (mod != 0 && (y < 0) != (mod < 0)) div -= 1.0;
            if (div == 0) return Math.CopySign(0.0, x / y);
            var floor = Math.Floor(div);
            return div - floor > 0.5 ? floor + 1.0 : floor;
        }

        /// <summary>Python's float <c>x % y</c>: the sign of <paramref name="y"/>.</summary>
        public static double Modulo(double x, double y)
        {
            var mod = x % y;
            if (mod == 0) return Math.CopySign(0.0, y);
            return (y < 0) != (mod < 0) ? mod + y : mod;
        }

        private static string NonFinite(double value) =>
            double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";

        // A finite non-negative double as the exact fraction numerator / denominator (denominator a power of two).
        private static (BigInteger Numerator, BigInteger Denominator) Exact(double magnitude)
        {
            var bits = BitConverter.DoubleToInt64Bits(magnitude);
            var biasedExponent = (int)((bits >> 52) & 0x7FF);
            var fraction = bits & 0xFFFFFFFFFFFFFL;
            var significand = biasedExponent == 0 ? fraction : fraction | (1L << 52);
            var power = (biasedExponent == 0 ? 1 : biasedExponent) - 1075;
            return power >= 0
                ? (new BigInteger(significand) << power, BigInteger.One)
                : (new BigInteger(significand), BigInteger.One << -power);
        }

        // Sign of numerator / denominator - 10^exponent.
        private static int Compare(BigInteger numerator, BigInteger denominator, int exponent) =>
            exponent >= 0
                ? numerator.CompareTo(denominator * BigInteger.Pow(10, exponent))
                : (numerator * BigInteger.Pow(10, -exponent)).CompareTo(denominator);

        private static BigInteger RoundHalfEven(BigInteger numerator, BigInteger denominator)
        {
            var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
            var twice = remainder * 2;
            var cmp = twice.CompareTo(denominator);
            return cmp > 0 || (cmp == 0 && !quotient.IsEven) ? quotient + 1 : quotient;
        }
    }
}
