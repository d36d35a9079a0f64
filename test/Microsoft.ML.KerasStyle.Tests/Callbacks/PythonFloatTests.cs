using Microsoft.ML.KerasStyle.Callbacks;

namespace Microsoft.ML.KerasStyle.Tests.Callbacks;

[TestClass]
public sealed class PythonFloatTests
{
    // Expected texts are CPython 3's repr() of the same doubles.
    [TestMethod]
    [DataRow(0.1, "0.1")]
    [DataRow(0.5, "0.5")]
    [DataRow(3.0, "3.0")]
    [DataRow(-2.5, "-2.5")]
    [DataRow(0.0, "0.0")]
    [DataRow(-0.0, "-0.0")]
    [DataRow(0.0001, "0.0001")]
    [DataRow(1e-05, "1e-05")]
    [DataRow(1.5e-07, "1.5e-07")]
    [DataRow(123456.789, "123456.789")]
    [DataRow(1e15, "1000000000000000.0")]
    [DataRow(1e16, "1e+16")]
    [DataRow(1.2345678901234568e+17, "1.2345678901234568e+17")]
    [DataRow(5e-324, "5e-324")]
    [DataRow(1.7976931348623157e308, "1.7976931348623157e+308")]
    [DataRow(0.10000000149011612, "0.10000000149011612")]
    [DataRow(0.05000000074505806, "0.05000000074505806")]
    [DataRow(100.0, "100.0")]
    [DataRow(double.NaN, "nan")]
    [DataRow(double.PositiveInfinity, "inf")]
    [DataRow(double.NegativeInfinity, "-inf")]
    public void MatchesPythonRepr(double value, string expected) => Assert.AreEqual(expected, PythonFloat.Repr(value));
}
