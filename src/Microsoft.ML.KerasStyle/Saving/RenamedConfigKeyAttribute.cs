namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// A config key that older Keras versions wrote under another name for this class, read as the current one when a
/// file has only the old key (Keras 2's LeakyReLU wrote its slope as <c>alpha</c>; Keras 3 calls it <c>negative_slope</c>).
/// </summary>
/// <param name="oldKey">The key older files use.</param>
/// <param name="newKey">The current key (a constructor parameter's snake_case name).</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
internal sealed class RenamedConfigKeyAttribute(string oldKey, string newKey) : Attribute
{
    /// <summary>The key older files use.</summary>
    public string OldKey { get; } = oldKey;

    /// <summary>The current key.</summary>
    public string NewKey { get; } = newKey;
}
