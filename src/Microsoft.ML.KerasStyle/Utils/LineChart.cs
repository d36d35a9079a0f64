using ScottPlot;

namespace Microsoft.ML.KerasStyle;

/// <summary>
/// Saves a series of values (per-batch losses, say) as a PNG line chart — what Keras examples do with matplotlib's
/// <c>plt.plot(range(len(values)), values)</c> and <c>plt.savefig</c>:
/// <code>LineChart.Save(perBatchLosses, "batch_loss_final_epoch.png", "Training loss for each batch", "Batch (final epoch)", "Loss");</code>
/// </summary>
public static class LineChart
{
    /// <summary>
    /// A sans-serif family that is really installed: ScottPlot's own pick on Linux can be a serif face, and asking for
    /// a missing family silently gives a fallback, so each candidate is checked by the family it resolves to.
    /// </summary>
    static readonly Lazy<string?> SansFont = new(() => new[] { "DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica", "Segoe UI" }
        .FirstOrDefault(name => Fonts.GetTypeface(name, bold: false, italic: false)?.FamilyName == name));

    /// <summary>Draws <paramref name="values"/> against their index 0, 1, 2, … and saves the chart as a PNG.</summary>
    /// <param name="values">The values, in order; non-finite ones (a diverged loss) leave gaps.</param>
    /// <param name="path">The PNG file to write; its folder is created if needed.</param>
    /// <param name="title">The chart's title. Defaults to none.</param>
    /// <param name="xLabel">The horizontal axis's label. Defaults to <c>Batch</c>.</param>
    /// <param name="yLabel">The vertical axis's label. Defaults to <c>Value</c>.</param>
    /// <param name="label">The series' name, shown in a legend. Defaults to none (no legend).</param>
    /// <param name="width">Image width in pixels. Defaults to 800.</param>
    /// <param name="height">Image height in pixels. Defaults to 500.</param>
    /// <returns>The full path of the PNG written.</returns>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty, the path is not a .png, or a size is not positive.</exception>
    public static string Save(IReadOnlyList<double> values, string path, string? title = null, string xLabel = "Batch",
        string yLabel = "Value", string? label = null, int width = 800, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("LineChart.Save: 'values' is empty; there is nothing to draw.", nameof(values));
        var target = PngTarget(path, "LineChart.Save", width, height);

        var plot = NewPlot(title, xLabel, yLabel);
        var xs = Enumerable.Range(0, values.Count).Select(i => (double)i).ToArray();
        var line = plot.Add.Scatter(xs, values.Select(v => double.IsFinite(v) ? v : double.NaN).ToArray());
        line.LineWidth = 1.5f;
        // Markers help read a handful of points and only clutter thousands of batches.
        line.MarkerSize = values.Count <= 50 ? 5 : 0;
        if (label is not null)
        {
            line.LegendText = label;
            ShowLegendAwayFromData(plot, [values]);
        }
        plot.SavePng(target, width, height);
        return target;
    }

    /// <summary>Float values (the type a callback may collect <c>logs["loss"]</c> in); see the double overload.</summary>
    /// <param name="values">The values, in order.</param>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The chart's title. Defaults to none.</param>
    /// <param name="xLabel">The horizontal axis's label. Defaults to <c>Batch</c>.</param>
    /// <param name="yLabel">The vertical axis's label. Defaults to <c>Value</c>.</param>
    /// <param name="label">The series' name, shown in a legend. Defaults to none (no legend).</param>
    /// <param name="width">Image width in pixels. Defaults to 800.</param>
    /// <param name="height">Image height in pixels. Defaults to 500.</param>
    /// <returns>The full path of the PNG written.</returns>
    public static string Save(IReadOnlyList<float> values, string path, string? title = null, string xLabel = "Batch",
        string yLabel = "Value", string? label = null, int width = 800, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Save(values.Select(v => (double)v).ToArray(), path, title, xLabel, yLabel, label, width, height);
    }

    /// <summary>A chart with a title, labelled axes and whole-number ticks along x, the look shared by line charts and history plots.</summary>
    internal static Plot NewPlot(string? title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        if (SansFont.Value is { } sans) plot.Font.Set(sans);
        if (!string.IsNullOrEmpty(title)) plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        // The horizontal axis counts batches or epochs: no 0.5 ticks on short series.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        return plot;
    }

    /// <summary>
    /// Puts the legend in the right-hand corner the curves' last third stays away from: upper right for a falling loss,
    /// lower right for a rising accuracy (matplotlib's <c>loc="best"</c> in spirit; ScottPlot has no such option).
    /// </summary>
    internal static void ShowLegendAwayFromData(Plot plot, IEnumerable<IReadOnlyList<double>> series)
    {
        var all = series.ToList();
        var finite = all.SelectMany(s => s).Where(double.IsFinite).ToList();
        if (finite.Count == 0)
        {
            plot.ShowLegend(Alignment.UpperRight);
            return;
        }
        var middle = (finite.Min() + finite.Max()) / 2;
        var tail = all.SelectMany(s => s.Skip(s.Count - Math.Max(1, s.Count / 3))).Where(double.IsFinite).ToList();
        var upper = tail.Count(v => v > middle);
        plot.ShowLegend(upper > tail.Count - upper ? Alignment.LowerRight : Alignment.UpperRight);
    }

    /// <summary>The full path of a .png to write (its folder created), after checking the path and image size.</summary>
    internal static string PngTarget(string path, string caller, int width, int height)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!string.Equals(Path.GetExtension(path), ".png", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"{caller}: cannot write '{path}': the file must end in .png.", nameof(path));
        if (width <= 0 || height <= 0)
            throw new ArgumentException($"{caller}: the image size must be positive, received {width}×{height} pixels.", nameof(width));
        var target = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        return target;
    }
}
