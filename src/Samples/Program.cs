using Samples.Commands;
using Samples.Demo;
using Samples.Listings;

// dotnet run --project src/Samples -c Release [-- demo flags]   runs the main demo (see --help)
// dotnet run --project src/Samples -c Release -- <listing>      runs one listing of the seed chapter (e.g. 7-2-1; "list" lists them, "all" runs them all)
//                                             -- predict MODEL --images IDX.gz …   (see "predict --help")
//                                             -- finetune MODEL …                  (see "finetune --help")
// mpirun -np 2 dotnet Samples.dll distributed [--model mlp|convnet] …   data-parallel training (see "distributed --help")
if (args.Length == 0 || (args[0].StartsWith('-') && args[0] != "--list"))
    return DemoCommand.Run(args);
if (args[0] == PredictCommand.Name) return PredictCommand.Run(args[1..], Console.Out, Console.Error);
if (args[0] == FineTuneCommand.Name) return FineTuneCommand.Run(args[1..], Console.Out, Console.Error);
if (args[0] == DistributedCommand.Name) return DistributedCommand.Run(args[1..], Console.Out, Console.Error);
if (args[0] is "list" or "--list")
{
    foreach (var listing in Listing.All)
        Console.WriteLine($"{string.Join(", ", new[] { listing.Id }.Concat(listing.AlsoCovers)),-16} {listing.Title}");
    return 0;
}
if (args[0] is "all")
{
    foreach (var listing in Listing.All)
    {
        Console.WriteLine($"=== {listing.Id} {listing.Title} ===");
        listing.Run(Console.Out);
        Console.WriteLine();
    }
    return 0;
}
if (args is ["mlnet", "--check-zip", var zip, var rows]) return MLNetFashionMnist.CheckZip(zip, rows, Console.Out); // the reloading process of the mlnet sample
var chosen = Listing.Find(args[0]);
if (chosen is null)
{
    Console.Error.WriteLine($"Unknown command or listing '{args[0]}'. Known listings: {string.Join(", ", Listing.All.Select(l => l.Id))} " +
                            "('list' describes them, 'all' runs them); commands: predict, finetune, distributed; --help shows the demo's options.");
    return 2;
}
chosen.Run(Console.Out);
return 0;
