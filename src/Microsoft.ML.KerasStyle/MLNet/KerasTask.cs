namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>What a Keras estimator is for: which columns it reads and which ML.NET conventions its outputs follow.</summary>
internal enum KerasTask
{
    /// <summary>Key label; outputs <c>Score</c> (class probabilities in key order) and key-typed <c>PredictedLabel</c>.</summary>
    MulticlassClassification,

    /// <summary>Boolean (or 0/1 Single) label; outputs <c>Score</c>, <c>Probability</c> and Boolean <c>PredictedLabel</c>.</summary>
    BinaryClassification,

    /// <summary>Single label; outputs <c>Score</c>.</summary>
    Regression,

    /// <summary>Any functional model: input, label and output columns named per model input and output.</summary>
    General,
}
