using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Models;

// Keras's compute_loss adds the model's losses (add_loss, activity and weight regularizers) to the compiled loss.
public partial class Model
{
    /// <summary>
    /// <paramref name="compiled"/> plus each of <see cref="Layers.Layer.Losses"/> summed over its elements (non-float
    /// losses as float32), added as Keras adds them: one sum over the stacked terms.
    /// </summary>
    Tensor WithAdditionalLosses(Tensor? compiled)
    {
        var additional = Losses;
        if (additional.Count == 0)
            return compiled ?? throw new InvalidOperationException(
                $"Model '{Name}' has no loss to compute: call Compile(loss: ...) first, add losses with AddLoss or regularizers, or compute the loss yourself in TrainStep.");
        var terms = new List<Tensor>(additional.Count + 1);
        if (compiled is not null) terms.Add(compiled);
        foreach (var loss in additional)
        {
            var term = loss.is_floating_point() ? loss : loss.to(ScalarType.Float32);
            terms.Add(term.dim() == 0 ? term : term.sum());
        }
        if (terms.Count == 1) return terms[0];
        var dtype = terms[0].dtype;
        foreach (var term in terms) dtype = promote_types(dtype, term.dtype);
        return stack(terms.ConvertAll(t => t.dtype == dtype ? t : t.to(dtype))).sum();
    }
}
