namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

/// <summary>
/// What a layer promises, declared in one expression and checked by <see cref="LayerContract.Check"/> (Keras's
/// <c>run_layer_test</c>): how to make the layer, what it is fed, and what comes out.
/// <code>
/// [LayerCase] static LayerCase Dense() =&gt; new(() =&gt; new Dense(3, activation: "relu"), [2, 4])
///     { ExpectedOutputShape = [null, 2, 3], TrainableWeights = 2 };
/// </code>
/// Input shapes are sample shapes (no batch axis: the contract feeds batches of 1, 4 and 7); expected output shapes are
/// Keras's symbolic shapes, batch <c>null</c>.
/// </summary>
internal sealed record LayerCase
{
    /// <summary>A layer with one float32 input of standard normal values, samples shaped <paramref name="inputShape"/>.</summary>
    public LayerCase(Func<Layer> make, int[] inputShape) : this(make, LayerInput.Normal(inputShape))
    {
    }

    /// <summary>A layer with the given inputs (several for a merge layer).</summary>
    public LayerCase(Func<Layer> make, params LayerInput[] inputs)
    {
        Make = make;
        Inputs = inputs;
    }

    /// <summary>The case's name: the name of the <see cref="LayerCaseAttribute"/> method that declares it.</summary>
    public string Name { get; internal set; } = "";

    /// <summary>Makes a new, unbuilt layer each time (with the default dtype, float32).</summary>
    public Func<Layer> Make { get; }

    /// <summary>The layer's inputs, in call order.</summary>
    public IReadOnlyList<LayerInput> Inputs { get; }

    /// <summary>The symbolic shape of each output (batch null).</summary>
    public int?[][] ExpectedOutputShapes { get; init; } = [];

    /// <summary>The symbolic shape of the single output (batch null).</summary>
    public int?[] ExpectedOutputShape
    {
        get => ExpectedOutputShapes.Single();
        init => ExpectedOutputShapes = [value];
    }

    /// <summary>The dtype of every output with a float32 layer. Defaults to float32.</summary>
    public string ExpectedOutputDtype { get; init; } = "float32";

    /// <summary>The number of trainable weights once built. Defaults to 0.</summary>
    public int TrainableWeights { get; init; }

    /// <summary>The number of non-trainable weights once built (BatchNormalization's moving statistics). Defaults to 0.</summary>
    public int NonTrainableWeights { get; init; }

    /// <summary>Whether training-mode outputs are random (Dropout): they must then differ from the inference outputs. Defaults to false.</summary>
    public bool RandomInTraining { get; init; }

    /// <summary>Whether inference returns the first input unchanged, as Keras's Dropout does. Defaults to false.</summary>
    public bool IdentityInInference { get; init; }

    /// <summary>Whether float inputs get a non-zero gradient (false for a layer whose output does not depend on them smoothly). Defaults to true.</summary>
    public bool Differentiable { get; init; } = true;

    /// <summary>
    /// Null when the layer exports to ONNX; otherwise why it does not, and the export must fail with an error naming the
    /// layer. Defaults to null.
    /// </summary>
    public string? NotExportable { get; init; }

    /// <summary>
    /// Whether ONNX Runtime's CPU provider lacks a float64 kernel for an operator of the layer's export (Conv, Elu): the
    /// float64 graph is valid ONNX, but ONNX Runtime refuses to load it. The contract then checks that refusal instead of
    /// the parity, so the declaration must go when ONNX Runtime gains the kernel. Defaults to false.
    /// </summary>
    public bool OnnxRuntimeLacksFloat64 { get; init; }

    /// <summary>The ONNX parity bound, absolute and relative: |keras - onnx| ≤ tol + tol·|keras|. Defaults to 1e-5.</summary>
    public double OnnxTolerance { get; init; } = 1e-5;

    // ---- masks (checked by LayerContract.Masks.cs once the masking API exists)

    /// <summary>Keras's <c>supports_masking</c> of the layer; null when the case does not check it. Defaults to null.</summary>
    public bool? SupportsMasking { get; init; }

    /// <summary>The mask given with each input, from the input data; null for no input masks. Defaults to null.</summary>
    public Func<Tensor[], Tensor?[]>? InputMasks { get; init; }

    /// <summary>The output mask expected from the input data (and input masks); null when the case does not check it. Defaults to null.</summary>
    public Func<Tensor[], Tensor?>? ExpectedOutputMask { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
