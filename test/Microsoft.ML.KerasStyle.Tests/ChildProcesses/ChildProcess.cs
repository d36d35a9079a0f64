using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Microsoft.ML.KerasStyle.Tests.ChildProcesses;

/// <summary>
/// A process running this test assembly's <see cref="TestProgram"/> (with the same .NET host, runtime and
/// dependencies as the tests): its output is read line by line, and it can be waited for, or killed (SIGKILL on Linux,
/// as a crash or an out-of-memory kill would stop it).
/// </summary>
public sealed class ChildProcess : IDisposable
{
    readonly Process process;
    readonly BlockingCollection<string> lines = [];
    readonly StringBuilder output = new();
    readonly StringBuilder errors = new();

    ChildProcess(Process process) => this.process = process;

    /// <summary>Starts <c>TestProgram</c> with <paramref name="args"/>.</summary>
    /// <param name="workingDirectory">The process's current directory.</param>
    /// <param name="environment">Variables set for the process (on top of this one's).</param>
    /// <param name="args">The command and its arguments.</param>
    public static ChildProcess Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(typeof(TestProgram).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var child = new ChildProcess(new Process { StartInfo = start });
        child.process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                child.lines.CompleteAdding();
                return;
            }
            lock (child.output) child.output.AppendLine(e.Data);
            child.lines.Add(e.Data);
        };
        child.process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (child.errors) child.errors.AppendLine(e.Data);
        };
        child.process.Start();
        child.process.BeginOutputReadLine();
        child.process.BeginErrorReadLine();
        return child;
    }

    /// <summary>What the process wrote to standard output so far.</summary>
    public string Output
    {
        get
        {
            lock (output) return output.ToString();
        }
    }

    /// <summary>What the process wrote to standard error so far.</summary>
    public string Errors
    {
        get
        {
            lock (errors) return errors.ToString();
        }
    }

    /// <summary>Waits until the process prints <paramref name="expected"/> as a line; fails when it exits or times out first.</summary>
    public void WaitForLine(string expected, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (lines.TryTake(out var line, TimeSpan.FromMilliseconds(200)))
            {
                if (line == expected) return;
            }
            else if (lines.IsCompleted) break;
        }
        var state = process.HasExited ? $"exited with {process.ExitCode}" : $"still running after {timeout.TotalSeconds:F0} s";
        Kill();
        Assert.Fail($"The child process never printed '{expected}' ({state}).\nOutput:\n{Output}\nErrors:\n{Errors}");
    }

    /// <summary>Kills the process at once (SIGKILL) and waits until it is gone.</summary>
    public void Kill()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>Waits for the process to exit; kills it after <paramref name="timeout"/>.</summary>
    /// <returns>The exit code, or null when it was killed for running too long.</returns>
    public int? WaitForExit(TimeSpan timeout)
    {
        if (process.WaitForExit(timeout))
        {
            process.WaitForExit(); // the end of the redirected output
            return process.ExitCode;
        }
        Kill();
        return null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Kill();
        process.Dispose();
        lines.Dispose();
    }
}
