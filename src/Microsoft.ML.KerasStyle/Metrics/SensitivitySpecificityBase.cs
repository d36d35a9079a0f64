using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// The base of Keras's "X at Y" metrics (<see cref="PrecisionAtRecall"/>, <see cref="RecallAtPrecision"/>,
/// <see cref="SensitivityAtSpecificity"/>, <see cref="SpecificityAtSensitivity"/>): the four confusion counts at
/// <c>numThresholds</c> thresholds spread evenly over [0, 1] (0.5 alone when there is one), and the best value of one
/// ratio over the thresholds where another ratio reaches the constraint <see cref="Value"/>.
/// </summary>
public abstract class SensitivitySpecificityBase : Metric
{
    readonly double[] thresholds;
    readonly bool evenlyDistributed;

    /// <summary>Creates the four counts, in Keras's order: true positives, false positives, true negatives, false negatives.</summary>
    /// <param name="kind">The class's name in error messages (e.g. <c>PrecisionAtRecall</c>).</param>
    /// <param name="valueName">The constraint's Keras name in error messages (e.g. <c>recall</c>).</param>
    /// <param name="value">The constraint, in [0, 1].</param>
    /// <param name="numThresholds">How many thresholds (&gt; 0).</param>
    /// <param name="classId">Computes the metric for this class (last axis) only, or null for all entries.</param>
    /// <param name="name">The name shown in logs.</param>
    /// <param name="dtype">The dtype of the state.</param>
    protected SensitivitySpecificityBase(string kind, string valueName, double value, int numThresholds, int? classId, string name, string dtype)
        : base(name, dtype)
    {
        if (!(value is >= 0 and <= 1))
            throw new ArgumentException(
                $"{kind} '{Name}': argument `{valueName}` must be in the range [0, 1]. Received: {valueName}={value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", valueName);
        if (numThresholds <= 0)
            throw new ArgumentException($"{kind} '{Name}': argument `num_thresholds` must be an integer > 0. Received: num_thresholds={numThresholds}.", nameof(numThresholds));
        ClassId = classId is null or >= 0 ? classId : throw new ArgumentException($"{kind} '{Name}': class_id must be ≥ 0. Received: class_id={classId}.", nameof(classId));
        Value = value;
        NumThresholds = numThresholds;
        if (numThresholds == 1)
        {
            thresholds = [0.5];
        }
        else
        {
            thresholds = [0.0, .. Enumerable.Range(0, numThresholds - 2).Select(i => (i + 1) * 1.0 / (numThresholds - 1)), 1.0];
            evenlyDistributed = true;
        }
        TruePositives = AddWeight("true_positives", [thresholds.Length]);
        FalsePositives = AddWeight("false_positives", [thresholds.Length]);
        TrueNegatives = AddWeight("true_negatives", [thresholds.Length]);
        FalseNegatives = AddWeight("false_negatives", [thresholds.Length]);
    }

    /// <summary>The constraint the other ratio must reach.</summary>
    protected double Value { get; }

    /// <summary>The number of thresholds.</summary>
    public int NumThresholds { get; }

    /// <summary>The class looked at, or null.</summary>
    public int? ClassId { get; }

    /// <summary>The thresholds in use: 0, 1/(n − 1), …, 1 (or 0.5 alone).</summary>
    public IReadOnlyList<double> Thresholds => thresholds;

    /// <summary>Weighted true positives per threshold.</summary>
    public Variable TruePositives { get; }

    /// <summary>Weighted false positives per threshold.</summary>
    public Variable FalsePositives { get; }

    /// <summary>Weighted true negatives per threshold.</summary>
    public Variable TrueNegatives { get; }

    /// <summary>Weighted false negatives per threshold.</summary>
    public Variable FalseNegatives { get; }

    /// <summary>Adds a batch of 0/1 targets and predictions in [0, 1] (targets are read as booleans).</summary>
    /// <param name="yTrue">0/1 targets (any non-zero value is positive).</param>
    /// <param name="yPred">Predictions in [0, 1].</param>
    /// <param name="sampleWeight">Per-sample weights. Defaults to none (every weight 1).</param>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) =>
        ConfusionMatrixUpdate.Update(new(TruePositives, FalsePositives, TrueNegatives, FalseNegatives), yTrue, yPred, thresholds,
            evenlyDistributed, sampleWeight, null, ClassId, Name);

    /// <summary>
    /// The largest <paramref name="dependent"/> over the thresholds where <paramref name="constrained"/> ≥
    /// <see cref="Value"/>; 0 when no threshold qualifies.
    /// </summary>
    protected Tensor MaxUnderConstraint(Tensor constrained, Tensor dependent)
    {
        var feasible = constrained.ge(Value);
        return where(feasible, dependent, zeros_like(dependent)).max().clamp_min(0.0);
    }

    /// <summary>The four counts as (sensitivity = recall, specificity, precision) per threshold, 0 where a denominator is 0.</summary>
    protected (Tensor Sensitivity, Tensor Specificity, Tensor Precision) Ratios()
    {
        var tp = TruePositives.Value.detach();
        var fp = FalsePositives.Value.detach();
        var tn = TrueNegatives.Value.detach();
        var fn = FalseNegatives.Value.detach();
        return (DivideNoNan(tp, tp + fn), DivideNoNan(tn, tn + fp), DivideNoNan(tp, tp + fp));
    }

    static Tensor DivideNoNan(Tensor a, Tensor b) => where(b == 0, zeros_like(a), a / b);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["class_id"] = ClassId;
        config["num_thresholds"] = NumThresholds;
        return config;
    }
}
