namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Makes a custom class (layer, model, initializer, loss, metric, optimizer, schedule, regularizer, constraint) loadable from <c>.keras</c>
/// files, as Keras's <c>@keras.saving.register_keras_serializable(package, name)</c>: files name it
/// <c>package&gt;name</c> in <c>registered_name</c>. The class rebuilds from its <c>GetConfig()</c> keys, each matched to
/// the constructor parameter of the same name in camelCase (<c>hidden_units</c> → <c>hiddenUnits</c>).
/// Same as calling <see cref="Keras.Saving.Register{T}(string, string?)"/>.
/// </summary>
/// <param name="package">The package part of the registered name. Defaults to <c>Custom</c>, as in Keras.</param>
/// <param name="name">The name part. Defaults to the class name.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class KerasSerializableAttribute(string package = "Custom", string? name = null) : Attribute
{
    /// <summary>The package part of the registered name.</summary>
    public string Package { get; } = string.IsNullOrEmpty(package) || package.Contains('>')
        ? throw new ArgumentException($"KerasSerializable: package must be non-empty and cannot contain '>', received '{package}'.", nameof(package))
        : package;

    /// <summary>The name part of the registered name, or null for the class name.</summary>
    public string? Name { get; } = name;
}
