using Microsoft.ML.KerasStyle.Saving;

namespace Microsoft.ML.KerasStyle.Tests.Saving;

[TestClass]
public sealed class PathTemplateTests
{
    static string Format(string template, params (string Key, double Value)[] values) =>
        PathTemplate.Format(template, values.ToDictionary(v => v.Key, v => v.Value), ["epoch", "batch"]);

    [TestMethod]
    public void FillsFieldsAsPythonStrFormat()
    {
        // Expected strings are what Python's "…".format(epoch=3, val_loss=0.123456, acc=0.5) gives.
        Assert.AreEqual("model-03-0.12.keras", Format("model-{epoch:02d}-{val_loss:.2f}.keras", ("epoch", 3), ("val_loss", 0.123456)));
        Assert.AreEqual("e3-0.123456.keras", Format("e{epoch}-{val_loss}.keras", ("epoch", 3), ("val_loss", 0.123456)));
        Assert.AreEqual("0.5", Format("{acc}", ("acc", 0.5)));
        Assert.AreEqual("1.0", Format("{loss}", ("loss", 1.0)), "logs are floats: 1.0, not 1");
        Assert.AreEqual("1e-05", Format("{loss}", ("loss", 1e-5)));
        Assert.AreEqual("0.12346", Format("{loss:.5f}", ("loss", 0.123456)));
        Assert.AreEqual("  7", Format("{epoch:3d}", ("epoch", 7)));
        Assert.AreEqual("007", Format("{epoch:03}", ("epoch", 7)));
        Assert.AreEqual("7__", Format("{epoch:_<3d}", ("epoch", 7)));
        Assert.AreEqual("1.234560e-04", Format("{loss:e}", ("loss", 0.000123456)));
        Assert.AreEqual("0.000123", Format("{loss:.3g}", ("loss", 0.000123456)));
        Assert.AreEqual("1.23e-05", Format("{loss:.3g}", ("loss", 0.0000123456)));
        Assert.AreEqual("50.0%", Format("{acc:.1%}", ("acc", 0.5)));
        Assert.AreEqual("-0.50", Format("{x:.2f}", ("x", -0.5)));
        Assert.AreEqual("{epoch}-1", Format("{{epoch}}-{epoch}", ("epoch", 1)));
    }

    [TestMethod]
    public void UnknownFieldIsAnErrorListingTheAvailableOnes()
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Format("{epoch}-{val_acc:.2f}.keras", ("epoch", 1), ("loss", 0.3)));
        StringAssert.Contains(error.Message, "Failed to format this callback filepath: \"{epoch}-{val_acc:.2f}.keras\"");
        StringAssert.Contains(error.Message, "'val_acc'");
        StringAssert.Contains(error.Message, "epoch, loss");
    }

    [TestMethod]
    public void IntegerFormatOfAFloatIsAnErrorAsInPython()
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Format("{loss:d}", ("loss", 2.0)));
        StringAssert.Contains(error.Message, "'d'");
        Assert.ThrowsExactly<InvalidOperationException>(() => Format("{epoch", ("epoch", 1)));
    }
}
