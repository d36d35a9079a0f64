using Microsoft.ML.KerasStyle.Tests.Docs;
using Microsoft.ML.KerasStyle.Tests.Saving;

namespace Microsoft.ML.KerasStyle.Tests.ChildProcesses;

/// <summary>
/// The test assembly's entry point (<c>GenerateProgramFile</c> is off), for tests that need a process of their own — to
/// kill it at a chosen moment, or to run a docs program as a user's console would:
/// <c>dotnet Microsoft.ML.KerasStyle.Tests.dll &lt;command&gt; …</c> (see <see cref="ChildProcess"/>). The test runner
/// never calls it.
/// </summary>
public static class TestProgram
{
    /// <summary>Runs one child command; 2 for an unknown one.</summary>
    public static int Main(string[] args)
    {
        switch (args)
        {
            case [DocsProgramHost.Command, var assembly]:
                return DocsProgramHost.Run(assembly);
            case [KillableSaves.SaveCommand, ..]:
            case [KillableSaves.BackupCommand, ..]:
                return KillableSaves.Run(args);
            default:
                Console.Error.WriteLine($"Unknown test child command: {string.Join(' ', args)}");
                return 2;
        }
    }
}
