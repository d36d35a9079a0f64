namespace Samples.Listings;

/// <summary>One runnable listing of the seed chapter, by its section number.</summary>
public abstract class Listing
{
    /// <summary>Section number, e.g. <c>7-2-1</c>.</summary>
    public abstract string Id { get; }

    /// <summary>Other section numbers this listing also covers (e.g. 7-4-2 is shown by 7-4-1).</summary>
    public virtual IReadOnlyList<string> AlsoCovers => [];

    /// <summary>What the listing shows.</summary>
    public abstract string Title { get; }

    /// <summary>Runs the listing, writing what Keras would print to <paramref name="output"/>.</summary>
    public void Run(TextWriter output) => Run(output, ListingSettings.Default);

    /// <summary>Runs the listing with <paramref name="settings"/> (tests shorten the training runs).</summary>
    public abstract void Run(TextWriter output, ListingSettings settings);

    /// <summary>Every listing, in chapter order.</summary>
    public static IReadOnlyList<Listing> All { get; } =
    [
        new SequentialModel(),
        new FunctionalApi(),
        new SubclassedModel(),
        new MixedStyles(),
        new CustomMetric(),
        new EarlyStoppingAndCheckpoint(),
        new CustomCallback(),
        new TensorBoardLogging(),
        new TrainingAndInference(),
        new CustomTrainingLoop(),
        new OverriddenTrainStep(),
        new OnnxDeployment(),
        new MLNetFashionMnist(),
        new MLNetTicketModel(),
    ];

    /// <summary>The listing with <paramref name="id"/>, or null.</summary>
    public static Listing? Find(string id) => All.FirstOrDefault(l => l.Id == id) ?? All.FirstOrDefault(l => l.AlsoCovers.Contains(id));
}
