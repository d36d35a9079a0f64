using System.Diagnostics;

namespace Samples.Demo;

/// <summary>Announces each step of the demo and how long it took.</summary>
/// <param name="output">Where the step lines go.</param>
/// <param name="clock">The demo's clock, started when the demo started.</param>
public sealed class DemoSteps(TextWriter output, Stopwatch clock)
{
    /// <summary>Runs <paramref name="step"/> under <paramref name="title"/> and returns its result.</summary>
    /// <param name="title">What the step does.</param>
    /// <param name="step">The step.</param>
    public T Run<T>(string title, Func<T> step)
    {
        output.WriteLine();
        output.WriteLine($"[{clock.Elapsed.TotalSeconds,5:F0} s] {title}");
        var start = clock.Elapsed;
        var result = step();
        output.WriteLine($"  ({(clock.Elapsed - start).TotalSeconds:F1} s)");
        return result;
    }

    /// <summary>Runs <paramref name="step"/> under <paramref name="title"/>.</summary>
    /// <param name="title">What the step does.</param>
    /// <param name="step">The step.</param>
    public void Run(string title, Action step) => Run(title, () => { step(); return 0; });
}
