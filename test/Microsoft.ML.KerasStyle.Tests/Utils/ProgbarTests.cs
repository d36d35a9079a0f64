using Microsoft.ML.KerasStyle.Utils;

namespace Microsoft.ML.KerasStyle.Tests.Utils;

/// <summary>
/// Golden output of <see cref="Progbar"/>, each worked out by hand from keras/src/utils/progbar.py (Keras 3.16):
/// <c>update</c> (verbose 1 on a terminal: "\b" * previous width + "\r", then the bar, the ETA or elapsed time,
/// <c>_format_time</c>, the metrics, padding spaces up to the previous width, "\n" when final; verbose 2: one plain
/// line when final), <c>_estimate_step_duration</c> and <c>_format_time</c>. The clock is a variable the test sets.
/// Verbose 1 without a terminal (interactive: false) departs from Keras on purpose: nothing until the bar is final,
/// then the final line alone, without escapes, backspaces, "\r" or a leading "\n", ending with "\n".
/// </summary>
[TestClass]
public sealed class ProgbarTests : KerasTestBase
{
    // Keras's escapes: bold (step count and time), reset, green (done part of the bar), white (the rest).
    private const string B = "\x1b[1m";
    private const string R = "\x1b[0m";
    private const string G = "\x1b[32m";
    private const string W = "\x1b[37m";

    private double now;
    private StringWriter output = new();

    private static string Cells(int count) => new('━', count);

    private static string Backspaces(int count) => new('\b', count);

    private Progbar Bar(int? target, bool interactive, int verbose = 1, double interval = 0.05,
        IEnumerable<string>? stateful = null, IEnumerable<string>? stateless = null)
    {
        output = new StringWriter();
        return new Progbar(target, verbose: verbose, interval: interval, statefulMetrics: stateful,
            statelessMetrics: stateless, output: output, clock: () => now, interactive: interactive);
    }

    private static KeyValuePair<string, double>[] Metrics(params (string Name, double Value)[] values) =>
        values.Select(v => KeyValuePair.Create(v.Name, v.Value)).ToArray();

    private string TakeOutput()
    {
        var text = output.ToString();
        output.GetStringBuilder().Clear();
        return text;
    }

    [TestMethod]
    public void FinalLine_ThreeMetricsAndValMetrics_Interactive()
    {
        // Clock starts at 0 (the constructor reads it); 1875 steps in 3.2 s.
        now = 0;
        var bar = Bar(1875, interactive: true, stateless: []);
        now = 3.2;
        bar.Update(1875, Metrics(("accuracy", 0.88523), ("loss", 0.41297), ("rmse", 0.64262),
            ("val_accuracy", 0.94518), ("val_loss", 0.18786), ("val_rmse", 0.43343)));

        // finalize defaults to current >= target. Dynamic display: "\b" * 0 + "\r".
        // numdigits = int(log10(1875)) + 1 = 4; prog_width = int(20 * 1.0) = 20 green cells, then white "" (0 cells).
        // Elapsed f"{3.2:.0f}" = "3"; time per unit (no step-1 time) = 3.2 / 1875 = 0.0017067 -> 1.7067 ms -> "2ms/step".
        // Values are stateful ([v, 1]) and |v| > 1e-3 -> "%.4f".
        var expected = "\r" + B + "1875/1875" + R + " " + G + Cells(20) + R + W + R
            + " " + B + "3s" + R + " 2ms/step"
            + " - accuracy: 0.8852 - loss: 0.4130 - rmse: 0.6426 - val_accuracy: 0.9452 - val_loss: 0.1879 - val_rmse: 0.4334"
            + "\n";
        Assert.AreEqual(expected, output.ToString());
    }

    [TestMethod]
    public void FinalLine_NotInteractive_IsOnePlainLine()
    {
        now = 0;
        var bar = Bar(1875, interactive: false, stateless: []);
        now = 3.2;
        bar.Update(1875, Metrics(("loss", 0.41297)));

        // Redirected output: the text of the interactive final line without its escapes, no "\r" or backspaces before
        // it and no leading "\n" (Keras would start it with "\n"); it ends with "\n".
        Assert.AreEqual("1875/1875 " + Cells(20) + " 3s 2ms/step - loss: 0.4130\n", output.ToString());
    }

    [TestMethod]
    public void TimePerStep_Microseconds()
    {
        now = 0;
        var bar = Bar(1000, interactive: true, stateless: []);
        now = 0.015;
        bar.Update(1000);

        // 0.015 / 1000 = 1.5e-05 < 1e-3 -> * 1e6 = 15 -> "15us/step"; elapsed f"{0.015:.0f}" = "0"; no metrics.
        // First line shown: "\b" * 0 + "\r".
        Assert.AreEqual("\r" + B + "1000/1000" + R + " " + G + Cells(20) + R + W + R + " " + B + "0s" + R
            + " 15us/step\n", output.ToString());
    }

    [TestMethod]
    public void TimePerStep_Seconds_RoundsHalfToEven()
    {
        now = 0;
        var bar = Bar(2, interactive: true, stateless: []);
        now = 5.0;
        bar.Update(2);

        // 5.0 / 2 = 2.5 >= 1 -> f"{2.5:.0f}" = "2" (Python rounds half to even); numdigits = int(log10(2)) + 1 = 1.
        Assert.AreEqual("\r" + B + "2/2" + R + " " + G + Cells(20) + R + W + R + " " + B + "5s" + R
            + " 2s/step\n", output.ToString());
    }

    [TestMethod]
    public void Elapsed_IsWholeSeconds_WithoutMinutes()
    {
        now = 0;
        var bar = Bar(1, interactive: true, stateless: []);
        now = 62.5;
        bar.Update(1);

        // Elapsed f"{62.5:.0f}" = "62" (half to even, no minutes); time per unit 62.5 / 1 -> "62s/step".
        Assert.AreEqual("\r" + B + "1/1" + R + " " + G + Cells(20) + R + W + R + " " + B + "62s" + R
            + " 62s/step\n", output.ToString());
    }

    [TestMethod]
    public void TimePerStep_ZeroIsSeconds()
    {
        now = 7;
        var bar = Bar(1, interactive: true, stateless: []);
        bar.Update(1);

        // No time passed: _format_time's `time_per_unit == 0` branch -> "0s/step".
        Assert.AreEqual("\r" + B + "1/1" + R + " " + G + Cells(20) + R + W + R + " " + B + "0s" + R
            + " 0s/step\n", output.ToString());
    }

    [TestMethod]
    public void SmallAndTiedValues_UsePythonFormats()
    {
        now = 0;
        var bar = Bar(1, interactive: true, stateless: []);
        now = 1;
        bar.Update(1, Metrics(("a", 0.000123456), ("b", -0.5), ("c", 0.0), ("d", 0.001), ("e", -2e-5),
            ("f", 0.90625), ("g", 12345.678)));

        // abs(v) > 1e-3 -> "%.4f" else "%.4e": a -> 1.2346e-04, b -> -0.5000, c -> 0.0000e+00,
        // d: abs(0.001) > 1e-3 is false -> 1.0000e-03, e -> -2.0000e-05,
        // f = 29/32 exactly: 0.90625 ties, half to even -> 0.9062; g -> 12345.6780.
        // Time per unit 1 / 1 = 1 -> "1s/step"; elapsed "1s".
        Assert.AreEqual("\r" + B + "1/1" + R + " " + G + Cells(20) + R + W + R + " " + B + "1s" + R + " 1s/step"
            + " - a: 1.2346e-04 - b: -0.5000 - c: 0.0000e+00 - d: 1.0000e-03 - e: -2.0000e-05 - f: 0.9062 - g: 12345.6780\n",
            output.ToString());
    }

    [TestMethod]
    public void Interactive_RedrawsWithBackspacesAndShowsEta()
    {
        now = 0;
        var bar = Bar(100, interactive: true, stateless: []);

        // Step 1 at 2.0 s: time per unit (2.0 - 0) / 1 = 2.0 (and the step-1 time is kept: 2.0);
        // ETA 2.0 * 99 = 198 > 60 -> "%d:%02d" % (198 // 60, 198 % 60) = "3:18"; prog_width int(20 * 0.01) = 0.
        // Width: "  1/100 " 8 + 20 cells + " 3:18" 5 + " 2s/step" 8 + " - loss: 0.9000" 15 = 56.
        now = 2.0;
        bar.Update(1, Metrics(("loss", 0.9)));
        Assert.AreEqual("\r" + B + "  1/100" + R + " " + W + Cells(20) + R + " " + B + "3:18" + R
            + " 2s/step - loss: 0.9000", TakeOutput());

        // Step 50 at 26.5 s: (26.5 - 2.0) / 49 = 0.5 -> "500ms/step"; ETA 0.5 * 50 = 25 -> "25s";
        // prog_width int(20 * 0.5) = 10. Starts with 56 backspaces. Width 8 + 20 + 4 + 11 + 15 = 58.
        now = 26.5;
        bar.Update(50, Metrics(("loss", 0.5)));
        Assert.AreEqual(Backspaces(56) + "\r" + B + " 50/100" + R + " " + G + Cells(10) + R + W + Cells(10) + R
            + " " + B + "25s" + R + " 500ms/step - loss: 0.5000", TakeOutput());

        // Step 51 at 26.52 s: 0.02 s after the last line shown < interval 0.05, not final -> nothing.
        now = 26.52;
        bar.Update(51, Metrics(("loss", 0.49)));
        Assert.AreEqual("", TakeOutput());

        // Step 100 at 51.5 s (final): (51.5 - 2.0) / 99 = 0.5 -> "500ms/step"; elapsed f"{51.5:.0f}" = "52" (half to
        // even). Width 8 + 20 + 4 + 11 + 15 = 58 = previous: no padding; "\n" at the end.
        now = 51.5;
        bar.Update(100, Metrics(("loss", 0.25)));
        Assert.AreEqual(Backspaces(58) + "\r" + B + "100/100" + R + " " + G + Cells(20) + R + W + R
            + " " + B + "52s" + R + " 500ms/step - loss: 0.2500\n", TakeOutput());
    }

    [TestMethod]
    public void ShorterLine_IsPaddedToThePreviousWidth()
    {
        now = 0;
        var bar = Bar(100, interactive: true, interval: 0, stateless: []);

        // Step 1 at 1 s: 1 s/step, ETA 99 -> "1:39". Width 8 + 20 + 5 + 8 + " - loss: 12.5000" 16 = 57.
        now = 1;
        bar.Update(1, Metrics(("loss", 12.5)));
        // Step 2 at 2 s: (2 - 1) / 1 = 1 s/step, ETA 98 -> "1:38". Starts with 57 backspaces.
        // Width 8 + 20 + 5 + 8 + 15 = 56 -> one space.
        now = 2;
        bar.Update(2, Metrics(("loss", 9.5)));

        Assert.AreEqual(
            "\r" + B + "  1/100" + R + " " + W + Cells(20) + R + " " + B + "1:39" + R + " 1s/step - loss: 12.5000"
            + Backspaces(57) + "\r" + B + "  2/100" + R + " " + W + Cells(20) + R + " " + B + "1:38" + R + " 1s/step - loss: 9.5000 ",
            output.ToString());
    }

    [TestMethod]
    public void EtaFormats_HoursMinutesSeconds()
    {
        now = 0;
        var bar = Bar(10000, interactive: true, interval: 0);
        var line = B + "{0}" + R + " {1} " + B + "{2}" + R + " {3}";

        // numdigits = int(log10(10000)) + 1 = 5. Step 1 at 1 s: 1 s/step, ETA 9999 > 3600 ->
        // (9999 // 3600, (9999 % 3600) // 60, 9999 % 60) = (2, 46, 39). Width 12 + 20 + 8 + 8 = 48.
        now = 1;
        bar.Update(1);
        Assert.AreEqual("\r" + string.Format(line, "    1/10000", W + Cells(20) + R, "2:46:39", "1s/step"), TakeOutput());

        // Step 2 at 1.5 s: (1.5 - 1) / 1 = 0.5; ETA 0.5 * 9998 = 4999 -> (1, 23, 19). Width 32 + 8 + 11 = 51.
        now = 1.5;
        bar.Update(2);
        Assert.AreEqual(Backspaces(48) + "\r" + string.Format(line, "    2/10000", W + Cells(20) + R, "1:23:19", "500ms/step"), TakeOutput());

        // Step 2800 at 1400.5 s: 1399.5 / 2799 = 0.5; ETA 0.5 * 7200 = 3600, not > 3600 -> "%d:%02d" % (60, 0);
        // prog_width int(20 * 0.28) = 5. Width 32 + 6 + 11 = 49 -> 2 spaces of padding.
        now = 1400.5;
        bar.Update(2800);
        Assert.AreEqual(Backspaces(51) + "\r" + string.Format(line, " 2800/10000", G + Cells(5) + R + W + Cells(15) + R, "60:00", "500ms/step")
            + "  ", TakeOutput());

        // Step 9879 at 4940 s: 4939 / 9878 = 0.5; ETA 0.5 * 121 = 60.5 > 60 -> (60.5 // 60, 60.5 % 60) = (1, 0.5)
        // -> "1:00"; prog_width int(20 * 0.9879) = 19. Width 32 + 5 + 11 = 48 -> 1 space.
        now = 4940;
        bar.Update(9879);
        Assert.AreEqual(Backspaces(49) + "\r" + string.Format(line, " 9879/10000", G + Cells(19) + R + W + Cells(1) + R, "1:00", "500ms/step")
            + " ", TakeOutput());

        // Step 9880 at 4940.5 s: 4939.5 / 9879 = 0.5; ETA 0.5 * 120 = 60, not > 60 -> "%ds" -> "60s".
        // Width 32 + 4 + 11 = 47 -> 1 space.
        now = 4940.5;
        bar.Update(9880);
        Assert.AreEqual(Backspaces(48) + "\r" + string.Format(line, " 9880/10000", G + Cells(19) + R + W + Cells(1) + R, "60s", "500ms/step")
            + " ", TakeOutput());
    }

    [TestMethod]
    public void Averaging_StatefulAndStatelessLists()
    {
        // loss averaged over steps, acc shown as given: the same output whether acc is listed as stateful or
        // only loss is listed as stateless.
        // Step 1 at 1 s: loss [1.0 * 1, 1], acc [0.5, 1]; 1 s/step; ETA 1 * 3 = 3 -> "3s"; prog_width int(20 * 0.25) = 5.
        // Step 3 at 2 s: value_base = 3 - 1 = 2 -> loss [1.0 + 0.5 * 2, 3] = 2/3 -> 0.6667; acc 0.75;
        //   (2 - 1) / (3 - 1) = 0.5 -> "500ms/step"; ETA 0.5 * 1 = 0.5 -> "%ds" -> "0s"; prog_width 15.
        // Step 4 at 3 s (final): final values are taken as given: loss 0.25, acc 0.2; (3 - 1) / 3 = 0.6667 s ->
        //   666.67 ms -> "667ms/step"; elapsed "3s". Widths 64, 67, 67: no padding; backspaces over 0, 64, 67.
        var expected =
            "\r" + B + "1/4" + R + " " + G + Cells(5) + R + W + Cells(15) + R + " " + B + "3s" + R + " 1s/step - loss: 1.0000 - acc: 0.5000"
            + Backspaces(64) + "\r" + B + "3/4" + R + " " + G + Cells(15) + R + W + Cells(5) + R + " " + B + "0s" + R + " 500ms/step - loss: 0.6667 - acc: 0.7500"
            + Backspaces(67) + "\r" + B + "4/4" + R + " " + G + Cells(20) + R + W + R + " " + B + "3s" + R + " 667ms/step - loss: 0.2500 - acc: 0.2000\n";

        foreach (var (stateful, stateless) in new (string[]?, string[]?)[] { (["acc"], null), (null, ["loss"]) })
        {
            now = 0;
            var bar = Bar(4, interactive: true, interval: 0, stateful: stateful, stateless: stateless);
            now = 1;
            bar.Update(1, Metrics(("loss", 1.0), ("acc", 0.5)));
            now = 2;
            bar.Update(3, Metrics(("loss", 0.5), ("acc", 0.75)));
            now = 3;
            bar.Update(4, Metrics(("loss", 0.25), ("acc", 0.2)));
            Assert.AreEqual(expected, output.ToString());
        }
    }

    [TestMethod]
    public void Averaging_ByDefaultEveryMetric()
    {
        now = 0;
        var bar = Bar(4, interactive: true, interval: 0);
        now = 1;
        bar.Update(1, Metrics(("acc", 0.5)));
        // Step 1 at 1 s: 1 s/step; ETA 3 -> "3s". Width 4 + 20 + 3 + 8 + " - acc: 0.5000" 14 = 49.
        TakeOutput();
        now = 2;
        bar.Update(3, Metrics(("acc", 0.75)));

        // Neither list: stateful_metrics = set(), so acc is averaged: (0.5 * 1 + 0.75 * 2) / 3 = 2/3 -> 0.6667.
        Assert.AreEqual(Backspaces(49) + "\r" + B + "3/4" + R + " " + G + Cells(15) + R + W + Cells(5) + R + " " + B + "0s" + R
            + " 500ms/step - acc: 0.6667", TakeOutput());
    }

    [TestMethod]
    public void Add_AdvancesFromTheLastStep()
    {
        now = 0;
        var bar = Bar(3, interactive: true, interval: 0);

        // add(2) -> update(2) at 1 s: (1 - 0) / 2 = 0.5 -> "500ms/step"; ETA 0.5 * 1 -> "0s"; prog_width int(20 * 2/3) = 13.
        // Width 4 + 20 + 3 + 11 = 38.
        now = 1;
        bar.Add(2);
        // add(1) -> update(3) at 2 s, final (3 >= 3): step 1 never seen -> (2 - 0) / 3 -> "667ms/step"; elapsed "2s".
        // Width 38: no padding.
        now = 2;
        bar.Add(1);

        Assert.AreEqual(
            "\r" + B + "2/3" + R + " " + G + Cells(13) + R + W + Cells(7) + R + " " + B + "0s" + R + " 500ms/step"
            + Backspaces(38) + "\r" + B + "3/3" + R + " " + G + Cells(20) + R + W + R + " " + B + "2s" + R + " 667ms/step\n",
            output.ToString());
    }

    [TestMethod]
    public void Verbose2_PrintsOnePlainLineAtTheEnd()
    {
        // Verbose 2 is the same with or without a terminal.
        foreach (var interactive in new[] { false, true })
        {
            now = 0;
            var bar = Bar(1875, interactive, verbose: 2, stateless: []);
            now = 0.0016;
            bar.Update(1, Metrics(("acc", 0.1)));
            Assert.AreEqual("", output.ToString());

            // Final at 3.2 s: step 1 was at 0.0016 -> (3.2 - 0.0016) / 1874 = 0.0017067 -> "2ms/step".
            // Line: f"{count} - {elapsed:.0f}s" + " -" + _format_time; this branch tests avg > 1e-3 without abs, so
            // -0.5 is written "%.4e".
            now = 3.2;
            bar.Update(1875, Metrics(("acc", 0.88523), ("loss", 0.41297), ("neg", -0.5)));
            Assert.AreEqual("1875/1875 - 3s - 2ms/step - acc: 0.8852 - loss: 0.4130 - neg: -5.0000e-01\n", output.ToString());
        }
    }

    [TestMethod]
    public void Verbose0_PrintsNothing()
    {
        foreach (var interactive in new[] { false, true })
        {
            now = 0;
            var bar = Bar(10, interactive, verbose: 0);
            now = 1;
            bar.Update(1, Metrics(("loss", 1.0)));
            now = 2;
            bar.Update(10, Metrics(("loss", 0.5)));
            Assert.AreEqual("", output.ToString());
        }
    }

    [TestMethod]
    public void UnknownTarget_CountsWithElapsedTime()
    {
        now = 0;
        var bar = Bar(null, interactive: true, stateless: []);

        // Target None: "%7d/Unknown", no ETA (elapsed instead), never final by default.
        // Step 37 at 3 s: 3 / 37 = 0.08108 -> "81ms/step". Width 15 + 3 + 10 + 15 = 43.
        now = 3.0;
        bar.Update(37, Metrics(("loss", 0.5)));
        // Step 40 at 3.2 s, finalize=True: (3.2 - 0) / 40 = 0.08 -> "80ms/step". 43 backspaces; width 43.
        now = 3.2;
        bar.Update(40, Metrics(("loss", 0.4)), finalize: true);

        Assert.AreEqual(
            "\r     37/Unknown " + B + "3s" + R + " 81ms/step - loss: 0.5000"
            + Backspaces(43) + "\r     40/Unknown " + B + "3s" + R + " 80ms/step - loss: 0.4000\n",
            output.ToString());
    }

    [TestMethod]
    public void UnknownTarget_NotInteractive_PrintsOnlyTheFinalizedLine()
    {
        now = 0;
        var bar = Bar(null, interactive: false, stateless: []);

        // Never final by default with an unknown target: nothing, however far it counts.
        now = 3.0;
        bar.Update(37, Metrics(("loss", 0.5)));
        Assert.AreEqual("", output.ToString());

        // finalize: true prints the one plain line: (3.2 - 0) / 40 = 0.08 -> "80ms/step".
        now = 3.2;
        bar.Update(40, Metrics(("loss", 0.4)), finalize: true);
        Assert.AreEqual("     40/Unknown 3s 80ms/step - loss: 0.4000\n", output.ToString());
    }

    [TestMethod]
    public void ZeroTarget_IsShownAsUnknown()
    {
        now = 0;
        var bar = Bar(0, interactive: true);
        bar.Update(0, finalize: true);
        // target 0 takes the "Unknown" branch; current 0 -> time per unit 0 -> "0s/step".
        Assert.AreEqual("\r      0/Unknown " + B + "0s" + R + " 0s/step\n", output.ToString());

        var plain = Bar(0, interactive: false);
        plain.Update(0, finalize: true);
        Assert.AreEqual("      0/Unknown 0s 0s/step\n", output.ToString());

        var silent = Bar(0, interactive: false, verbose: 2);
        silent.Update(0, finalize: true);
        Assert.AreEqual("", output.ToString());
    }

    [TestMethod]
    public void NotInteractive_IntermediateUpdatesPrintNothing_ThenOnePlainLine()
    {
        now = 0;
        // interval 0: throttling is not what keeps the intermediate updates quiet.
        var bar = Bar(4, interactive: false, interval: 0, stateless: ["loss"]);

        now = 1;
        bar.Update(1, Metrics(("loss", 1.0)));
        Assert.AreEqual("", output.ToString());
        now = 2;
        bar.Add(2, Metrics(("loss", 0.5)));
        Assert.AreEqual("", output.ToString());
        // current >= target, but finalize: false says it is not the end: still nothing.
        now = 2.5;
        bar.Update(4, finalize: false);
        Assert.AreEqual("", output.ToString());

        // The quiet updates still count: loss is averaged over them, (1.0 * 1 + 0.5 * 2) / 3 = 0.6667 (the final
        // update brings no new loss), and step 1's time is kept: (3 - 1) / (4 - 1) = 0.6667 s -> "667ms/step".
        // Final at 3 s: elapsed "3s", no ETA; the bar is 20 plain cells; no padding (nothing was shown before).
        now = 3;
        bar.Update(4);
        var text = output.ToString();
        Assert.AreEqual("4/4 " + Cells(20) + " 3s 667ms/step - loss: 0.6667\n", text);
        Assert.IsFalse(text.Contains('\x1b'), "no ANSI escapes when not interactive");
        Assert.IsFalse(text.Contains('\b'), "no backspaces when not interactive");
        Assert.IsFalse(text.Contains('\r'), "no carriage returns when not interactive");
    }

    [TestMethod]
    public void BadArguments_Throw()
    {
        var both = Assert.ThrowsExactly<ArgumentException>(() => new Progbar(10, statefulMetrics: [], statelessMetrics: []));
        StringAssert.Contains(both.Message, "not both");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Progbar(-1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Progbar(10, width: -1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Progbar(10, verbose: 3));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Progbar(10, interval: double.NaN));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Progbar(10) { Target = -5 });
    }
}
