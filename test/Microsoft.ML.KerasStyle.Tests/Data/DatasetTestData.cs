namespace Microsoft.ML.KerasStyle.Tests.Data;

/// <summary>Small deterministic data for the Dataset tests, and readers of tensor values.</summary>
internal static class DatasetTestData
{
    /// <summary>Rows [i*10, i*10+1, i*10+2] for i in 0..count−1 (float32 [count, 3]).</summary>
    public static Tensor Rows(int count) => tensor(Enumerable.Range(0, count).SelectMany(i => new float[] { i * 10, i * 10 + 1, i * 10 + 2 }).ToArray(), [count, 3]);

    /// <summary>Labels 0..count−1 (int64 [count]).</summary>
    public static Tensor Labels(int count) => tensor(Enumerable.Range(0, count).Select(i => (long)i).ToArray());

    public static long[] Longs(Tensor t) => t.to(ScalarType.Int64).contiguous().data<long>().ToArray();

    public static float[] Floats(Tensor t) => LayerTestHarness.Values(t);

    public static long Long(Tensor t) => t.to(ScalarType.Int64).item<long>();
}
