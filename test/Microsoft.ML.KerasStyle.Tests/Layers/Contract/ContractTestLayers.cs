using Microsoft.ML.KerasStyle.Saving;

namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

/// <summary>
/// Test-only layers for <see cref="LayerContractSelfTests"/>: one that keeps the contract (and has no ONNX mapping), and
/// variants that each break one promise, so that each check is seen to fail.
/// </summary>
internal static class ContractTestLayers
{
    /// <summary>y = x · w · factor, w a trainable vector over the last axis (initialized to ones).</summary>
    [KerasSerializable(package: "ContractTests")]
    public class Scale(double factor = 1, string? name = null, bool trainable = true, string dtype = "float32") : Layer(name, trainable, dtype)
    {
        /// <summary>The constant factor.</summary>
        public double Factor { get; } = factor;

        /// <summary>The weight, once built.</summary>
        protected Variable? W { get; private set; }

        /// <inheritdoc/>
        public override void Build(int?[] inputShape) => W = AddWeight("w", [inputShape[^1]], new KerasStyle.Initializers.Ones());

        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) => inputs * W!.Value * Factor;

        /// <inheritdoc/>
        public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

        /// <inheritdoc/>
        public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["factor"] = Factor };
    }

    /// <summary>Its config forgets the factor: a rebuilt layer computes something else.</summary>
    [KerasSerializable(package: "ContractTests")]
    public sealed class ForgetfulScale(double factor = 1, string? name = null, bool trainable = true, string dtype = "float32") : Scale(factor, name, trainable, dtype)
    {
        /// <inheritdoc/>
        public override Dictionary<string, object?> GetConfig()
        {
            var config = base.GetConfig();
            config.Remove("factor");
            return config;
        }
    }

    /// <summary>Has a second trainable weight that the computation never reads.</summary>
    [KerasSerializable(package: "ContractTests")]
    public sealed class DeadWeightScale(double factor = 1, string? name = null, bool trainable = true, string dtype = "float32") : Scale(factor, name, trainable, dtype)
    {
        /// <inheritdoc/>
        public override void Build(int?[] inputShape)
        {
            base.Build(inputShape);
            AddWeight("unused", [1]);
        }
    }

    /// <summary>Adds noise in training without saying so.</summary>
    [KerasSerializable(package: "ContractTests")]
    public sealed class NoisyScale(double factor = 1, string? name = null, bool trainable = true, string dtype = "float32") : Scale(factor, name, trainable, dtype)
    {
        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) =>
            training ? base.Call(inputs, training) + randn_like(inputs) : base.Call(inputs, training);
    }

    /// <summary>Computes in float32 whatever its dtype.</summary>
    [KerasSerializable(package: "ContractTests")]
    public sealed class Float32Scale(double factor = 1, string? name = null, bool trainable = true, string dtype = "float32") : Scale(factor, name, trainable, dtype)
    {
        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) => base.Call(inputs, training).to(ScalarType.Float32);
    }
}
