using KerasStyle.Benchmarks;

// dotnet run --project bench/KerasStyle.Benchmarks -c Release -- [memory|speed|mlnet|mlnet-large [--rows N]] [--epochs N] [--batch N] [--repeat N]
// Prints its figures; targets are judged from ratios measured in one run (the machine is shared and noisy).
var epochs = args.SkipWhile(a => a != "--epochs").Skip(1).Select(int.Parse).FirstOrDefault(20);
var batch = args.SkipWhile(a => a != "--batch").Skip(1).Select(int.Parse).FirstOrDefault(32);
var repeat = args.SkipWhile(a => a != "--repeat").Skip(1).Select(int.Parse).FirstOrDefault(3);
var which = args.FirstOrDefault(a => !a.StartsWith("--") && !int.TryParse(a, out _)) ?? "memory";
switch (which)
{
    case "memory":
        FitMemory.Run(epochs, Console.Out);
        return 0;
    case "speed":
        TrainingSpeed.Run(batch, repeat, Console.Out);
        return 0;
    case "mlnet":
        MLNetThroughput.Run(repeat, Console.Out);
        return 0;
    case "mlnet-large":
        MLNetLargeIdv.Run(args.SkipWhile(a => a != "--rows").Skip(1).Select(int.Parse).FirstOrDefault(2_000_000), Console.Out);
        return 0;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{which}'. Known: memory, speed, mlnet, mlnet-large.");
        return 2;
}
