using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Utils;

namespace Microsoft.ML.KerasStyle.Models;

// Model.Summary(): the rows Keras 3 shows, rendered by Utils/Summary/SummaryTable.
public partial class Model
{
    /// <summary>
    /// Prints Keras 3's summary table: each layer's name and class, output shape and parameter count (and, for
    /// non-sequential graphs, what it is connected to), then total, trainable and non-trainable parameters with their
    /// memory size. Unbuilt layers show <c>?</c> and <c>0 (unbuilt)</c>.
    /// </summary>
    /// <param name="lineLength">Table width. Defaults to Keras's: 88 (sequential-like) or 108 columns, at most the terminal width − 4.</param>
    /// <param name="positions">Relative right edges of the columns. Defaults to Keras's.</param>
    /// <param name="printFn">Where the text goes. Defaults to the console.</param>
    /// <param name="expandNested">Also list the layers of nested models. Defaults to false.</param>
    /// <param name="showTrainable">Add a column saying whether each layer is trainable. Defaults to false.</param>
    /// <returns>The summary text.</returns>
    public string Summary(int? lineLength = null, double[]? positions = null, Action<string>? printFn = null,
                          bool expandNested = false, bool showTrainable = false)
    {
        var sequentialLike = this is Sequential || graph is null || graph.IsSequentialLike;
        var relevantNodes = graph is null ? null : new HashSet<Node>(graph.Nodes);
        var rows = new List<SummaryRow>();
        foreach (var layer in SummaryLayers()) AddRows(layer, 0);

        var trainable = TrainableWeights;
        var nonTrainable = NonTrainableWeights;
        var text = SummaryTable.Render(Name, rows, sequentialLike,
            trainableParams: trainable.Sum(w => w.Size), nonTrainableParams: nonTrainable.Sum(w => w.Size),
            trainableBytes: Bytes(trainable), nonTrainableBytes: Bytes(nonTrainable),
            lineLength: lineLength, positions: positions, showTrainable: showTrainable);
        (printFn ?? Console.Write)(text);
        return text;

        void AddRows(Layer layer, int depth)
        {
            rows.Add(new SummaryRow(layer.Name, layer.ClassName, OutputShapeText(layer), SummaryRow.FormatParamCount(layer.Built ? layer.CountParams() : 0, layer.Built),
                sequentialLike ? [] : Connections(layer, depth == 0 ? relevantNodes : []),
                layer.Weights.Count == 0 ? null : layer.Trainable, depth));
            if (expandNested && layer is Model nested)
                foreach (var inner in nested.SummaryLayers()) AddRows(inner, depth + 1);
        }
    }

    IReadOnlyList<Layer> SummaryLayers() => this is Sequential ? Layers : graph?.Layers ?? Layers;

    static long Bytes(IEnumerable<Variable> weights) => weights.Sum(w => w.Size * Dtypes.SizeInBytes(w.Dtype));

    static string OutputShapeText(Layer layer)
    {
        if (layer.InboundNodes.Count > 0)
            return SummaryRow.FormatShape(layer.InboundNodes[^1].OutputTensors.Select(t => t.Shape).ToList());
        if (layer is Model { IsFunctional: true } functional)
            return SummaryRow.FormatShape(functional.OutputTensors.Select(t => t.Shape).ToList());
        if (layer.BuildShapes is null) return SummaryRow.UnknownShape;
        try
        {
            return SummaryRow.FormatShape(layer.ComputeOutputShapes(layer.BuildShapes));
        }
        catch (Exception e) when (e is NotImplementedException or InvalidOperationException or ArgumentException)
        {
            return SummaryRow.UnknownShape;
        }
    }

    static IReadOnlyList<string> Connections(Layer layer, HashSet<Node>? relevantNodes) // nested rows: Keras prints '-'
    {
        var connections = layer.InboundNodes
            .Where(n => relevantNodes is null || relevantNodes.Contains(n))
            .SelectMany(n => n.InputTensors.Select(t => t.HistoryReference))
            .ToList();
        return connections.Count > 0 ? connections : ["-"];
    }
}
