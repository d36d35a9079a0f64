namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Marks a field of a layer or model that holds layers which are not its own (e.g. a reference to a teacher model),
/// so that their weights are not counted, trained or saved as part of this one.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class DoNotTrackAttribute : Attribute;
