using Microsoft.ML.KerasStyle.Callbacks;

namespace Microsoft.ML.KerasStyle.Tests.Callbacks;

/// <summary>
/// Golden output of <see cref="ProgbarLogger"/>, worked out by hand from keras/src/callbacks/progbar_logger.py
/// (Keras 3.16: <c>set_params</c>, the hooks, <c>_update_progbar</c> with finalize=False, <c>_finalize_progbar</c>),
/// keras/src/utils/progbar.py (<c>update</c>) and keras/src/callbacks/callback_list.py (logs sorted by
/// <c>python_utils.pythonify_logs</c>). The hooks are called as Fit/Evaluate/Predict call them, with a test clock.
/// Verbose 1 without a terminal (interactive: false) departs from Keras on purpose: each bar prints only its final
/// line, without escapes, backspaces, "\r" or a leading "\n".
/// </summary>
[TestClass]
public sealed class ProgbarLoggerTests : KerasTestBase
{
    private const string B = "\x1b[1m";
    private const string R = "\x1b[0m";
    private const string G = "\x1b[32m";
    private const string W = "\x1b[37m";

    private double now;
    private StringWriter output = new();

    private static string Cells(int count) => new('━', count);

    private static string Backspaces(int count) => new('\b', count);

    // A logger writing to a fresh output.
    private ProgbarLogger Logger(object? verbose, int epochs, int? steps, bool interactive)
    {
        output = new StringWriter();
        var logger = new ProgbarLogger(output, () => now, interactive);
        logger.SetParams(new Dictionary<string, object?> { ["verbose"] = verbose, ["epochs"] = epochs, ["steps"] = steps });
        return logger;
    }

    private static Logs L(params (string Name, double Value)[] values) =>
        new(values.Select(v => KeyValuePair.Create(v.Name, v.Value)));

    // Fit with two epochs of 1875 steps, with the clock of a fast model.
    private void RunTwoEpochFit(ProgbarLogger logger)
    {
        logger.OnTrainBegin(new Logs());

        // Epoch 1. on_epoch_begin makes the bar (clock 0) and prints "Epoch 1/2" (epochs > 1).
        now = 0;
        logger.OnEpochBegin(0, new Logs());
        // Batch 0 at 0.0016 s: update(1). Logs come sorted (accuracy, loss, rmse). Time per unit 0.0016 -> 1.6 ms ->
        // "2ms/step"; ETA 0.0016 * 1874 = 2.998 -> "%ds" -> "2s"; prog_width int(20 / 1875) = 0.
        // Width "   1/1875 " 10 + 20 + " 2s" 3 + " 2ms/step" 9 + 19 + 15 + 15 = 91.
        now = 0.0016;
        logger.OnTrainBatchEnd(0, L(("loss", 2.3026), ("accuracy", 0.0625), ("rmse", 0.9487)));
        // Batches 1..1873 at 0.03 s: 0.0284 s after the last line shown < interval 0.05 -> not shown.
        now = 0.03;
        for (var batch = 1; batch < 1874; batch++)
            logger.OnTrainBatchEnd(batch, L(("loss", 0.5), ("accuracy", 0.8), ("rmse", 0.7)));
        // Batch 1874 at 3.19 s: update(1875, finalize=False): (3.19 - 0.0016) / 1874 = 0.0017014 -> "2ms/step";
        // ETA 0.0017 * 0 -> "0s"; full bar. Width 91 = previous 91: no padding.
        now = 3.19;
        logger.OnTrainBatchEnd(1874, L(("loss", 0.4131), ("accuracy", 0.8851), ("rmse", 0.6427)));
        // Epoch end at 3.2 s: update(1875, finalize=True) with the epoch logs; (3.2 - 0.0016) / 1874 = 0.0017067 ->
        // "2ms/step"; elapsed "3s". val_ metrics are first seen now: they come after the training ones.
        now = 3.2;
        logger.OnEpochEnd(0, L(("loss", 0.4130), ("accuracy", 0.8852), ("rmse", 0.6426),
            ("val_loss", 0.1879), ("val_accuracy", 0.9452), ("val_rmse", 0.4335)));

        // Epoch 2: a new bar from 3.2 s. Batch 0 at 3.2012 s: 0.0012 s -> "1ms/step"; ETA 0.0012 * 1874 = 2.25 -> "2s".
        // Width 91.
        logger.OnEpochBegin(1, new Logs());
        now = 3.2012;
        logger.OnTrainBatchEnd(0, L(("loss", 0.3824), ("accuracy", 0.8906), ("rmse", 0.6183)));
        // Epoch end at 6.4 s: (6.4 - 3.2012) / 1874 = 0.0017069 -> "2ms/step"; elapsed 6.4 - 3.2 = 3.2 -> "3s".
        now = 6.4;
        logger.OnEpochEnd(1, L(("loss", 0.3456), ("accuracy", 0.9012), ("rmse", 0.5879),
            ("val_loss", 0.1700), ("val_accuracy", 0.9502), ("val_rmse", 0.4123)));
        logger.OnTrainEnd(new Logs());
    }

    [TestMethod]
    public void Fit_Interactive_TwoEpochs_SortsMetricsAndEndsWithValMetrics()
    {
        RunTwoEpochFit(Logger(1, epochs: 2, steps: 1875, interactive: true));

        // Each epoch's bar starts with "\b" * 0 + "\r", then redraws over 91 columns.
        var full = B + "1875/1875" + R + " " + G + Cells(20) + R + W + R;
        var first = B + "   1/1875" + R + " " + W + Cells(20) + R;
        var expected =
            "Epoch 1/2\n"
            + "\r" + first + " " + B + "2s" + R + " 2ms/step - accuracy: 0.0625 - loss: 2.3026 - rmse: 0.9487"
            + Backspaces(91) + "\r" + full + " " + B + "0s" + R + " 2ms/step - accuracy: 0.8851 - loss: 0.4131 - rmse: 0.6427"
            + Backspaces(91) + "\r" + full + " " + B + "3s" + R
            + " 2ms/step - accuracy: 0.8852 - loss: 0.4130 - rmse: 0.6426 - val_accuracy: 0.9452 - val_loss: 0.1879 - val_rmse: 0.4335\n"
            + "Epoch 2/2\n"
            + "\r" + first + " " + B + "2s" + R + " 1ms/step - accuracy: 0.8906 - loss: 0.3824 - rmse: 0.6183"
            + Backspaces(91) + "\r" + full + " " + B + "3s" + R
            + " 2ms/step - accuracy: 0.9012 - loss: 0.3456 - rmse: 0.5879 - val_accuracy: 0.9502 - val_loss: 0.1700 - val_rmse: 0.4123\n";
        Assert.AreEqual(expected, output.ToString());
    }

    [TestMethod]
    public void Fit_Redirected_TwoEpochs_OnePlainLinePerEpochWithSortedMetrics()
    {
        RunTwoEpochFit(Logger(1, epochs: 2, steps: 1875, interactive: false));

        // Only the final line of each epoch, without escapes: the same text as the interactive final lines.
        Assert.AreEqual(
            "Epoch 1/2\n"
            + "1875/1875 " + Cells(20)
            + " 3s 2ms/step - accuracy: 0.8852 - loss: 0.4130 - rmse: 0.6426 - val_accuracy: 0.9452 - val_loss: 0.1879 - val_rmse: 0.4335\n"
            + "Epoch 2/2\n"
            + "1875/1875 " + Cells(20)
            + " 3s 2ms/step - accuracy: 0.9012 - loss: 0.3456 - rmse: 0.5879 - val_accuracy: 0.9502 - val_loss: 0.1700 - val_rmse: 0.4123\n",
            output.ToString());
    }

    [TestMethod]
    public void Fit_Redirected_ThreeEpochs_EpochLineThenOnePlainLine()
    {
        // Epoch end at start + 1 s: elapsed "1s"; (1 - 0.2) / 4 = 0.2 s -> "200ms/step"; the epoch logs, sorted.
        string[] finalLines =
        [
            "5/5 " + Cells(20) + " 1s 200ms/step - accuracy: 0.7000 - loss: 0.6000 - val_accuracy: 0.6800 - val_loss: 0.6500\n",
            "5/5 " + Cells(20) + " 1s 200ms/step - accuracy: 0.8000 - loss: 0.5000 - val_accuracy: 0.7800 - val_loss: 0.5500\n",
            "5/5 " + Cells(20) + " 1s 200ms/step - accuracy: 0.9000 - loss: 0.4000 - val_accuracy: 0.8800 - val_loss: 0.4500\n",
        ];
        var logger = Logger(1, epochs: 3, steps: 5, interactive: false);
        logger.OnTrainBegin(new Logs());
        var printed = "";
        for (var epoch = 0; epoch < 3; epoch++)
        {
            // Epoch e starts at 1.5 e s; batch b ends at 1.5 e + 0.2 (b + 1) s, the epoch at 1.5 e + 1 s.
            var start = 1.5 * epoch;
            now = start;
            logger.OnEpochBegin(epoch, new Logs());
            printed += $"Epoch {epoch + 1}/3\n";
            Assert.AreEqual(printed, output.ToString(), $"at the beginning of epoch {epoch + 1}");
            for (var batch = 0; batch < 5; batch++)
            {
                now = start + 0.2 * (batch + 1);
                logger.OnTrainBatchEnd(batch, L(("loss", 1.0 - 0.1 * batch), ("accuracy", 0.5 + 0.05 * batch)));
            }

            // Validation inside Fit: silent.
            logger.OnTestBegin(new Logs());
            logger.OnTestBatchEnd(0, L(("loss", 0.9)));
            logger.OnTestEnd(L(("loss", 0.9)));

            // Every batch is done (the last one at step 5 of 5), but nothing more has been printed.
            Assert.AreEqual(printed, output.ToString(), $"after the batches of epoch {epoch + 1}");

            now = start + 1.0;
            logger.OnEpochEnd(epoch, L(("loss", 0.6 - 0.1 * epoch), ("accuracy", 0.7 + 0.1 * epoch),
                ("val_loss", 0.65 - 0.1 * epoch), ("val_accuracy", 0.68 + 0.1 * epoch)));
            printed += finalLines[epoch];
            Assert.AreEqual(printed, output.ToString(), $"at the end of epoch {epoch + 1}");
        }

        logger.OnTrainEnd(new Logs());

        var text = output.ToString();
        Assert.AreEqual("Epoch 1/3\n" + finalLines[0] + "Epoch 2/3\n" + finalLines[1] + "Epoch 3/3\n" + finalLines[2], text);
        Assert.IsFalse(text.Contains('\x1b'), "no ANSI escapes when not interactive");
        Assert.IsFalse(text.Contains('\b'), "no backspaces when not interactive");
        Assert.IsFalse(text.Contains('\r'), "no carriage returns when not interactive");
    }

    [TestMethod]
    public void Fit_Interactive_OneEpoch_RedrawsInPlaceWithoutEpochLine()
    {
        var logger = Logger(1, epochs: 1, steps: 100, interactive: true);
        logger.OnTrainBegin(new Logs());
        now = 0;
        logger.OnEpochBegin(0, new Logs()); // epochs = 1: no "Epoch 1/1" line
        // Step 1 at 2 s: 2 s/step; ETA 2 * 99 = 198 -> "3:18". Width 8 + 20 + 5 + 8 + 15 = 56.
        now = 2.0;
        logger.OnTrainBatchEnd(0, L(("loss", 0.9)));
        // Step 50 at 26.5 s: (26.5 - 2) / 49 = 0.5 -> "500ms/step"; ETA 0.5 * 50 -> "25s". Width 58.
        now = 26.5;
        logger.OnTrainBatchEnd(49, L(("loss", 0.5)));
        // Final at 51.5 s: (51.5 - 2) / 99 = 0.5; elapsed f"{51.5:.0f}" = "52".
        now = 51.5;
        logger.OnEpochEnd(0, L(("loss", 0.25), ("val_loss", 0.3)));

        var expected =
            "\r" + B + "  1/100" + R + " " + W + Cells(20) + R + " " + B + "3:18" + R + " 2s/step - loss: 0.9000"
            + new string('\b', 56) + "\r" + B + " 50/100" + R + " " + G + Cells(10) + R + W + Cells(10) + R + " " + B + "25s" + R
            + " 500ms/step - loss: 0.5000"
            + new string('\b', 58) + "\r" + B + "100/100" + R + " " + G + Cells(20) + R + W + R + " " + B + "52s" + R
            + " 500ms/step - loss: 0.2500 - val_loss: 0.3000\n";
        Assert.AreEqual(expected, output.ToString());
    }

    [TestMethod]
    public void Fit_Verbose2_OneLinePerEpoch()
    {
        var logger = Logger(2, epochs: 2, steps: 1875, interactive: false);
        logger.OnTrainBegin(new Logs());
        now = 0;
        logger.OnEpochBegin(0, new Logs());
        // Verbose 2: batches do not touch the bar.
        now = 0.0016;
        logger.OnTrainBatchEnd(0, L(("loss", 2.3)));
        // Final at 3.2 s, no step-1 time recorded -> 3.2 / 1875 = 0.0017067 -> "2ms/step".
        now = 3.2;
        logger.OnEpochEnd(0, L(("loss", 0.4130), ("accuracy", 0.8852), ("rmse", 0.6426),
            ("val_loss", 0.1879), ("val_accuracy", 0.9452), ("val_rmse", 0.4335)));
        logger.OnEpochBegin(1, new Logs());
        // Elapsed 6.1 - 3.2 = 2.9 -> "3s"; 2.9 / 1875 = 0.0015467 -> "2ms/step".
        now = 6.1;
        logger.OnEpochEnd(1, L(("loss", 0.3456), ("val_loss", 0.1700)));

        Assert.AreEqual(
            "Epoch 1/2\n"
            + "1875/1875 - 3s - 2ms/step - accuracy: 0.8852 - loss: 0.4130 - rmse: 0.6426 - val_accuracy: 0.9452 - val_loss: 0.1879 - val_rmse: 0.4335\n"
            + "Epoch 2/2\n"
            + "1875/1875 - 3s - 2ms/step - loss: 0.3456 - val_loss: 0.1700\n",
            output.ToString());
    }

    [TestMethod]
    public void Fit_Verbose2_ShowsTheSortedEpochLogs()
    {
        // Verbose 2 is the same with or without a terminal.
        foreach (var interactive in new[] { false, true })
        {
            var logger = Logger(2, epochs: 1, steps: 10, interactive);
            logger.OnTrainBegin(new Logs());
            now = 0;
            logger.OnEpochBegin(0, new Logs());
            now = 1;
            logger.OnTrainBatchEnd(0, L(("zeta", 2.5), ("loss", 0.7)));
            now = 2;
            logger.OnEpochEnd(0, L(("zeta", 2.0), ("loss", 0.5), ("val_zeta", 3.0), ("val_loss", 0.6)));

            // Only the epoch logs reach the bar, sorted: loss, val_loss, val_zeta, zeta. No step-1 time was recorded
            // (verbose 2 does not update the bar per batch): 2 / 10 = 0.2 -> "200ms/step".
            Assert.AreEqual("10/10 - 2s - 200ms/step - loss: 0.5000 - val_loss: 0.6000 - val_zeta: 3.0000 - zeta: 2.0000\n",
                output.ToString(), $"interactive: {interactive}");
        }
    }

    [TestMethod]
    public void Fit_Verbose1_KeepsFirstSeenOrderAcrossBatchAndEpochLogs()
    {
        var full = B + "1/1" + R + " " + G + Cells(20) + R + W + R;
        // Interactive: the batch line (width 4 + 20 + 3 + 8 + 15 + 15 = 65), then the final one over it.
        RunFirstSeenOrder(Logger(1, epochs: 1, steps: 1, interactive: true));
        Assert.AreEqual(
            "\r" + full + " " + B + "0s" + R + " 1s/step - loss: 0.5000 - zeta: 2.0000"
            + Backspaces(65) + "\r" + full + " " + B + "2s" + R + " 2s/step - loss: 0.5000 - zeta: 2.0000 - val_loss: 0.6000 - val_zeta: 3.0000\n",
            output.ToString());

        // Redirected: the batch line is not printed, but its metrics still set the order of the final line.
        RunFirstSeenOrder(Logger(1, epochs: 1, steps: 1, interactive: false));
        Assert.AreEqual(
            "1/1 " + Cells(20) + " 2s 2s/step - loss: 0.5000 - zeta: 2.0000 - val_loss: 0.6000 - val_zeta: 3.0000\n",
            output.ToString());
    }

    private void RunFirstSeenOrder(ProgbarLogger logger)
    {
        logger.OnTrainBegin(new Logs());
        now = 0;
        logger.OnEpochBegin(0, new Logs());
        // Step 1 at 1 s, finalize=False: ETA 1 * 0 -> "0s"; 1 s/step. Batch logs sorted: loss, zeta.
        now = 1;
        logger.OnTrainBatchEnd(0, L(("zeta", 2.0), ("loss", 0.5)));
        // Validation inside Fit: silent.
        now = 1.5;
        logger.OnTestBegin(new Logs());
        logger.OnTestBatchEnd(0, L(("loss", 0.6)));
        logger.OnTestEnd(L(("loss", 0.6)));
        // Final at 2 s: current 1 -> (2 - 0) / 1 = 2 -> "2s/step"; elapsed "2s". Sorted epoch logs
        // (loss, val_loss, val_zeta, zeta) append val_loss, val_zeta after the first-seen loss, zeta.
        now = 2;
        logger.OnEpochEnd(0, L(("zeta", 2.0), ("loss", 0.5), ("val_zeta", 3.0), ("val_loss", 0.6)));
    }

    [TestMethod]
    public void Verbose0_PrintsNothing()
    {
        foreach (var interactive in new[] { false, true })
        {
            var logger = Logger(0, epochs: 3, steps: 5, interactive);
            logger.OnTrainBegin(new Logs());
            for (var epoch = 0; epoch < 3; epoch++)
            {
                now = epoch;
                logger.OnEpochBegin(epoch, new Logs());
                for (var batch = 0; batch < 5; batch++)
                {
                    now += 0.1;
                    logger.OnTrainBatchEnd(batch, L(("loss", 1.0)));
                }

                logger.OnEpochEnd(epoch, L(("loss", 1.0), ("val_loss", 1.0)));
            }

            logger.OnTrainEnd(new Logs());
            Assert.AreEqual("", output.ToString());
            Assert.AreEqual(0, logger.Verbose);
        }
    }

    [TestMethod]
    public void VerboseAuto_IsOne()
    {
        // Keras 3's set_params: "auto" -> 1 (interactive or not).
        Assert.AreEqual(1, Logger("auto", epochs: 1, steps: 1, interactive: false).Verbose);
        Assert.AreEqual(1, Logger("auto", epochs: 1, steps: 1, interactive: true).Verbose);
        Assert.AreEqual(2, Logger(2L, epochs: 1, steps: 1, interactive: false).Verbose);
    }

    [TestMethod]
    public void UnknownSteps_CountsThenUsesTheFirstEpochsCount()
    {
        RunUnknownSteps(Logger(1, epochs: 2, steps: null, interactive: true));

        // Widths: 15 + 3 + 8 + 15 = 41, then 15 + 3 + 11 + 15 = 44 twice; epoch 2: 4 + 20 + 3 + 11 + 15 = 53.
        var full = B + "3/3" + R + " " + G + Cells(20) + R + W + R;
        Assert.AreEqual(
            "Epoch 1/2\n"
            + "\r      1/Unknown " + B + "1s" + R + " 1s/step - loss: 0.5000"
            + Backspaces(41) + "\r      2/Unknown " + B + "2s" + R + " 500ms/step - loss: 0.4000"
            + Backspaces(44) + "\r      3/Unknown " + B + "2s" + R + " 500ms/step - loss: 0.3000"
            + Backspaces(44) + "\r" + full + " " + B + "2s" + R + " 750ms/step - loss: 0.3000 - val_loss: 0.3500\n"
            + "Epoch 2/2\n"
            + "\r" + B + "1/3" + R + " " + G + Cells(6) + R + W + Cells(14) + R + " " + B + "1s" + R + " 500ms/step - loss: 0.2500"
            + Backspaces(53) + "\r" + full + " " + B + "2s" + R + " 500ms/step - loss: 0.2000 - val_loss: 0.2500\n",
            output.ToString());
    }

    [TestMethod]
    public void UnknownSteps_Redirected_SecondEpochKeepsTheFirstEpochsCount()
    {
        RunUnknownSteps(Logger(1, epochs: 2, steps: null, interactive: false));

        // Epoch 2 sees one batch only, yet ends at 3/3: the target counted in epoch 1.
        Assert.AreEqual(
            "Epoch 1/2\n"
            + "3/3 " + Cells(20) + " 2s 750ms/step - loss: 0.3000 - val_loss: 0.3500\n"
            + "Epoch 2/2\n"
            + "3/3 " + Cells(20) + " 2s 500ms/step - loss: 0.2000 - val_loss: 0.2500\n",
            output.ToString());
    }

    private void RunUnknownSteps(ProgbarLogger logger)
    {
        logger.OnTrainBegin(new Logs());
        now = 0;
        logger.OnEpochBegin(0, new Logs());
        // Step 1 at 1 s: "%7d/Unknown", elapsed "1s", 1 s/step.
        now = 1.0;
        logger.OnTrainBatchEnd(0, L(("loss", 0.5)));
        // Step 2 at 1.5 s: (1.5 - 1) / 1 = 0.5 -> "500ms/step"; elapsed f"{1.5:.0f}" = "2".
        now = 1.5;
        logger.OnTrainBatchEnd(1, L(("loss", 0.4)));
        // Step 3 at 2 s: (2 - 1) / 2 = 0.5; elapsed "2s".
        now = 2.0;
        logger.OnTrainBatchEnd(2, L(("loss", 0.3)));
        // Epoch end at 2.5 s: target = seen = 3 (numdigits 1); (2.5 - 1) / 2 = 0.75 -> "750ms/step";
        // elapsed f"{2.5:.0f}" = "2".
        now = 2.5;
        logger.OnEpochEnd(0, L(("loss", 0.3), ("val_loss", 0.35)));

        // Epoch 2 knows the target: 3. Step 1 at 3 s: 0.5 s/step; ETA 0.5 * 2 = 1 -> "1s"; prog_width int(20 / 3) = 6.
        logger.OnEpochBegin(1, new Logs());
        now = 3.0;
        logger.OnTrainBatchEnd(0, L(("loss", 0.25)));
        // Final at 4 s: (4 - 3) / 2 = 0.5; elapsed 4 - 2.5 = 1.5 -> "2s".
        now = 4.0;
        logger.OnEpochEnd(1, L(("loss", 0.2), ("val_loss", 0.25)));
    }

    [TestMethod]
    public void Evaluate_OutsideFit_DrawsABar()
    {
        RunEvaluate(Logger(1, epochs: 1, steps: 2, interactive: true));

        // Every line is 4 + 20 + 3 + 11 + 19 + 15 = 72 wide.
        var full = B + "2/2" + R + " " + G + Cells(20) + R + W + R;
        Assert.AreEqual(
            "\r" + B + "1/2" + R + " " + G + Cells(10) + R + W + Cells(10) + R + " " + B + "0s" + R + " 500ms/step - accuracy: 0.7500 - loss: 0.5000"
            + Backspaces(72) + "\r" + full + " " + B + "0s" + R + " 500ms/step - accuracy: 0.8000 - loss: 0.4000"
            + Backspaces(72) + "\r" + full + " " + B + "1s" + R + " 500ms/step - accuracy: 0.8000 - loss: 0.4000\n",
            output.ToString());

        RunEvaluate(Logger(1, epochs: 1, steps: 2, interactive: false));
        Assert.AreEqual("2/2 " + Cells(20) + " 1s 500ms/step - accuracy: 0.8000 - loss: 0.4000\n", output.ToString());
    }

    private void RunEvaluate(ProgbarLogger logger)
    {
        now = 0;
        logger.OnTestBegin(new Logs());
        // Step 1 at 0.5 s: 0.5 s/step -> "500ms/step"; ETA 0.5 * 1 -> "0s"; prog_width 10.
        now = 0.5;
        logger.OnTestBatchEnd(0, L(("loss", 0.5), ("accuracy", 0.75)));
        // Step 2 at 1 s, finalize=False: (1 - 0.5) / 1 = 0.5; ETA 0 -> "0s".
        now = 1.0;
        logger.OnTestBatchEnd(1, L(("loss", 0.4), ("accuracy", 0.8)));
        // on_test_end: final, elapsed "1s".
        logger.OnTestEnd(L(("loss", 0.4), ("accuracy", 0.8)));
    }

    [TestMethod]
    public void Predict_DrawsABarWithoutMetrics()
    {
        RunPredict(Logger(1, epochs: 1, steps: 2, interactive: true));

        // Every line is 4 + 20 + 3 + 11 = 38 wide.
        var full = B + "2/2" + R + " " + G + Cells(20) + R + W + R;
        Assert.AreEqual(
            "\r" + B + "1/2" + R + " " + G + Cells(10) + R + W + Cells(10) + R + " " + B + "0s" + R + " 250ms/step"
            + Backspaces(38) + "\r" + full + " " + B + "0s" + R + " 250ms/step"
            + Backspaces(38) + "\r" + full + " " + B + "0s" + R + " 250ms/step\n",
            output.ToString());

        RunPredict(Logger(1, epochs: 1, steps: 2, interactive: false));
        Assert.AreEqual("2/2 " + Cells(20) + " 0s 250ms/step\n", output.ToString());
    }

    private void RunPredict(ProgbarLogger logger)
    {
        now = 0;
        logger.OnPredictBegin(new Logs());
        // Step 1 at 0.25 s: "250ms/step"; ETA 0.25 -> "0s". Batch logs are not shown.
        now = 0.25;
        logger.OnPredictBatchEnd(0, L(("outputs", 1.0)));
        // Step 2 at 0.5 s: (0.5 - 0.25) / 1 = 0.25; ETA 0 -> "0s".
        now = 0.5;
        logger.OnPredictBatchEnd(1, L(("outputs", 2.0)));
        // Final: elapsed f"{0.5:.0f}" = "0" (half to even).
        logger.OnPredictEnd(new Logs());
    }

    [TestMethod]
    public void BadParams_Throw()
    {
        var logger = new ProgbarLogger(output, () => now, interactive: false);
        var loud = Assert.ThrowsExactly<ArgumentException>(() =>
            logger.SetParams(new Dictionary<string, object?> { ["verbose"] = "loud", ["epochs"] = 1, ["steps"] = 1 }));
        StringAssert.Contains(loud.Message, "\"loud\"");
        Assert.ThrowsExactly<ArgumentException>(() =>
            logger.SetParams(new Dictionary<string, object?> { ["verbose"] = 3, ["epochs"] = 1, ["steps"] = 1 }));
        var noEpochs = Assert.ThrowsExactly<ArgumentException>(() =>
            logger.SetParams(new Dictionary<string, object?> { ["verbose"] = 1, ["steps"] = 1 }));
        StringAssert.Contains(noEpochs.Message, "epochs");
        Assert.ThrowsExactly<ArgumentException>(() =>
            logger.SetParams(new Dictionary<string, object?> { ["verbose"] = 1, ["epochs"] = 1, ["steps"] = "many" }));
        Assert.ThrowsExactly<ArgumentException>(() =>
            logger.SetParams(new Dictionary<string, object?> { ["verbose"] = 1, ["epochs"] = 1, ["steps"] = -2 }));
    }

    [TestMethod]
    public void EpochEndBeforeEpochBegin_Throws()
    {
        var logger = Logger(1, epochs: 1, steps: 1, interactive: false);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => logger.OnEpochEnd(0, new Logs()));
        StringAssert.Contains(error.Message, "OnEpochBegin");
    }
}
