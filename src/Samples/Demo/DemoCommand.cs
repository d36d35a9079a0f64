namespace Samples.Demo;

/// <summary>The demo's command line: flags → run, <c>--help</c>, and plain messages for bad flags or missing data.</summary>
public static class DemoCommand
{
    /// <summary>Runs the demo for <paramref name="args"/>; returns the process exit code (0 ok, 1 no data, 2 bad arguments).</summary>
    /// <param name="args">The demo's flags.</param>
    public static int Run(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "-h" or "--help"))
        {
            Console.WriteLine(DemoOptions.Usage);
            return 0;
        }
        var options = DemoOptions.Parse(args, out var error);
        if (options is null)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine("Run with --help for the options.");
            return 2;
        }
        try
        {
            FashionMnistDemo.Run(options, Console.Out);
            return 0;
        }
        catch (MissingDatasetException missing)
        {
            Console.Error.WriteLine(missing.Message);
            return 1;
        }
    }
}
