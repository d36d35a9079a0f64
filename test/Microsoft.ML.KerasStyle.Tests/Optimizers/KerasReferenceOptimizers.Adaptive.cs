namespace Microsoft.ML.KerasStyle.Tests.Optimizers;

// Keras 3's adamax.py, adadelta.py, ftrl.py and lion.py update steps, element by element in double precision.
internal static partial class KerasReferenceOptimizers
{
    /// <summary>
    /// adamax.py with t = iterations + 1: <c>m += (g − m)(1 − β₁)</c>; <c>u = max(β₂·u, |g|)</c>;
    /// <c>w -= lr·m / ((1 − β₁ᵗ)(u + ε))</c>.
    /// </summary>
    public static ReferenceStep Adamax(double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7)
    {
        double[][]? m = null, u = null;
        return (weights, gradients, lr, iteration) =>
        {
            m ??= Slots(weights);
            u ??= Slots(weights);
            var beta1Power = Math.Pow(beta1, iteration + 1);
            for (var i = 0; i < weights.Length; i++)
            {
                if (gradients[i] is not { } g) continue;
                for (var j = 0; j < g.Length; j++)
                {
                    m[i][j] += (g[j] - m[i][j]) * (1 - beta1);
                    u[i][j] = Math.Max(beta2 * u[i][j], Math.Abs(g[j]));
                    weights[i][j] -= lr * m[i][j] / ((1 - beta1Power) * (u[i][j] + epsilon));
                }
            }
        };
    }

    /// <summary>
    /// adadelta.py: <c>a = ρ·a + (1 − ρ)·g²</c>; <c>Δ = −√(d + ε)·g / √(a + ε)</c>; <c>d = ρ·d + (1 − ρ)·Δ²</c>;
    /// <c>w += lr·Δ</c>.
    /// </summary>
    public static ReferenceStep Adadelta(double rho = 0.95, double epsilon = 1e-7)
    {
        double[][]? a = null, d = null;
        return (weights, gradients, lr, _) =>
        {
            a ??= Slots(weights);
            d ??= Slots(weights);
            for (var i = 0; i < weights.Length; i++)
            {
                if (gradients[i] is not { } g) continue;
                for (var j = 0; j < g.Length; j++)
                {
                    a[i][j] = rho * a[i][j] + (1 - rho) * g[j] * g[j];
                    var delta = -Math.Sqrt(d[i][j] + epsilon) * g[j] / Math.Sqrt(a[i][j] + epsilon);
                    d[i][j] = rho * d[i][j] + (1 - rho) * delta * delta;
                    weights[i][j] += lr * delta;
                }
            }
        };
    }

    /// <summary>
    /// ftrl.py with p = learning_rate_power: λ₂′ = λ₂ + β/(2·lr); <c>n′ = n + g²</c>;
    /// <c>z += g + 2·λ₂ₛ·w − (n′^−p − n^−p)/lr·w</c>; <c>w = (clip(z, −λ₁, λ₁) − z) / (n′^−p/lr + 2·λ₂′)</c>; <c>n = n′</c>.
    /// </summary>
    public static ReferenceStep Ftrl(double power = -0.5, double initialAccumulator = 0.1, double l1 = 0, double l2 = 0, double shrinkage = 0, double beta = 0)
    {
        double[][]? n = null, z = null;
        return (weights, gradients, lr, _) =>
        {
            n ??= Slots(weights, initialAccumulator);
            z ??= Slots(weights);
            var l2Total = l2 + beta / (2 * lr);
            for (var i = 0; i < weights.Length; i++)
            {
                if (gradients[i] is not { } g) continue;
                for (var j = 0; j < g.Length; j++)
                {
                    var w = weights[i][j];
                    var newN = n[i][j] + g[j] * g[j];
                    z[i][j] += g[j] + 2 * shrinkage * w - (Math.Pow(newN, -power) - Math.Pow(n[i][j], -power)) / lr * w;
                    var quadratic = Math.Pow(newN, -power) / lr + 2 * l2Total;
                    weights[i][j] = (Math.Clamp(z[i][j], -l1, l1) - z[i][j]) / quadratic;
                    n[i][j] = newN;
                }
            }
        };
    }

    /// <summary>lion.py: <c>w -= lr·sign(β₁·m + (1 − β₁)·g)</c>, then <c>m = β₂·m + (1 − β₂)·g</c>.</summary>
    public static ReferenceStep Lion(double beta1 = 0.9, double beta2 = 0.99)
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
                    weights[i][j] -= lr * Math.Sign(beta1 * m[i][j] + (1 - beta1) * g[j]);
                    m[i][j] = beta2 * m[i][j] + (1 - beta2) * g[j];
                }
            }
        };
    }
}
