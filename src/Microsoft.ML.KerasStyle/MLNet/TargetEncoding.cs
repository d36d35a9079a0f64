namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>How a label column becomes the target tensor of a model output.</summary>
internal enum TargetEncoding
{
    /// <summary>A key label as its 0-based class index (int64), for sparse categorical losses.</summary>
    ClassIndex,

    /// <summary>A key label as a one-hot float vector, for categorical losses.</summary>
    OneHot,

    /// <summary>Numbers (and Booleans as 0/1) as float32, shaped as the model output.</summary>
    Value,
}
