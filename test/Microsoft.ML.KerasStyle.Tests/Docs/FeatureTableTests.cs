using Microsoft.ML.KerasStyle.Activations;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Constraints;
using Microsoft.ML.KerasStyle.Initializers;
using Microsoft.ML.KerasStyle.Losses;
using Microsoft.ML.KerasStyle.Metrics;
using Microsoft.ML.KerasStyle.Optimizers;
using Microsoft.ML.KerasStyle.Optimizers.Schedules;
using Microsoft.ML.KerasStyle.Regularizers;

namespace Microsoft.ML.KerasStyle.Tests.Docs;

/// <summary>
/// docs/features.md lists as present everything the library offers: every public layer, loss, metric, optimizer, schedule,
/// callback and initializer class, and every activation name — so the feature table cannot fall behind the code. A name
/// counts only where the page says it is here: not in a table column headed "Not yet", nor after "Not yet" on a line.
/// </summary>
[TestClass]
public sealed class FeatureTableTests
{
    const string NotYet = "Not yet";

    static readonly Lazy<string> FeaturesPage = new(() => PresentText(File.ReadAllLines(Path.Combine(RepositoryFiles.Root, "docs", "features.md"))));

    /// <summary>The page without what it lists as missing.</summary>
    internal static string PresentText(IEnumerable<string> lines)
    {
        var present = new List<string>();
        string[]? header = null;
        foreach (var line in lines)
        {
            if (!line.TrimStart().StartsWith('|'))
            {
                header = null;
                var cut = line.IndexOf(NotYet, StringComparison.Ordinal);
                present.Add(cut < 0 ? line : line[..cut]);
                continue;
            }
            var cells = line.Trim().Trim('|').Split('|');
            if (header is null)
            {
                header = cells.Select(c => c.Trim()).ToArray();
                present.Add(line);
                continue;
            }
            present.Add(string.Join("|", cells.Where((_, i) => i >= header.Length || header[i] != NotYet)));
        }
        return string.Join("\n", present);
    }

    [TestMethod]
    public void NamesListedAsMissingDoNotCountAsPresent()
    {
        string[] page =
        [
            "| Group | Here | Not yet |",
            "|---|---|---|",
            "| Core | `Dense` | `Lambda` |",
            "Callbacks: `History`. Not yet: `RemoteMonitor`.",
        ];

        var text = PresentText(page);

        StringAssert.Contains(text, "`Dense`");
        StringAssert.Contains(text, "`History`");
        Assert.DoesNotContain("`Lambda`", text);
        Assert.DoesNotContain("`RemoteMonitor`", text);
    }

    [TestMethod]
    public void EveryPublicClassOfTheCatalogsIsInTheFeatureTable()
    {
        Type[] bases = [typeof(Layer), typeof(Loss), typeof(Metric), typeof(Optimizer), typeof(LearningRateSchedule), typeof(Callback), typeof(Initializer),
                       typeof(Regularizer), typeof(Constraint)];
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
        Assert.IsEmpty(missing, "docs/features.md does not list as present: " + string.Join(", ", missing));
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

        Assert.IsEmpty(missing, "docs/features.md does not list as present the activations: " + string.Join(", ", missing));
        Assert.IsEmpty(missingOptimizers, "docs/features.md does not list as present the optimizers: " + string.Join(", ", missingOptimizers));
    }
}
