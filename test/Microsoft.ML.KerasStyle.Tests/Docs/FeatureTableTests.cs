using Microsoft.ML.KerasStyle.Activations;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Initializers;
using Microsoft.ML.KerasStyle.Losses;
using Microsoft.ML.KerasStyle.Metrics;
using Microsoft.ML.KerasStyle.Optimizers;
using Microsoft.ML.KerasStyle.Optimizers.Schedules;

namespace Microsoft.ML.KerasStyle.Tests.Docs;

/// <summary>
/// docs/features.md names everything the library offers: every public layer, loss, metric, optimizer, schedule, callback and
/// initializer class, and every activation name — so the feature table cannot fall behind the code.
/// </summary>
[TestClass]
public sealed class FeatureTableTests
{
    static readonly Lazy<string> FeaturesPage = new(() => File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "features.md")));

    [TestMethod]
    public void EveryPublicClassOfTheCatalogsIsInTheFeatureTable()
    {
        Type[] bases = [typeof(Layer), typeof(Loss), typeof(Metric), typeof(Optimizer), typeof(LearningRateSchedule), typeof(Callback), typeof(Initializer)];
        var classes = typeof(Layer).Assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericType: false, IsNested: false })
            .Where(t => bases.Any(b => b.IsAssignableFrom(t)))
            .Where(t => !typeof(Model).IsAssignableFrom(t))                                    // Model and Sequential have their own section
            .Where(t => t.Namespace != typeof(Model).Namespace && t.Namespace != "Microsoft.ML.KerasStyle.Training")   // engine internals (CompileMetrics)
            .Select(t => t.Name)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        var missing = classes.Where(name => !FeaturesPage.Value.Contains($"`{name}`", StringComparison.Ordinal)).ToList();

        Assert.IsGreaterThan(50, classes.Count, "The reflection found too few classes to be checking anything.");
        Assert.IsEmpty(missing, "docs/features.md does not mention: " + string.Join(", ", missing));
    }

    [TestMethod]
    public void EveryActivationAndOptimizerNameIsInTheFeatureTable()
    {
        var missing = ActivationFunctions.Names
            .Where(name => !FeaturesPage.Value.Contains($"`{name}`", StringComparison.Ordinal))
            .ToList();
        var missingOptimizers = OptimizerRegistry.Names
            .Where(name => !FeaturesPage.Value.Contains(name, StringComparison.OrdinalIgnoreCase))
            .ToList();

        Assert.IsEmpty(missing, "docs/features.md does not mention the activations: " + string.Join(", ", missing));
        Assert.IsEmpty(missingOptimizers, "docs/features.md does not mention the optimizers: " + string.Join(", ", missingOptimizers));
    }
}
