using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Microsoft.ML.KerasStyle.Tests.Docs;

/// <summary>
/// The child process's side of running a docs program: loads the compiled block (it references the library, TorchSharp,
/// Microsoft.ML… by name, resolved from this assembly's dependencies as a console project's would be) and runs its entry
/// point; an exception is printed with its stack (lines of the Markdown file) and exits with 1.
/// </summary>
internal static class DocsProgramHost
{
    /// <summary><c>run-docs-program ASSEMBLY</c>.</summary>
    public const string Command = "run-docs-program";

    /// <summary>The last line on standard error: the processor seconds the program used (what it costs a CI machine).</summary>
    public const string ProcessorTimePrefix = "docs-program-processor-seconds: ";

    public static int Run(string assemblyPath)
    {
        try
        {
            return RunEntryPoint(assemblyPath);
        }
        finally
        {
            Console.Error.WriteLine(ProcessorTimePrefix + Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
        }
    }

    static int RunEntryPoint(string assemblyPath)
    {
        var entry = Assembly.LoadFrom(assemblyPath).EntryPoint
                    ?? throw new InvalidOperationException($"{assemblyPath} has no entry point.");
        try
        {
            var result = entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
            if (result is Task task) task.GetAwaiter().GetResult();
            return result switch
            {
                int code => code,
                Task<int> withCode => withCode.Result,
                _ => 0,
            };
        }
        catch (TargetInvocationException e) when (e.InnerException is { } thrown)
        {
            Console.Out.Flush();
            Console.Error.WriteLine($"Unhandled exception. {thrown}");
            return 1;
        }
    }
}
