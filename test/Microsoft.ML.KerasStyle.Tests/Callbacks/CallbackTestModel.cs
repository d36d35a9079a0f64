using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Optimizers;
using Microsoft.ML.KerasStyle.Optimizers.Schedules;

namespace Microsoft.ML.KerasStyle.Tests.Callbacks;

/// <summary>
/// A built model with a stand-in optimizer, so callbacks can be driven hook by hook with scripted logs (no Fit).
/// </summary>
internal static class CallbackTestModel
{
    /// <summary>A Sequential with Dense(1) built on (None, 2) — kernel (2, 1) and bias (1) — and a plain-SGD optimizer.</summary>
    public static Model Create(double learningRate = 0.1)
    {
        var model = new Sequential([new Dense(1)]);
        model.Build([null, 2]);
        model.Optimizer = new PlainSgd(learningRate);
        return model;
    }

    /// <summary>Attaches <paramref name="callback"/> to <paramref name="model"/> as Fit would.</summary>
    public static T Attach<T>(this T callback, Model model) where T : Callback
    {
        callback.SetModel(model);
        callback.SetParams(new Dictionary<string, object?> { ["epochs"] = 10, ["steps"] = 1, ["verbose"] = 0 });
        return callback;
    }

    /// <summary>Fills every weight of <paramref name="model"/> with <paramref name="value"/> (a marker of the epoch).</summary>
    public static void FillWeights(Model model, double value)
    {
        foreach (var weight in model.Weights) weight.Assign(value);
    }

    /// <summary>Every weight element of <paramref name="model"/>, in weight order.</summary>
    public static float[] WeightValues(Model model) =>
        model.Weights.SelectMany(w => w.Value.data<float>().ToArray()).ToArray();

    /// <summary>Logs from name/value pairs, in the given order.</summary>
    public static Logs Logs(params (string Key, double Value)[] values) =>
        new(values.Select(v => new KeyValuePair<string, double>(v.Key, v.Value)));

    /// <summary>Runs <paramref name="callback"/> through one training run, one epoch per value of <paramref name="monitor"/>.</summary>
    public static List<Logs> RunEpochs(Callback callback, string monitor, params double[] values)
    {
        var all = new List<Logs>();
        callback.OnTrainBegin(new Logs());
        for (var epoch = 0; epoch < values.Length; epoch++)
        {
            var logs = Logs((monitor, values[epoch]));
            callback.OnEpochBegin(epoch, new Logs());
            callback.OnEpochEnd(epoch, logs);
            all.Add(logs);
        }
        return all;
    }

    // The real optimizers live in another part of the library; callbacks only need a settable learning rate.
    sealed class PlainSgd(LearningRateSchedule learningRate) : Optimizer(learningRate, null, null, null, null, "plain_sgd")
    {
        protected override void BuildSlots(IReadOnlyList<Variable> variables)
        {
        }

        protected override void UpdateStep(Tensor gradient, Variable variable, double learningRate) =>
            variable.Value.sub_(gradient * learningRate);
    }
}
