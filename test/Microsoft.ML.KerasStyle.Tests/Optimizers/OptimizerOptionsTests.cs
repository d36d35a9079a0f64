using Microsoft.ML.KerasStyle.Optimizers;
using static Microsoft.ML.KerasStyle.Tests.Optimizers.OptimizerTestRunner;

namespace Microsoft.ML.KerasStyle.Tests.Optimizers;

/// <summary>Every optimizer with each base option (clipping, weight decay), against its reference.</summary>
[TestClass]
public sealed class OptimizerOptionsTests : KerasTestBase
{
    // Small thresholds so that the test gradients (norms 0.4–1.1, elements up to 0.75) are actually clipped.
    static readonly Dictionary<string, ReferenceOptions> Options = new()
    {
        ["clipnorm"] = new(Clipnorm: 0.5),
        ["clipvalue"] = new(Clipvalue: 0.3),
        ["globalClipnorm"] = new(GlobalClipnorm: 0.8),
        ["weightDecay"] = new(WeightDecay: 0.1),
        ["weightDecay+clipnorm"] = new(WeightDecay: 0.1, Clipnorm: 0.5),
    };

    static (Optimizer Optimizer, ReferenceStep Reference) Make(string optimizer, ReferenceOptions o) => optimizer switch
    {
        "sgd" => (new SGD(0.1, momentum: 0.9, nesterov: true, weightDecay: o.WeightDecay, clipnorm: o.Clipnorm, clipvalue: o.Clipvalue, globalClipnorm: o.GlobalClipnorm),
            KerasReferenceOptimizers.Sgd(0.9, nesterov: true)),
        "rmsprop" => (new RMSprop(0.1, momentum: 0.5, centered: true, weightDecay: o.WeightDecay, clipnorm: o.Clipnorm, clipvalue: o.Clipvalue, globalClipnorm: o.GlobalClipnorm),
            KerasReferenceOptimizers.RmsProp(momentum: 0.5, centered: true)),
        "adam" => (new Adam(0.1, amsgrad: true, weightDecay: o.WeightDecay, clipnorm: o.Clipnorm, clipvalue: o.Clipvalue, globalClipnorm: o.GlobalClipnorm),
            KerasReferenceOptimizers.Adam(amsgrad: true)),
        "adamw" => (new AdamW(0.1, weightDecay: o.WeightDecay ?? 0.004, clipnorm: o.Clipnorm, clipvalue: o.Clipvalue, globalClipnorm: o.GlobalClipnorm),
            KerasReferenceOptimizers.Adam()),
        "adagrad" => (new Adagrad(0.1, weightDecay: o.WeightDecay, clipnorm: o.Clipnorm, clipvalue: o.Clipvalue, globalClipnorm: o.GlobalClipnorm),
            KerasReferenceOptimizers.Adagrad()),
        "nadam" => (new Nadam(0.1, weightDecay: o.WeightDecay, clipnorm: o.Clipnorm, clipvalue: o.Clipvalue, globalClipnorm: o.GlobalClipnorm),
            KerasReferenceOptimizers.Nadam()),
        "adamax" => (new Adamax(0.1, weightDecay: o.WeightDecay, clipnorm: o.Clipnorm, clipvalue: o.Clipvalue, globalClipnorm: o.GlobalClipnorm),
            KerasReferenceOptimizers.Adamax()),
        "adadelta" => (new Adadelta(0.1, epsilon: 0.01, weightDecay: o.WeightDecay, clipnorm: o.Clipnorm, clipvalue: o.Clipvalue, globalClipnorm: o.GlobalClipnorm),
            KerasReferenceOptimizers.Adadelta(epsilon: 0.01)),  // (with ε = 1e-7 its first steps are too small for clipping to show)
        "ftrl" => (new Ftrl(0.1, l1RegularizationStrength: 0.01, weightDecay: o.WeightDecay, clipnorm: o.Clipnorm, clipvalue: o.Clipvalue, globalClipnorm: o.GlobalClipnorm),
            KerasReferenceOptimizers.Ftrl(l1: 0.01)),
        "lion" => (new Lion(0.1, weightDecay: o.WeightDecay, clipnorm: o.Clipnorm, clipvalue: o.Clipvalue, globalClipnorm: o.GlobalClipnorm),
            KerasReferenceOptimizers.Lion()),
        _ => throw new ArgumentException(optimizer),
    };

    public static IEnumerable<object[]> Cases =>
        from optimizer in new[] { "sgd", "rmsprop", "adam", "adamw", "adagrad", "nadam", "adamax", "adadelta", "ftrl", "lion" }
        from option in Options.Keys
        select new object[] { optimizer, option };

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void OptionMatchesKerasFormula(string optimizer, string option)
    {
        var options = Options[option];
        // AdamW always decays: its reference applies the default 0.004 when the case sets none.
        var referenceOptions = optimizer == "adamw" && options.WeightDecay is null ? options with { WeightDecay = 0.004 } : options;
        var (made, reference) = Make(optimizer, options);
        var actual = Run(made);
        var expected = RunReference(reference, _ => Float32(0.1), referenceOptions);
        AssertClose(expected, actual);

        // The option must matter for these gradients, or the comparison proves nothing. (Lion moves by the sign of a
        // mix of gradients, which rescaling them hardly changes; its clipping is still compared above.)
        if (optimizer == "lion" && options.WeightDecay is null) return;
        var (_, plainReference) = Make(optimizer, new ReferenceOptions());
        var unclipped = RunReference(plainReference, _ => Float32(0.1), optimizer == "adamw" ? new ReferenceOptions(WeightDecay: 0.004) : null);
        Assert.IsTrue(expected.Zip(unclipped).Any(p => p.First.Zip(p.Second).Any(q => Math.Abs(q.First - q.Second) > 1e-4)), "the option changed nothing");
    }

    [TestMethod]
    [DataRow("clipnorm")]
    [DataRow("clipvalue")]
    [DataRow("globalClipnorm")]
    [DataRow("weightDecay")]
    public void OptionAppearsInConfig(string option)
    {
        var options = Options[option];
        var config = Make("adam", options).Optimizer.GetConfig();
        Assert.AreEqual(options.Clipnorm, config["clipnorm"]);
        Assert.AreEqual(options.Clipvalue, config["clipvalue"]);
        Assert.AreEqual(options.GlobalClipnorm, config["global_clipnorm"]);
        Assert.AreEqual(options.WeightDecay, config["weight_decay"]);
    }
}
