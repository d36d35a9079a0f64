using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Microsoft.ML.KerasStyle.Tests")]
[assembly: InternalsVisibleTo("KerasStyle.Benchmarks")]
