using Microsoft.ML.KerasStyle.Callbacks;
using ScottPlot;

namespace Microsoft.ML.KerasStyle;

/// <summary>
/// Draws a training <see cref="History"/> as Keras examples do with matplotlib: one chart per metric, the training
/// and validation curves together (<c>loss</c> with <c>val_loss</c>, <c>accuracy</c> with <c>val_accuracy</c>, …),
/// side by side in one PNG:
/// <code>var history = model.Fit(…, validationData: (xVal, yVal));
/// history.Plot("history.png");</code>
/// </summary>
public static class HistoryPlot
{
    const string ValidationPrefix = "val_";

    /// <summary>Saves one chart per metric of <paramref name="history"/> as a PNG, left to right: loss first, then the others as first recorded.</summary>
    /// <param name="history">What <c>Fit</c> returned (or <c>model.History</c>).</param>
    /// <param name="path">The PNG file to write; its folder is created if needed. Defaults to <c>history.png</c>.</param>
    /// <param name="metrics">Which metrics to draw, by training name (<c>loss</c>, <c>accuracy</c>); each brings its
    /// <c>val_</c> curve along; drawn in the order given. Defaults to all recorded metrics.</param>
    /// <param name="width">Width of each chart in pixels; the image is as wide as all charts together. Defaults to 640.</param>
    /// <param name="height">Image height in pixels. Defaults to 480.</param>
    /// <returns>The full path of the PNG written.</returns>
    /// <exception cref="InvalidOperationException">The history has no recorded values (no epoch has ended).</exception>
    /// <exception cref="ArgumentException">A requested metric was not recorded, the path is not a .png, or a size is not positive.</exception>
    public static string Plot(this History history, string path = "history.png", IEnumerable<string>? metrics = null, int width = 640, int height = 480)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Values.Count == 0 || history.Values.All(v => v.Value.Count == 0))
            throw new InvalidOperationException("History.Plot: the history holds no values yet; it is filled at the end of each epoch of Fit.");
        var target = LineChart.PngTarget(path, "History.Plot", width, height);

        var families = Families(history);
        var chosen = metrics?.ToList() ?? families;
        var unknown = chosen.Where(m => !families.Contains(m)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException(
                $"History.Plot: no metric {string.Join(", ", unknown.Select(u => $"'{u}'"))} was recorded; recorded: {string.Join(", ", families)}.", nameof(metrics));
        if (chosen.Count == 0) throw new ArgumentException("History.Plot: 'metrics' is empty; name at least one metric.", nameof(metrics));

        var multiplot = new Multiplot();
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        multiplot.Reset(Chart(history, chosen[0]));
        foreach (var family in chosen.Skip(1)) multiplot.AddPlot(Chart(history, family));
        multiplot.SavePng(target, width * chosen.Count, height);
        return target;
    }

    /// <summary>Metric names without the <c>val_</c> prefix: <c>loss</c> first (the quantity trained on), then the rest as first recorded.</summary>
    static List<string> Families(History history) =>
        history.Values.Keys.Select(k => k.StartsWith(ValidationPrefix, StringComparison.Ordinal) ? k[ValidationPrefix.Length..] : k)
            .Distinct().OrderBy(k => k == "loss" ? 0 : 1).ToList();

    static Plot Chart(History history, string family)
    {
        var hasTraining = history.Values.TryGetValue(family, out var training) && training.Count > 0;
        var hasValidation = history.Values.TryGetValue(ValidationPrefix + family, out var validation) && validation.Count > 0;
        var title = (hasTraining, hasValidation) switch
        {
            (true, true) => $"Training and validation {family}",
            (true, false) => $"Training {family}",
            _ => $"Validation {family}",
        };
        var plot = LineChart.NewPlot(title, "Epoch", family);
        var curves = new List<IReadOnlyList<double>>();
        if (hasTraining) curves.Add(AddCurve(plot, history, family, training!));
        if (hasValidation) curves.Add(AddCurve(plot, history, ValidationPrefix + family, validation!));
        LineChart.ShowLegendAwayFromData(plot, curves);
        return plot;
    }

    static List<double> AddCurve(Plot plot, History history, string name, List<double> values)
    {
        // Epochs shown 1-based, as Keras prints them ("Epoch 1/10"); History.Epoch is 0-based.
        var epochs = values.Count == history.Epoch.Count
            ? history.Epoch.Select(e => e + 1.0).ToArray()
            : Enumerable.Range(1, values.Count).Select(e => (double)e).ToArray();
        var curve = plot.Add.Scatter(epochs, values.Select(v => double.IsFinite(v) ? v : double.NaN).ToArray());
        curve.LegendText = name;
        curve.LineWidth = 2;
        curve.MarkerSize = epochs.Length <= 50 ? 6 : 0;
        return values;
    }
}
