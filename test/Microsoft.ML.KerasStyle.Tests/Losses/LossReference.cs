namespace Microsoft.ML.KerasStyle.Tests.Losses;

/// <summary>
/// Plain-loop references for the loss and metric tests: every expected number comes from these double-precision loops
/// over arrays, never from the code under test or torch's own ops.
/// </summary>
internal static class LossReference
{
    /// <summary>Keras's epsilon as TorchSharp applies it to a float32 tensor (the clip bounds rounded to float32).</summary>
    public static readonly double Low = (float)1e-7;

    /// <summary>1 − ε rounded to float32: 0.99999988, so <c>1 − High</c> is 1.19e-7, as Keras computes in float32.</summary>
    public static readonly double High = (float)(1 - 1e-7);

    public const double Eps = 1e-7;

    /// <summary>A float32 tensor of shape (rows, columns).</summary>
    public static Tensor Matrix(double[][] rows) =>
        tensor(rows.SelectMany(r => r).Select(v => (float)v).ToArray(), [rows.Length, rows[0].Length]);

    /// <summary>A float32 tensor of shape (n,).</summary>
    public static Tensor Vector(params double[] values) => tensor(values.Select(v => (float)v).ToArray());

    /// <summary>The inputs as float32 would hold them.</summary>
    public static double[][] AsFloat(double[][] rows) => rows.Select(r => r.Select(v => (double)(float)v).ToArray()).ToArray();

    /// <summary>Per-row mean of f(t, p) over the row's elements.</summary>
    public static double[] RowMean(double[][] yTrue, double[][] yPred, Func<double, double, double> f)
    {
        var t = AsFloat(yTrue);
        var p = AsFloat(yPred);
        var result = new double[t.Length];
        for (var i = 0; i < t.Length; i++)
        {
            double sum = 0;
            for (var j = 0; j < t[i].Length; j++) sum += f(t[i][j], p[i][j]);
            result[i] = sum / t[i].Length;
        }
        return result;
    }

    /// <summary>Keras's reductions over per-sample values (weights multiply first).</summary>
    public static double Reduce(double[] values, double[]? weights, string reduction)
    {
        double sum = 0, weightSum = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var w = weights?[i] ?? 1.0;
            sum += values[i] * w;
            weightSum += w;
        }
        return reduction switch
        {
            "sum" => sum,
            "mean_with_sample_weight" when weights is not null => sum / weightSum,
            _ => sum / values.Length,
        };
    }

    /// <summary>Binary crossentropy of one probability, clipped like Keras's backend.</summary>
    public static double Bce(double t, double p)
    {
        var q = Math.Clamp(p, Low, High);
        return -(t * Math.Log(q) + (1 - t) * Math.Log(1 - q));
    }

    /// <summary>Binary crossentropy of one logit, through the sigmoid (the textbook form).</summary>
    public static double BceLogit(double t, double x)
    {
        var s = 1 / (1 + Math.Exp(-x));
        return -(t * Math.Log(s) + (1 - t) * Math.Log(1 - s));
    }

    /// <summary>Categorical crossentropy of one row of probabilities: normalised, clipped, −Σ t log p.</summary>
    public static double Cce(double[] t, double[] p)
    {
        var total = p.Sum();
        double loss = 0;
        for (var j = 0; j < t.Length; j++) loss -= t[j] * Math.Log(Math.Clamp(p[j] / total, Low, High));
        return loss;
    }

    /// <summary>Categorical crossentropy of one row of logits: −Σ t log softmax(x).</summary>
    public static double CceLogits(double[] t, double[] x)
    {
        var max = x.Max();
        var logSum = Math.Log(x.Sum(v => Math.Exp(v - max))) + max;
        double loss = 0;
        for (var j = 0; j < t.Length; j++) loss -= t[j] * (x[j] - logSum);
        return loss;
    }

    /// <summary>A one-hot row.</summary>
    public static double[] OneHot(int label, int classes)
    {
        var row = new double[classes];
        row[label] = 1;
        return row;
    }
}
