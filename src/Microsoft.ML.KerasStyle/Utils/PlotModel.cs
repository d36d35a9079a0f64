namespace Microsoft.ML.KerasStyle;

public static partial class Keras
{
    public static partial class Utils
    {
        /// <summary>
        /// Draws a functional or Sequential model as a graph, like Keras's <c>plot_model</c>: writes the Graphviz DOT text
        /// beside <paramref name="toFile"/> (same name, <c>.dot</c>) and renders it with Graphviz's <c>dot</c> to PNG, SVG or
        /// PDF by the file's extension. When <c>dot</c> is missing the DOT file is still written and the error says how
        /// to install Graphviz.
        /// </summary>
        /// <param name="model">A functional or built Sequential model.</param>
        /// <param name="toFile">Output file (.png, .svg, .pdf, or .dot for the text only). Defaults to <c>model.png</c>.</param>
        /// <param name="showShapes">Show each layer's input and output shapes. Defaults to false.</param>
        /// <param name="showDtype">Show each layer's output dtype. Defaults to false.</param>
        /// <param name="showLayerNames">Show layer names. Defaults to true.</param>
        /// <param name="rankdir"><c>TB</c> (top to bottom) or <c>LR</c> (left to right). Defaults to <c>TB</c>.</param>
        /// <param name="expandNested">Draw nested models' layers inside a cluster. Defaults to false.</param>
        /// <param name="dpi">Resolution of raster output. Defaults to 200.</param>
        /// <param name="showLayerActivations">Show Dense/Conv activations. Defaults to false.</param>
        /// <param name="showTrainable">Mark trainable (T) and frozen (NT) layers. Defaults to false.</param>
        /// <returns>The full path of the rendered file.</returns>
        public static string PlotModel(KerasStyle.Models.Model model, string toFile = "model.png", bool showShapes = false, bool showDtype = false,
            bool showLayerNames = true, string rankdir = "TB", bool expandNested = false, int dpi = 200,
            bool showLayerActivations = false, bool showTrainable = false)
        {
            var dot = ModelToDot(model, showShapes, showDtype, showLayerNames, rankdir, expandNested, dpi, showLayerActivations, showTrainable);
            return KerasStyle.Utils.Graphviz.Render(dot, toFile);
        }

        /// <summary>The Graphviz DOT text that <see cref="PlotModel"/> renders (same options).</summary>
        public static string ModelToDot(KerasStyle.Models.Model model, bool showShapes = false, bool showDtype = false, bool showLayerNames = true,
            string rankdir = "TB", bool expandNested = false, int dpi = 200, bool showLayerActivations = false, bool showTrainable = false) =>
            new KerasStyle.Utils.ModelDotWriter(showShapes, showDtype, showLayerNames, rankdir, expandNested, dpi, showLayerActivations, showTrainable)
                .Write(model);
    }
}
