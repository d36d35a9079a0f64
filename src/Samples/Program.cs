using Samples.Commands;
using Samples.Listings;

// dotnet run --project src/Samples -c Release -- <listing>   (e.g. 7-2-1; "list" lists them; no argument runs the demo)
//                                             -- predict MODEL --images IDX.gz …   (see "predict --help")
//                                             -- finetune MODEL …                  (see "finetune --help")
if (args.Length > 0 && args[0] == PredictCommand.Name) return PredictCommand.Run(args[1..], Console.Out, Console.Error);
if (args.Length > 0 && args[0] == FineTuneCommand.Name) return FineTuneCommand.Run(args[1..], Console.Out, Console.Error);
if (args.Length > 0 && args[0] is "list" or "--list")
{
    foreach (var listing in Listing.All)
        Console.WriteLine($"{string.Join(", ", new[] { listing.Id }.Concat(listing.AlsoCovers)),-16} {listing.Title}");
    return 0;
}
if (args.Length > 0 && args[0] is "-h" or "--help")
{
    Console.WriteLine("Usage: Samples [listing]   listing: a section number (see 'list'); no argument runs the demo.");
    Console.WriteLine("       Samples predict MODEL --images IDX.gz [--offset K] [--count N] [--flatten]   (see 'predict --help')");
    Console.WriteLine("       Samples finetune MODEL [--epochs N]   fine-tunes a Fashion-MNIST model from its optimizer state (see 'finetune --help')");
    return 0;
}
if (args is ["mlnet", "--check-zip", var zip, var rows]) return MLNetFashionMnist.CheckZip(zip, rows, Console.Out); // the reloading process of the mlnet sample
if (args.Length > 0)
{
    var chosen = Listing.Find(args[0]);
    if (chosen is null)
    {
        Console.Error.WriteLine($"Unknown listing '{args[0]}'. Known listings: {string.Join(", ", Listing.All.Select(l => l.Id))} (or 'list').");
        return 2;
    }
    chosen.Run(Console.Out);
    return 0;
}

// The demo, for now: every model-building listing in order.
foreach (var listing in Listing.All)
{
    Console.WriteLine($"=== {listing.Id} {listing.Title} ===");
    listing.Run(Console.Out);
    Console.WriteLine();
}
return 0;
