namespace Samples.Demo;

/// <summary>Fashion-MNIST is not on this machine; the message says where it was looked for and how to get it.</summary>
/// <param name="message">Where the data was looked for, and how to get it.</param>
/// <param name="inner">The dataset loader's exception.</param>
public sealed class MissingDatasetException(string message, Exception inner) : Exception(message, inner);
