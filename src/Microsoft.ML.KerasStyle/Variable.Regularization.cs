using Microsoft.ML.KerasStyle.Constraints;
using Microsoft.ML.KerasStyle.Regularizers;

namespace Microsoft.ML.KerasStyle;

// A weight's penalty and projection, as Keras's variable.regularizer and variable.constraint (set by Layer.AddWeight).
public sealed partial class Variable
{
    Regularizer? regularizer;

    /// <summary>
    /// The penalty on this weight that <see cref="Layers.Layer.Losses"/> adds (computed from the current value whenever
    /// the losses are read, and only while the weight is trainable), or null.
    /// </summary>
    public Regularizer? Regularizer
    {
        get => regularizer;
        set
        {
            regularizer = value;
            if (value is not null) Layers.Layer.NoteLossesInUse();
        }
    }

    /// <summary>The projection every optimizer applies to this weight after updating it (<c>w ← constraint(w)</c>), or null.</summary>
    public Constraint? Constraint { get; set; }
}
