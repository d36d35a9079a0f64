namespace Microsoft.ML.KerasStyle.Tests.Backend;

/// <summary>Keras's int-or-tuple arguments: an int, a C# tuple, a collection expression or an array, checked with Keras's message.</summary>
[TestClass]
public sealed class IntTupleTests
{
    [TestMethod]
    public void EveryFormGivesTheSameLayer()
    {
        string[] configs =
        [
            Json(new Conv2D(4, 3, strides: 2)),
            Json(new Conv2D(4, (3, 3), strides: (2, 2))),
            Json(new Conv2D(4, [3, 3], strides: [2, 2])),
            Json(new Conv2D(4, new[] { 3, 3 }, strides: new[] { 2, 2 })),
        ];
        foreach (var config in configs.Skip(1)) Assert.AreEqual(configs[0], config);
        StringAssert.Contains(configs[0], "\"kernel_size\":[3,3]");
        StringAssert.Contains(configs[0], "\"strides\":[2,2]");
    }

    [TestMethod]
    public void RectangularWindowsAndDefaults()
    {
        var pool = new MaxPooling2D((2, 3), strides: (1, 2));
        CollectionAssert.AreEqual(new[] { 2, 3 }, pool.PoolSize.ToArray());
        CollectionAssert.AreEqual(new[] { 1, 2 }, pool.Strides.ToArray());
        CollectionAssert.AreEqual(new[] { 2, 2 }, new AveragePooling2D().PoolSize.ToArray(), "Keras's default pool_size (2, 2)");
        CollectionAssert.AreEqual(new[] { 3, 3 }, new AveragePooling2D(3).Strides.ToArray(), "strides default to the pool size");
        var conv = new Conv1D(2, [5], strides: 2);
        CollectionAssert.AreEqual(new[] { 5 }, conv.KernelSize.ToArray());
        CollectionAssert.AreEqual(new[] { 1 }, conv.DilationRate.ToArray());
    }

    [TestMethod]
    public void WrongLengthOrValueIsKerasError()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Conv2D(4, (3, 3, 3)));
        StringAssert.Contains(e.Message, "Conv2D: the `kernel_size` argument must be a tuple of 2 integers. Received kernel_size=(3, 3, 3)");
        e = Assert.ThrowsExactly<ArgumentException>(() => new MaxPooling2D((2, 0)));
        StringAssert.Contains(e.Message, "Received pool_size=(2, 0), including values {0} that do not satisfy `value > 0`");
        e = Assert.ThrowsExactly<ArgumentException>(() => new Conv1D(2, 0));
        StringAssert.Contains(e.Message, "Received kernel_size=0, including values {0}");
    }

    [TestMethod]
    public void ConfigsLoadFromListsAsKerasWritesThem()
    {
        var model = new Sequential([Keras.Input(shape: [8, 8, 1]), new Conv2D(4, (3, 2), strides: (2, 1), name: "conv"), new MaxPooling2D((2, 1), name: "pool")]);
        var path = Path.Combine(Path.GetTempPath(), $"inttuple-{Guid.NewGuid():N}.keras");
        try
        {
            model.Save(path);
            var loaded = (Model)Keras.Models.LoadModel(path);
            var conv = (Conv2D)loaded.GetLayer("conv");
            CollectionAssert.AreEqual(new[] { 3, 2 }, conv.KernelSize.ToArray());
            CollectionAssert.AreEqual(new[] { 2, 1 }, conv.Strides.ToArray());
            CollectionAssert.AreEqual(new[] { 2, 1 }, ((MaxPooling2D)loaded.GetLayer("pool")).PoolSize.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ValuesCompareAndPrintAsPython()
    {
        Assert.AreEqual<IntTuple>((3, 3), [3, 3]);
        Assert.AreNotEqual<IntTuple>(3, (3, 3));
        Assert.AreEqual("(3, 2)", ((IntTuple)(3, 2)).ToString());
        Assert.AreEqual("(5,)", ((IntTuple)new[] { 5 }).ToString());
        Assert.AreEqual("7", ((IntTuple)7).ToString());
    }

    static string Json(Layer layer) => System.Text.Json.JsonSerializer.Serialize(layer.GetConfig().Where(kv => kv.Key != "name").ToDictionary());
}
