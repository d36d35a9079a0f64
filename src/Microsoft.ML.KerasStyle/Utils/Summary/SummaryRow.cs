using System.Globalization;
using System.Text;

namespace Microsoft.ML.KerasStyle.Utils;

/// <summary>
/// One layer row of a Keras 3 style <c>model.summary()</c> table, with every field already formatted the way
/// Keras formats it (see <see cref="FormatShape"/> and
/// <see cref="FormatParamCount"/>).
/// </summary>
/// <param name="Name">The layer name, printed as <c>name (ClassName)</c>.</param>
/// <param name="ClassName">The layer's class name, e.g. <c>Dense</c> or <c>InputLayer</c>.</param>
/// <param name="OutputShape">
/// The formatted output shape, e.g. <c>(None, 64)</c>; <see cref="UnknownShape"/> (<c>?</c>) for a layer that was
/// never called nor built.
/// </param>
/// <param name="ParamCount">The formatted parameter count, e.g. <c>1,286,464</c> or <c>0 (unbuilt)</c>.</param>
/// <param name="ConnectedTo">
/// The "Connected to" entries of a non-sequential model, e.g. <c>title[0][0]</c>; empty (or <c>["-"]</c>) for an
/// input layer, which Keras prints as <c>-</c>. Ignored for sequential-like summaries.
/// </param>
/// <param name="Trainable">
/// For <c>show_trainable</c>: <see langword="true"/> prints <c>Y</c>, <see langword="false"/> prints <c>N</c>,
/// <see langword="null"/> (a layer without weights) prints <c>-</c>.
/// </param>
/// <param name="Depth">Nesting level for <c>expand_nested</c>: 0 for a top-level layer, 1 for a layer of a nested model, ...</param>
public sealed record SummaryRow(
    string Name,
    string ClassName,
    string OutputShape,
    string ParamCount,
    IReadOnlyList<string> ConnectedTo,
    bool? Trainable = null,
    int Depth = 0)
{
    /// <summary>The shape Keras prints for a layer that has neither been called nor built.</summary>
    public const string UnknownShape = "?";

    /// <summary>The parameter count Keras prints for a layer that is not built yet.</summary>
    public const string UnbuiltParamCount = "0 (unbuilt)";

    /// <summary>
    /// Formats one shape as Keras's <c>format_layer_shape</c> does: <c>(None, 64)</c>, with <c>None</c> for an
    /// unknown dimension. A one-dimensional shape prints as <c>(10)</c> and a scalar as <c>()</c>: Keras joins the
    /// dimensions itself and adds no trailing comma.
    /// </summary>
    /// <param name="shape">The dimensions; <see langword="null"/> entries are unknown (<c>None</c>).</param>
    /// <returns>The formatted shape.</returns>
    public static string FormatSingleShape(IReadOnlyList<int?> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var builder = new StringBuilder("(");
        for (var i = 0; i < shape.Count; i++)
        {
            if (i > 0) builder.Append(", ");
            builder.Append(shape[i] is int dim ? dim.ToString(CultureInfo.InvariantCulture) : "None");
        }

        return builder.Append(')').ToString();
    }

    /// <summary>
    /// Formats a layer's output shapes as Keras's <c>format_layer_shape</c> does: a single output prints as
    /// <c>(None, 64)</c>; several print as the Python <c>str()</c> of the output structure with the quotes removed:
    /// <c>[(None, 3), (None, 4)]</c> for a list of outputs, <c>((None, 3), (None, 4))</c> for a tuple.
    /// </summary>
    /// <param name="shapes">One shape per output tensor; <see langword="null"/> dimensions are unknown (<c>None</c>).</param>
    /// <param name="asTuple">Whether the layer returns its outputs as a tuple rather than a list.</param>
    /// <returns>The formatted shape text.</returns>
    public static string FormatShape(IReadOnlyList<int?[]> shapes, bool asTuple = false)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        if (shapes.Count == 1) return FormatSingleShape(shapes[0]);
        var builder = new StringBuilder(asTuple ? "(" : "[");
        for (var i = 0; i < shapes.Count; i++)
        {
            if (i > 0) builder.Append(", ");
            builder.Append(FormatSingleShape(shapes[i]));
        }

        return builder.Append(asTuple ? ')' : ']').ToString();
    }

    /// <summary>
    /// Formats a parameter count as Keras does: thousands separated by commas (<c>1,286,789</c>) for a built
    /// layer, <c>0 (unbuilt)</c> for a layer that is not built yet (whatever <paramref name="count"/> is).
    /// </summary>
    /// <param name="count">The layer's parameter count.</param>
    /// <param name="built">Whether the layer is built.</param>
    /// <returns>The formatted count.</returns>
    public static string FormatParamCount(long count, bool built) =>
        built ? FormatCount(count) : UnbuiltParamCount;

    /// <summary>A count with comma thousands separators, as Python's <c>f"{count:,}"</c>.</summary>
    internal static string FormatCount(long count) => count.ToString("#,0", CultureInfo.InvariantCulture);
}
