namespace Microsoft.ML.KerasStyle.Optimizers.Schedules;

/// <summary>
/// A learning rate that changes with the optimizer's step count (Keras's <c>LearningRateSchedule</c>). A plain number
/// converts to a constant rate, so <c>learningRate: 0.01</c> and <c>learningRate: new ExponentialDecay(…)</c> both work.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate at optimizer step <paramref name="step"/> (0 for the first update).</summary>
    public abstract double Call(long step);

    /// <summary>Keras's <c>get_config</c>.</summary>
    public virtual Dictionary<string, object?> GetConfig() => [];

    /// <summary>A constant learning rate.</summary>
    public static implicit operator LearningRateSchedule(double learningRate) => new ConstantLearningRate(learningRate);
}

/// <summary>A fixed learning rate, held in the optimizer's <c>learning_rate</c> variable (so it can be changed and saved).</summary>
/// <param name="value">The learning rate.</param>
public sealed class ConstantLearningRate(double value) : LearningRateSchedule
{
    /// <summary>The learning rate.</summary>
    public double Value { get; } = value > 0 && double.IsFinite(value)
        ? value
        : throw new ArgumentException($"The learning rate must be a positive number, received {value}.");

    /// <inheritdoc/>
    public override double Call(long step) => Value;
}
