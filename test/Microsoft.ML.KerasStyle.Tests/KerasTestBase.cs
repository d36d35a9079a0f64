namespace Microsoft.ML.KerasStyle.Tests;

/// <summary>Every test starts from fresh automatic names and a fixed random seed.</summary>
public abstract class KerasTestBase
{
    [TestInitialize]
    public void ResetSession()
    {
        Keras.ClearSession();
        Keras.Utils.SetRandomSeed(1234);
    }
}
