using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Optimizers;

namespace Microsoft.ML.KerasStyle.Models;

// Training state shared by Compile/Fit/Evaluate/Predict (Training/ holds the loops) and by callbacks.
public partial class Model
{
    /// <summary>Set to true (e.g. from a callback) to stop <c>Fit</c> at the end of the current batch.</summary>
    public bool StopTraining { get; set; }

    /// <summary>The optimizer given to <c>Compile</c>, or null before.</summary>
    public Optimizer? Optimizer { get; internal set; }

    /// <summary>The history of the last <c>Fit</c>.</summary>
    public History? History { get; internal set; }
}
