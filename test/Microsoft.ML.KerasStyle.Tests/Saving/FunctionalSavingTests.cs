using System.Text.Json.Nodes;
using Samples.Listings;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Saving;

[TestClass]
public sealed class FunctionalSavingTests : KerasTestBase
{
    static Outputs Predict(Model model, Inputs inputs)
    {
        using var _ = no_grad();
        return model.Apply(inputs);
    }

    [TestMethod]
    public void TicketModelWithThreeInputsAndTwoOutputsRoundTrips()
    {
        var model = TicketModel.Build().Model;
        var inputs = TicketModel.RandomInputs(8);
        var expected = Predict(model, inputs);
        var path = Path.Combine(TempDir(), "ticket.keras");
        model.Save(path);

        var loaded = Keras.Models.LoadModel(path);

        Assert.IsTrue(loaded.IsFunctional);
        Assert.AreEqual("Functional", loaded.ClassName);
        CollectionAssert.AreEqual(model.InputNames.ToArray(), loaded.InputNames.ToArray());
        CollectionAssert.AreEqual(model.OutputNames.ToArray(), loaded.OutputNames.ToArray());
        CollectionAssert.AreEqual(model.Layers.Select(l => l.Name).ToArray(), loaded.Layers.Select(l => l.Name).ToArray());
        var actual = Predict(loaded, inputs);
        Assert.AreEqual(2, actual.Count);
        CollectionAssert.AreEqual(Values(expected["priority"]), Values(actual["priority"]));
        CollectionAssert.AreEqual(Values(expected["department"]), Values(actual["department"]));
    }

    [TestMethod]
    public void FunctionalConfigListsNodesAndInputOutputReferencesAsKerasDoes()
    {
        var model = TicketModel.Build().Model;
        var path = Path.Combine(TempDir(), "ticket.keras");
        model.Save(path);
        var root = Config(path);

        Assert.AreEqual("keras.src.models.functional", root["module"]!.GetValue<string>());
        Assert.AreEqual("Functional", root["class_name"]!.GetValue<string>());
        Assert.AreEqual("Functional", root["registered_name"]!.GetValue<string>());
        var config = root["config"]!.AsObject();
        Assert.AreEqual("""[["title",0,0],["text_body",0,0],["tags",0,0]]""", config["input_layers"]!.ToJsonString());
        Assert.AreEqual("""[["priority",0,0],["department",0,0]]""", config["output_layers"]!.ToJsonString());

        var layers = config["layers"]!.AsArray().Select(l => l!.AsObject()).ToList();
        CollectionAssert.AreEqual(new[] { "title", "text_body", "tags", "concatenate", "dense", "priority", "department" },
                                  layers.Select(l => l["name"]!.GetValue<string>()).ToArray());
        Assert.AreEqual("[]", layers[0]["inbound_nodes"]!.ToJsonString(), "input layers have no inbound nodes");

        // A merge layer receives the list of its inputs as its one argument.
        var concatNode = layers[3]["inbound_nodes"]!.AsArray().Single()!.AsObject();
        var args = concatNode["args"]!.AsArray();
        Assert.AreEqual(1, args.Count);
        var tensors = args[0]!.AsArray();
        Assert.AreEqual(3, tensors.Count);
        Assert.AreEqual("__keras_tensor__", tensors[0]!["class_name"]!.GetValue<string>());
        Assert.AreEqual("""{"shape":[null,10000],"dtype":"float32","keras_history":["title",0,0]}""", tensors[0]!["config"]!.ToJsonString());
        Assert.AreEqual("{}", concatNode["kwargs"]!.ToJsonString());
        Assert.AreEqual("[[null,10000],[null,10000],[null,100]]", layers[3]["build_config"]!["input_shape"]!.ToJsonString());

        // A layer called on one tensor receives it as its argument.
        var denseArgs = layers[4]["inbound_nodes"]!.AsArray().Single()!["args"]!.AsArray();
        Assert.AreEqual("""["concatenate",0,0]""", denseArgs.Single()!["config"]!["keras_history"]!.ToJsonString());
    }

    [TestMethod]
    public void PerOutputCompileSettingsRoundTrip()
    {
        var model = TicketModel.Build().Model;
        model.Compile(optimizer: "rmsprop",
                      loss: new Dictionary<string, string> { ["priority"] = "mse", ["department"] = "mse" },
                      lossWeights: new() { ["priority"] = 1.0, ["department"] = 0.2 },
                      metrics: new() { ["priority"] = new() { "mean_absolute_error" }, ["department"] = new() { "accuracy" } });
        var path = Path.Combine(TempDir(), "compiled.keras");
        model.Save(path);

        var compile = Config(path)["compile_config"]!.AsObject();
        Assert.AreEqual("RMSprop", compile["optimizer"]!["class_name"]!.GetValue<string>());
        Assert.AreEqual("MeanSquaredError", compile["loss"]!["department"]!["class_name"]!.GetValue<string>());
        Assert.AreEqual("""{"priority":1.0,"department":0.2}""", compile["loss_weights"]!.ToJsonString());
        Assert.AreEqual("""{"priority":["mean_absolute_error"],"department":["accuracy"]}""", compile["metrics"]!.ToJsonString());

        var loaded = Keras.Models.LoadModel(path);
        var (optimizer, loss, lossWeights, metrics, _) = loaded.CompileArguments;
        Assert.AreEqual("RMSprop", optimizer!.GetType().Name);
        CollectionAssert.AreEqual(new[] { "priority", "department" }, loss!.Entries.Select(e => e.Output).ToArray());
        CollectionAssert.AreEqual(new[] { 1.0, 0.2 }, lossWeights!.ToArray());
        Assert.AreEqual("accuracy", metrics!["department"].Items.Single().Name);
        Assert.AreEqual(2, loaded.CompiledLosses.Count(l => l is not null));
    }

    [TestMethod]
    public void SingleInputModelWritesSingleReferences()
    {
        var input = Keras.Input(shape: [3]);
        var model = new Model(input, new Dense(2).Apply(input));
        var path = Path.Combine(TempDir(), "single.keras");
        model.Save(path);
        var config = Config(path)["config"]!.AsObject();
        Assert.AreEqual("""["input_layer",0,0]""", config["input_layers"]!.ToJsonString());
        Assert.AreEqual("""["dense",0,0]""", config["output_layers"]!.ToJsonString());
        var x = randn(4, 3);
        CollectionAssert.AreEqual(Values(model.Apply(x)), Values(Keras.Models.LoadModel(path).Apply(x)));
    }

    [TestMethod]
    public void NestedModelsRoundTripWithTheirWeights()
    {
        // A functional block used twice (shared), a Sequential block, all inside an outer functional model.
        var blockInput = Keras.Input(shape: [4]);
        var block = new Model(blockInput, new Dense(4, activation: "tanh").Apply(blockInput), name: "block");
        var head = new Sequential([new Dense(3, activation: "relu"), new Dense(2)], name: "head");
        var input = Keras.Input(shape: [4]);
        var once = block.Apply(input);
        var twice = block.Apply(once);
        var output = head.Apply(new Add().Apply(once, twice));
        var model = new Model(input, output, name: "outer");
        var x = randn(6, 4);
        var expected = Values(model.Apply(x));
        var path = Path.Combine(TempDir(), "nested.keras");
        model.Save(path);

        var root = Config(path);
        var layers = root["config"]!["layers"]!.AsArray();
        var blockConfig = layers.Single(l => l!["name"]!.GetValue<string>() == "block")!.AsObject();
        Assert.AreEqual("Functional", blockConfig["class_name"]!.GetValue<string>());
        Assert.AreEqual(2, blockConfig["inbound_nodes"]!.AsArray().Count, "the shared block is called twice");
        // Keras numbers a nested functional model's calls from 1 (node 0 is its construction).
        var addArgs = layers.Single(l => l!["name"]!.GetValue<string>() == "add")!["inbound_nodes"]![0]!["args"]![0]!.AsArray();
        Assert.AreEqual("""["block",1,0]""", addArgs[0]!["config"]!["keras_history"]!.ToJsonString());
        Assert.AreEqual("""["block",2,0]""", addArgs[1]!["config"]!["keras_history"]!.ToJsonString());
        Assert.AreEqual("Sequential", layers.Single(l => l!["name"]!.GetValue<string>() == "head")!["class_name"]!.GetValue<string>());

        var layout = Layout(ReadEntryBytes(path, "model.weights.h5"));
        CollectionAssert.Contains(layout, "D layers/functional/layers/dense/vars/0 (4, 4) FloatingPoint 4");
        CollectionAssert.Contains(layout, "D layers/sequential/layers/dense/vars/0 (4, 3) FloatingPoint 4");
        CollectionAssert.Contains(layout, "D layers/sequential/layers/dense_1/vars/1 (2) FloatingPoint 4");
        CollectionAssert.Contains(layout, "G layers/functional/vars name=block");

        var loaded = Keras.Models.LoadModel(path);
        CollectionAssert.AreEqual(expected, Values(loaded.Apply(x)));
        Assert.IsInstanceOfType<Sequential>(loaded.GetLayer("head"));
        Assert.AreEqual(2, loaded.GetLayer("block").InboundNodes.Count);
    }

    [TestMethod]
    public void FunctionalModelInsideSequentialRoundTrips()
    {
        var blockInput = Keras.Input(shape: [3]);
        var block = new Model(blockInput, new Dense(5, activation: "relu").Apply(blockInput), name: "block");
        var model = new Sequential([Keras.Input(shape: [3]), block, new Dense(1)]);
        var x = randn(2, 3);
        var path = Path.Combine(TempDir(), "seq.keras");
        model.Save(path);
        var loaded = Keras.Models.LoadModel(path);
        CollectionAssert.AreEqual(Values(model.Apply(x)), Values(loaded.Apply(x)));
        Assert.AreEqual("block", loaded.Layers[0].Name);
    }

    [TestMethod]
    public void SharedLayerCalledTwiceKeepsOneSetOfWeights()
    {
        var a = Keras.Input(shape: [3], name: "a");
        var b = Keras.Input(shape: [3], name: "b");
        var shared = new Dense(2, name: "shared");
        var model = new Model([a, b], new Concatenate().Apply(shared.Apply(a), shared.Apply(b)));
        var inputs = new Inputs { ["a"] = randn(4, 3), ["b"] = randn(4, 3) };
        var path = Path.Combine(TempDir(), "shared.keras");
        model.Save(path);
        var concatArgs = Config(path)["config"]!["layers"]!.AsArray().Single(l => l!["name"]!.GetValue<string>() == "concatenate")!["inbound_nodes"]![0]!["args"]![0]!;
        Assert.AreEqual("""["shared",1,0]""", concatArgs[1]!["config"]!["keras_history"]!.ToJsonString());

        var loaded = Keras.Models.LoadModel(path);
        Assert.AreEqual(2, loaded.Weights.Count);
        CollectionAssert.AreEqual(Values(model.Apply(inputs)), Values(loaded.Apply(inputs)));
    }
}
