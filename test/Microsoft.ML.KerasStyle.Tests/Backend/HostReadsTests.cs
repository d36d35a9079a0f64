using Microsoft.ML.KerasStyle.Backend;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Tests.Backend;

/// <summary>Host reads of one-element tensors (metric states, the learning rate, the iteration count) read memory directly.</summary>
[TestClass]
public sealed class HostReadsTests : KerasTestBase
{
    [TestMethod]
    public void ScalarsReadTheirCurrentValue()
    {
        var f = tensor(0.1f);
        Assert.AreEqual(0.1f, HostReads.Float(f));
        f.add_(2.5f); // the read sees in-place updates (it reads the tensor's memory, not a copy made earlier)
        Assert.AreEqual(0.1f + 2.5f, HostReads.Float(f));
        Assert.AreEqual(1e-300, HostReads.Double(tensor(1e-300)));
        Assert.AreEqual(17_500L, HostReads.Long(tensor(17_500L)));
    }

    [TestMethod]
    public void OtherShapesFallBackToItemAndViewsReadTheirOwnElement()
    {
        Assert.AreEqual(3f, HostReads.Float(tensor(new[] { 3f })), "one element of rank 1");
        Assert.AreEqual(0.25f, HostReads.Float(tensor(new[] { 1f, 0.25f })[1]), "a 0-dim view at an offset into a larger tensor");
        Assert.AreEqual(-4L, HostReads.Long(tensor(new[] { 9L, 8L, -4L })[2]));
        Assert.ThrowsExactly<ArgumentException>(() => HostReads.Float(tensor(2.0)), "the dtype must match, as for item()");
    }
}
