namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

/// <summary>
/// Every <see cref="LayerCaseAttribute"/> case passes <see cref="LayerContract.Check"/> (one test result per case), and
/// every public layer class of the library has a case — as <c>FeatureTableTests</c> does for the docs.
/// </summary>
[TestClass]
public sealed class LayerContractTests : KerasTestBase
{
    public static IEnumerable<object[]> CaseNames => LayerCases.Names.Select(n => new object[] { n });

    [TestMethod]
    [DynamicData(nameof(CaseNames))]
    public void LayerPassesItsContract(string caseName) => LayerContract.Check(LayerCases.Get(caseName));

    /// <summary>
    /// The classes a case must cover: public, concrete layer classes of the library. Models (Model, Sequential) are
    /// containers with their own tests; InputLayer is the graph's entry, never applied to tensors, and is part of every
    /// case's functional model anyway.
    /// </summary>
    internal static IReadOnlyList<Type> PublicLayerClasses() => typeof(Layer).Assembly.GetExportedTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericType: false } && typeof(Layer).IsAssignableFrom(t))
        .Where(t => !typeof(Model).IsAssignableFrom(t) && t != typeof(InputLayer))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToList();

    [TestMethod]
    public void EveryPublicLayerClassHasAContractCase()
    {
        var covered = LayerCases.Names.Select(n => LayerCases.Get(n).Make().GetType()).ToHashSet();
        var classes = PublicLayerClasses();
        var missing = classes.Where(t => !covered.Contains(t)).Select(t => t.Name).ToList();

        Assert.IsGreaterThan(20, classes.Count, "The reflection found too few layer classes to be checking anything.");
        Assert.IsEmpty(missing, "Layer classes without a [LayerCase] (add one to Layers/Contract/Cases): " + string.Join(", ", missing));
    }

    [TestMethod]
    public void CasesCoverOnlyLibraryLayers()
    {
        var strays = LayerCases.Names.Where(n => LayerCases.Get(n).Make().GetType().Assembly != typeof(Layer).Assembly).ToList();
        Assert.IsEmpty(strays, "[LayerCase] methods are for the library's layers; test-only layers are checked by LayerContractSelfTests: " + string.Join(", ", strays));
    }
}
