using Microsoft.ML.KerasStyle.Losses;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>AUC</c>: the area under the ROC (default) or precision-recall curve, approximated from confusion counts
/// at fixed thresholds (a Riemann sum). Predictions should be probabilities (or logits with <c>fromLogits</c>);
/// several outputs per sample are flattened, each counting as a sample.
/// </summary>
public class AUC : Metric
{
    static readonly string[] Curves = ["ROC", "PR", "PRGAIN"];
    static readonly string[] SummationMethods = ["interpolation", "minoring", "majoring"];

    readonly double[] thresholds;
    readonly bool evenlyDistributed;

    /// <summary>Creates the metric.</summary>
    /// <param name="numThresholds">How many thresholds discretise the curve (&gt; 1), spread evenly over [0, 1]. Defaults to 200.</param>
    /// <param name="curve"><c>ROC</c>, <c>PR</c> (precision-recall) or <c>PRGAIN</c>, any case. Defaults to <c>ROC</c>.</param>
    /// <param name="summationMethod">
    /// <c>interpolation</c> (mid-point for ROC; for PR, Davis &amp; Goadrich's interpolation of the counts),
    /// <c>minoring</c> (lower bound) or <c>majoring</c> (upper bound). Defaults to <c>interpolation</c>.
    /// </param>
    /// <param name="name">The name shown in logs. Defaults to <c>auc</c>.</param>
    /// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
    /// <param name="thresholds">
    /// Explicit thresholds in [0, 1], used instead of <paramref name="numThresholds"/>; −ε and 1 + ε are added at the
    /// ends. Defaults to none.
    /// </param>
    /// <param name="fromLogits">Whether predictions are logits (a sigmoid is applied first). Defaults to false.</param>
    public AUC(int numThresholds = 200, string curve = "ROC", string summationMethod = "interpolation", string? name = null,
        string dtype = "float32", double[]? thresholds = null, bool fromLogits = false)
        : base(name ?? "auc", dtype)
    {
        Curve = Curves.FirstOrDefault(c => c.Equals(curve, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"AUC '{Name}': invalid curve \"{curve}\". Expected one of: {string.Join(", ", Curves)}.", nameof(curve));
        SummationMethod = SummationMethods.FirstOrDefault(m => m.Equals(summationMethod, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"AUC '{Name}': invalid summation_method \"{summationMethod}\". Expected one of: {string.Join(", ", SummationMethods)}.", nameof(summationMethod));
        FromLogits = fromLogits;
        double[] inner;
        if (thresholds is not null)
        {
            inner = ConfusionMatrixUpdate.ParseThresholds(thresholds, 0.5, Name).Order().ToArray();
            InitThresholds = inner;
            NumThresholds = inner.Length + 2;
            evenlyDistributed = ConfusionMatrixUpdate.IsEvenlyDistributed([0.0, .. inner, 1.0]);
        }
        else
        {
            if (numThresholds <= 1)
                throw new ArgumentException($"AUC '{Name}': num_thresholds must be an integer > 1. Received: num_thresholds={numThresholds}.", nameof(numThresholds));
            NumThresholds = numThresholds;
            inner = Enumerable.Range(0, numThresholds - 2).Select(i => (i + 1) * 1.0 / (numThresholds - 1)).ToArray();
            evenlyDistributed = true;
        }
        // Endpoints just outside [0, 1] so predictions of exactly 0 or 1 land on the right side despite rounding.
        this.thresholds = [0.0 - LossFunctions.Epsilon, .. inner, 1.0 + LossFunctions.Epsilon];
        TruePositives = AddWeight("true_positives", [NumThresholds]);
        FalsePositives = AddWeight("false_positives", [NumThresholds]);
        TrueNegatives = AddWeight("true_negatives", [NumThresholds]);
        FalseNegatives = AddWeight("false_negatives", [NumThresholds]);
    }

    /// <summary>The number of thresholds, endpoints included.</summary>
    public int NumThresholds { get; }

    /// <summary>The curve: <c>ROC</c>, <c>PR</c> or <c>PRGAIN</c>.</summary>
    public string Curve { get; }

    /// <summary>The summation method.</summary>
    public string SummationMethod { get; }

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <summary>The explicit thresholds given (sorted), or null.</summary>
    public IReadOnlyList<double>? InitThresholds { get; }

    /// <summary>Every threshold in use, −ε and 1 + ε included.</summary>
    public IReadOnlyList<double> Thresholds => thresholds;

    /// <summary>Weighted true positives per threshold.</summary>
    public Variable TruePositives { get; }

    /// <summary>Weighted false positives per threshold.</summary>
    public Variable FalsePositives { get; }

    /// <summary>Weighted true negatives per threshold.</summary>
    public Variable TrueNegatives { get; }

    /// <summary>Weighted false negatives per threshold.</summary>
    public Variable FalseNegatives { get; }

    /// <summary>Adds a batch of 0/1 targets and predictions (targets are read as booleans).</summary>
    /// <param name="yTrue">0/1 targets (any non-zero value is positive).</param>
    /// <param name="yPred">Probabilities, or logits with <see cref="FromLogits"/>.</param>
    /// <param name="sampleWeight">Per-sample weights. Defaults to none (every weight 1).</param>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yPred);
        using var scope = NewDisposeScope();
        ConfusionMatrixUpdate.Update(new(TruePositives, FalsePositives, TrueNegatives, FalseNegatives), yTrue,
            FromLogits ? yPred.sigmoid() : yPred, thresholds, evenlyDistributed, sampleWeight, null, null, Name);
    }

    /// <summary>The area under the curve.</summary>
    public override MetricValue Result()
    {
        var tp = TruePositives.Value.detach();
        var fp = FalsePositives.Value.detach();
        var tn = TrueNegatives.Value.detach();
        var fn = FalseNegatives.Value.detach();
        if (Curve == "PR" && SummationMethod == "interpolation") return InterpolatedPrAuc(tp, fp, fn);

        var recall = DivideNoNan(tp, tp + fn);
        Tensor x, y;
        if (Curve == "ROC")
        {
            x = DivideNoNan(fp, fp + tn);
            y = recall;
        }
        else if (Curve == "PR")
        {
            x = recall;
            y = DivideNoNan(tp, tp + fp);
        }
        else
        {
            // PR-gain: hyperbolic transform of precision and recall, scaled by positives / negatives.
            var scaling = DivideNoNan(tp + fn, tn + fp);
            var recallGain = 1.0 - scaling * DivideNoNan(fn, tp);
            var precisionGain = 1.0 - scaling * DivideNoNan(fp, tp);
            var noTruePositives = tp == 0;
            x = where(noTruePositives, zeros_like(recallGain), recallGain).clamp_min(0.0);
            y = where(noTruePositives, ones_like(precisionGain), precisionGain);
        }
        var (left, right) = (Head(y), Tail(y));
        var heights = SummationMethod switch
        {
            "interpolation" => (left + right) / 2.0,
            "minoring" => minimum(left, right),
            _ => maximum(left, right),
        };
        return ((Head(x) - Tail(x)) * heights).sum();
    }

    /// <summary>
    /// Davis &amp; Goadrich's PR interpolation as Keras writes it: between neighbouring thresholds TP and P = TP + FP
    /// vary linearly, and each interval adds <c>slope·(ΔTP + intercept·log(P_A / P_B)) / (TP_B + FN_B)</c>.
    /// </summary>
    Tensor InterpolatedPrAuc(Tensor tp, Tensor fp, Tensor fn)
    {
        var dtp = Head(tp) - Tail(tp);
        var p = tp + fp;
        var dp = Head(p) - Tail(p);
        var slope = DivideNoNan(dtp, dp.clamp_min(0.0));
        var intercept = Tail(tp) - slope * Tail(p);
        var bothPositive = Head(p).gt(0) & Tail(p).gt(0);
        var ratio = where(bothPositive, DivideNoNan(Head(p), Tail(p).clamp_min(0.0)), ones_like(Tail(p)));
        var increments = DivideNoNan(slope * (dtp + intercept * ratio.log()), (Tail(tp) + Tail(fn)).clamp_min(0.0));
        return increments.sum();
    }

    Tensor Head(Tensor t) => t[TensorIndex.Slice(0, NumThresholds - 1)];

    static Tensor Tail(Tensor t) => t[TensorIndex.Slice(1, null)];

    static Tensor DivideNoNan(Tensor a, Tensor b) => where(b == 0, zeros_like(a), a / b);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["num_thresholds"] = NumThresholds;
        config["curve"] = Curve;
        config["summation_method"] = SummationMethod;
        config["multi_label"] = false;
        config["num_labels"] = null;
        config["label_weights"] = null;
        config["from_logits"] = FromLogits;
        if (InitThresholds is not null) config["thresholds"] = InitThresholds.ToArray();
        return config;
    }
}
