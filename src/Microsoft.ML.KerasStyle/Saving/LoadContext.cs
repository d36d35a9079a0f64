namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>What a load needs besides the JSON: where it comes from (for error messages) and the caller's custom classes.</summary>
/// <param name="source">The file and part being read, e.g. <c>config.json of 'model.keras'</c>.</param>
/// <param name="customObjects">Classes by registered or class name (Keras's <c>custom_objects</c>), or null.</param>
internal sealed class LoadContext(string source, IReadOnlyDictionary<string, Type>? customObjects)
{
    /// <summary>The file and part being read.</summary>
    public string Source { get; } = source;

    /// <summary>Classes by registered or class name.</summary>
    public IReadOnlyDictionary<string, Type> CustomObjects { get; } = customObjects ?? new Dictionary<string, Type>();
}
