namespace Microsoft.ML.KerasStyle.Tests.Saving;

/// <summary>
/// Keras writes no <c>build_config</c> for layers it builds in their constructor (<c>_build_at_init</c>, or
/// <c>self.built = True</c> in Reshape): a fact each such class declares with [BuiltAtInit].
/// </summary>
[TestClass]
public sealed class BuildConfigTests : KerasTestBase
{
    [TestMethod]
    public void OnlyTheLayersKerasBuildsAtInitHaveNoBuildConfig()
    {
        var vectors = ones(2, 6);
        var images = ones(1, 4, 4, 2);
        (Layer Layer, Tensor Input)[] built =
        [
            (new Activation("relu"), vectors), (new ELU(), vectors), (new LeakyReLU(), vectors), (new ReLU(), vectors),
            (new KerasStyle.Layers.Softmax(), vectors), (new Dropout(0.5), vectors), (new Reshape([2, 3]), vectors),
            (new MaxPooling2D(), images), (new AveragePooling2D(), images), (new GlobalAveragePooling2D(), images),
            (new Dense(2), vectors), (new Flatten(), images), (new Rescaling(0.5), vectors), (new LayerNormalization(), vectors),
            (new BatchNormalization(), vectors), (new Conv2D(2, 3), images),
        ];
        var withoutBuildConfig = new List<string>();
        foreach (var (layer, input) in built)
        {
            layer.Apply(input);
            if (Keras.Layers.Serialize(layer)["build_config"] is null) withoutBuildConfig.Add(layer.ClassName);
        }

        CollectionAssert.AreEqual(
            new[] { "Activation", "ELU", "LeakyReLU", "ReLU", "Softmax", "Dropout", "Reshape", "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D" },
            withoutBuildConfig);
    }
}
