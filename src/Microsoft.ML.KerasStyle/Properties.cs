using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Microsoft.ML.KerasStyle.Tests")]
