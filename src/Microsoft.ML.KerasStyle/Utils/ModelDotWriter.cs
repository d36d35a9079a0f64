using System.Net;
using System.Text;
using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;

namespace Microsoft.ML.KerasStyle.Utils;

/// <summary>
/// Writes a model's graph as Graphviz DOT, one HTML-table node per layer (name, class, optional shapes/dtype/
/// activation/trainable) and an edge per connection, as Keras's <c>model_to_dot</c> draws it.
/// </summary>
internal sealed class ModelDotWriter(bool showShapes, bool showDtype, bool showLayerNames, string rankdir, bool expandNested,
                                     int dpi, bool showLayerActivations, bool showTrainable)
{
    readonly StringBuilder dot = new();
    readonly Dictionary<Layer, string> ids = new(ReferenceEqualityComparer.Instance);
    readonly HashSet<string> edges = [];
    int nextId;

    public string Write(Model model)
    {
        if (rankdir is not ("TB" or "LR"))
            throw new ArgumentException($"PlotModel: rankdir must be \"TB\" or \"LR\", received \"{rankdir}\".", nameof(rankdir));
        if (!model.Built)
            throw new InvalidOperationException($"Model '{model.Name}' has not yet been built. Build it first with Build(inputShape), by declaring its input, or by calling it on data.");
        if (!model.IsFunctional)
            throw new InvalidOperationException(
                $"Model '{model.Name}' ({model.ClassName}) is a subclassed model: its connections live in its Call method, so there is no graph to plot. " +
                "Build it with the functional API (new Model(inputs, outputs)) or Sequential to plot it.");

        dot.AppendLine($"digraph {Quote(model.Name)} {{");
        dot.AppendLine($"  graph [rankdir={rankdir}, concentrate=true, dpi={dpi}, nodesep=0.4, ranksep=0.5];");
        dot.AppendLine("  node [shape=plaintext, fontname=\"Helvetica\", fontsize=12];");
        dot.AppendLine("  edge [color=\"#555555\", arrowsize=0.8];");
        WriteModel(model, "  ");
        dot.AppendLine("}");
        return dot.ToString();
    }

    static IReadOnlyList<Layer> DrawnLayers(Model model) => model is Sequential ? model.Layers : model.Graph!.Layers;

    void WriteModel(Model model, string indent)
    {
        var layers = DrawnLayers(model);
        foreach (var layer in layers)
        {
            if (expandNested && layer is Model { IsFunctional: true } nested)
            {
                dot.AppendLine($"{indent}subgraph {Quote("cluster_" + NewId())} {{");
                dot.AppendLine($"{indent}  label={Quote($"{nested.Name} ({nested.ClassName})")}; style=dashed; color=\"#888888\"; fontname=\"Helvetica\";");
                WriteModel(nested, indent + "  ");
                dot.AppendLine($"{indent}}}");
            }
            else
            {
                ids[layer] = NewId();
                dot.AppendLine($"{indent}{ids[layer]} [label=<{Label(layer, model)}>];");
            }
        }
        var nodes = model.Graph!.Nodes;
        foreach (var node in nodes)
        {
            if (!layers.Contains(node.Layer)) continue;
            foreach (var parent in node.InputTensors.Select(t => t.Layer).Where(layers.Contains))
                foreach (var from in Exits(parent))
                    foreach (var to in Entries(node.Layer))
                        if (edges.Add($"{from}->{to}")) dot.AppendLine($"{indent}{from} -> {to};");
        }
    }

    // An expanded nested model is entered at the layers fed by its inputs and left at its output layers.
    IEnumerable<string> Entries(Layer layer) => layer is Model { IsFunctional: true } m && expandNested
        ? m.Graph!.Nodes.Where(n => !n.IsInput && n.InputTensors.Any(t => t.Layer is InputLayer && m.Graph.Inputs.Contains(t)))
            .SelectMany(n => Entries(n.Layer)).Distinct()
        : [ids[layer]];

    IEnumerable<string> Exits(Layer layer) => layer is Model { IsFunctional: true } m && expandNested
        ? m.Graph!.Outputs.SelectMany(t => Exits(t.Layer)).Distinct()
        : [ids[layer]];

    string NewId() => $"n{nextId++}";

    string Label(Layer layer, Model owner)
    {
        var title = showLayerNames ? $"<b>{Html(layer.Name)}</b> ({Html(layer.ClassName)})" : Html(layer.ClassName);
        var rows = new List<string> { Row(title, header: true) };
        if (showLayerActivations && layer.GetConfig().TryGetValue("activation", out var activation) && activation is string a)
            rows.Add(Row($"Activation: {Html(a)}"));
        var node = owner.Graph!.Nodes.LastOrDefault(n => n.Layer == layer);
        if (showShapes && node is not null)
        {
            var inputs = node.IsInput ? node.OutputTensors : node.InputTensors;
            rows.Add($"<tr><td bgcolor=\"white\">Input shape: {Html(ShapesText(inputs))}</td><td bgcolor=\"white\">Output shape: {Html(ShapesText(node.OutputTensors))}</td></tr>");
        }
        if (showDtype && node is not null)
            rows.Add(Row($"Output dtype: {Html(string.Join(", ", node.OutputTensors.Select(t => t.Dtype)))}"));
        if (showTrainable)
            rows.Add(Row(layer.Trainable ? "Trainable: T" : "Trainable: NT"));
        return "<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"6\">" + string.Concat(rows) + "</table>";
    }

    static string ShapesText(IReadOnlyList<KerasTensor> tensors) => tensors.Count == 1
        ? Shapes.Format(tensors[0].Shape)
        : "[" + string.Join(", ", tensors.Select(t => Shapes.Format(t.Shape))) + "]";

    static string Row(string content, bool header = false) => header
        ? $"<tr><td colspan=\"2\" bgcolor=\"#2b4c7e\"><font color=\"white\">{content}</font></td></tr>"
        : $"<tr><td colspan=\"2\" bgcolor=\"white\">{content}</td></tr>";

    static string Html(string text) => WebUtility.HtmlEncode(text);

    static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
