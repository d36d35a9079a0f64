using Microsoft.ML.KerasStyle.Metrics;

namespace Samples.Listings;

/// <summary>7-3-1: a user-written metric (RMSE) next to a built-in one, trained on MNIST with validation.</summary>
public sealed class CustomMetric : Listing
{
    /// <inheritdoc/>
    public override string Id => "7-3-1";

    /// <inheritdoc/>
    public override string Title => "Custom metric (RMSE) with Fit, validation and Evaluate on MNIST";

    /// <summary>The seed's RootMeanSquaredError: one-hot targets, summed squared error, divided by the sample count.</summary>
    public sealed class RootMeanSquaredError : Metric
    {
        readonly Variable mseSum;
        readonly Variable totalSamples;

        /// <summary>Creates the metric, named <c>rmse</c>.</summary>
        public RootMeanSquaredError() : base(name: "rmse")
        {
            mseSum = AddWeight("mse_sum", initializer: "zeros");
            totalSamples = AddWeight("total_samples", initializer: "zeros", dtype: ScalarType.Int32);
        }

        /// <inheritdoc/>
        public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
        {
            var oneHot = nn.functional.one_hot(yTrue.to(ScalarType.Int64), yPred.shape[1]).to(ScalarType.Float32);
            mseSum.AssignAdd((oneHot - yPred).square().sum());
            totalSamples.AssignAdd(yTrue.shape[0]);
        }

        /// <inheritdoc/>
        public override MetricValue Result() => sqrt(mseSum.Value / totalSamples.Value.to(ScalarType.Float32));

        /// <inheritdoc/>
        public override void ResetState()
        {
            mseSum.Assign(0);
            totalSamples.Assign(0);
        }
    }

    /// <inheritdoc/>
    public override void Run(TextWriter output, ListingSettings settings)
    {
        Keras.ClearSession();
        var data = MnistData.Load(output, settings);
        var model = MnistData.GetMnistModel();
        model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy", new RootMeanSquaredError()]);
        model.Fit(data.TrainImages, data.TrainLabels, epochs: settings.Epochs(3), validationData: (data.ValImages, data.ValLabels), verbose: settings.Verbose);
        var testMetrics = model.Evaluate(data.TestImages, data.TestLabels, verbose: settings.Verbose);
        output.WriteLine($"Test metrics: {testMetrics}");
    }
}
