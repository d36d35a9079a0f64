namespace Samples.Listings;

/// <summary>How much a listing trains: the seed's figures by default; tests use fewer samples and epochs.</summary>
/// <param name="MaxEpochs">Upper bound on epochs (null: as in the seed).</param>
/// <param name="MaxTrainSamples">Upper bound on training samples (null: all).</param>
/// <param name="Verbose">Progress-bar verbosity passed to Fit/Evaluate.</param>
public sealed record ListingSettings(int? MaxEpochs = null, int? MaxTrainSamples = null, int Verbose = 1)
{
    /// <summary>The seed's settings.</summary>
    public static ListingSettings Default { get; } = new();

    /// <summary>The seed's epoch count, capped by <see cref="MaxEpochs"/>.</summary>
    public int Epochs(int seedEpochs) => Math.Min(seedEpochs, MaxEpochs ?? seedEpochs);

    /// <summary>The first samples of <paramref name="data"/>, capped by <see cref="MaxTrainSamples"/>.</summary>
    public Tensor Take(Tensor data) => MaxTrainSamples is { } n && n < data.shape[0] ? data[..n] : data;
}
