namespace Microsoft.ML.KerasStyle.Tests.Optimizers;

/// <summary>
/// Keras 3's update_step formulas (keras/src/optimizers/*.py), written out element by element in double precision.
/// Each factory returns a stateful step; its slots start when first used.
/// </summary>
internal static partial class KerasReferenceOptimizers
{
    static double[][] Slots(double[][] weights, double initial = 0) =>
        weights.Select(w => Enumerable.Repeat(initial, w.Length).ToArray()).ToArray();

    /// <summary>
    /// sgd.py: without momentum <c>w -= lr·g</c>; with it <c>m = momentum·m − lr·g</c>, then
    /// <c>w += momentum·m − lr·g</c> (nesterov) or <c>w += m</c>.
    /// </summary>
    public static ReferenceStep Sgd(double momentum = 0, bool nesterov = false)
    {
        double[][]? m = null;
        return (weights, gradients, lr, _) =>
        {
            m ??= Slots(weights);
            for (var i = 0; i < weights.Length; i++)
            {
                if (gradients[i] is not { } g) continue;
                for (var j = 0; j < g.Length; j++)
                {
                    if (momentum == 0) { weights[i][j] -= lr * g[j]; continue; }
                    m[i][j] = momentum * m[i][j] - lr * g[j];
                    weights[i][j] += nesterov ? momentum * m[i][j] - lr * g[j] : m[i][j];
                }
            }
        };
    }

    /// <summary>
    /// rmsprop.py: <c>v = ρ·v + (1−ρ)·g²</c>; centered: <c>a = ρ·a + (1−ρ)·g</c>, <c>d = v − a² + ε</c>, else
    /// <c>d = v + ε</c>; <c>inc = lr·g / √d</c>; with momentum <c>mom = momentum·mom + inc; w -= mom</c>, else
    /// <c>w -= inc</c>.
    /// </summary>
    public static ReferenceStep RmsProp(double rho = 0.9, double momentum = 0, double epsilon = 1e-7, bool centered = false)
    {
        double[][]? v = null, a = null, mom = null;
        return (weights, gradients, lr, _) =>
        {
            v ??= Slots(weights);
            a ??= Slots(weights);
            mom ??= Slots(weights);
            for (var i = 0; i < weights.Length; i++)
            {
                if (gradients[i] is not { } g) continue;
                for (var j = 0; j < g.Length; j++)
                {
                    v[i][j] = rho * v[i][j] + (1 - rho) * g[j] * g[j];
                    double denominator;
                    if (centered)
                    {
                        a[i][j] = rho * a[i][j] + (1 - rho) * g[j];
                        denominator = v[i][j] - a[i][j] * a[i][j] + epsilon;
                    }
                    else
                    {
                        denominator = v[i][j] + epsilon;
                    }
                    var increment = lr * g[j] / Math.Sqrt(denominator);
                    if (momentum > 0)
                    {
                        mom[i][j] = momentum * mom[i][j] + increment;
                        weights[i][j] -= mom[i][j];
                    }
                    else
                    {
                        weights[i][j] -= increment;
                    }
                }
            }
        };
    }

    /// <summary>
    /// adam.py with t = iterations + 1: <c>α = lr·√(1−β₂ᵗ)/(1−β₁ᵗ)</c>; <c>m += (g−m)(1−β₁)</c>;
    /// <c>v += (g²−v)(1−β₂)</c>; amsgrad: <c>v̂ = max(v̂, v)</c> replaces v; <c>w -= α·m / (√v + ε)</c>.
    /// </summary>
    public static ReferenceStep Adam(double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false)
    {
        double[][]? m = null, v = null, vHat = null;
        return (weights, gradients, lr, iteration) =>
        {
            m ??= Slots(weights);
            v ??= Slots(weights);
            vHat ??= Slots(weights);
            var t = iteration + 1;
            var alpha = lr * Math.Sqrt(1 - Math.Pow(beta2, t)) / (1 - Math.Pow(beta1, t));
            for (var i = 0; i < weights.Length; i++)
            {
                if (gradients[i] is not { } g) continue;
                for (var j = 0; j < g.Length; j++)
                {
                    m[i][j] += (g[j] - m[i][j]) * (1 - beta1);
                    v[i][j] += (g[j] * g[j] - v[i][j]) * (1 - beta2);
                    var second = v[i][j];
                    if (amsgrad)
                    {
                        vHat[i][j] = Math.Max(vHat[i][j], v[i][j]);
                        second = vHat[i][j];
                    }
                    weights[i][j] -= m[i][j] * alpha / (Math.Sqrt(second) + epsilon);
                }
            }
        };
    }

    /// <summary>
    /// adagrad.py: the accumulator starts at initial_accumulator_value; <c>acc += g²</c>;
    /// <c>w -= lr·g / √(acc + ε)</c>.
    /// </summary>
    public static ReferenceStep Adagrad(double initialAccumulatorValue = 0.1, double epsilon = 1e-7)
    {
        double[][]? acc = null;
        return (weights, gradients, lr, _) =>
        {
            acc ??= Slots(weights, initialAccumulatorValue);
            for (var i = 0; i < weights.Length; i++)
            {
                if (gradients[i] is not { } g) continue;
                for (var j = 0; j < g.Length; j++)
                {
                    acc[i][j] += g[j] * g[j];
                    weights[i][j] -= lr * g[j] / Math.Sqrt(acc[i][j] + epsilon);
                }
            }
        };
    }

    /// <summary>
    /// nadam.py with t = iterations + 1: once per apply <c>u_product *= β₁(1 − ½·0.96ᵗ)</c>; then per variable
    /// <c>uₜ = β₁(1 − ½·0.96ᵗ)</c>, <c>uₜ₊₁ = β₁(1 − ½·0.96ᵗ⁺¹)</c>, <c>P = u_product</c>, <c>P₁ = P·uₜ₊₁</c>;
    /// <c>m += (g−m)(1−β₁)</c>; <c>v += (g²−v)(1−β₂)</c>; <c>m̂ = uₜ₊₁·m/(1−P₁) + (1−uₜ)·g/(1−P)</c>;
    /// <c>v̂ = v/(1−β₂ᵗ)</c>; <c>w -= m̂·lr / (√v̂ + ε)</c>.
    /// </summary>
    public static ReferenceStep Nadam(double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7) => Nadam(beta1, beta2, epsilon, _ => { });

    /// <summary><see cref="Nadam(double, double, double)"/>, reporting u_product after each apply.</summary>
    public static ReferenceStep Nadam(double beta1, double beta2, double epsilon, Action<double> observeUProduct)
    {
        double[][]? m = null, v = null;
        var uProduct = 1.0;
        return (weights, gradients, lr, iteration) =>
        {
            m ??= Slots(weights);
            v ??= Slots(weights);
            var t = iteration + 1;
            var uT = beta1 * (1 - 0.5 * Math.Pow(0.96, t));
            var uTNext = beta1 * (1 - 0.5 * Math.Pow(0.96, t + 1));
            uProduct *= uT;
            observeUProduct(uProduct);
            var uProductNext = uProduct * uTNext;
            for (var i = 0; i < weights.Length; i++)
            {
                if (gradients[i] is not { } g) continue;
                for (var j = 0; j < g.Length; j++)
                {
                    m[i][j] += (g[j] - m[i][j]) * (1 - beta1);
                    v[i][j] += (g[j] * g[j] - v[i][j]) * (1 - beta2);
                    var mHat = uTNext * m[i][j] / (1 - uProductNext) + (1 - uT) * g[j] / (1 - uProduct);
                    var vHat = v[i][j] / (1 - Math.Pow(beta2, t));
                    weights[i][j] -= mHat * lr / (Math.Sqrt(vHat) + epsilon);
                }
            }
        };
    }
}
