using System.CommandLine;
using Archiver.Backup;
using Archiver.Store.Archive;

namespace Archiver.Cli.Commands;

/// <summary>
/// <c>archiver restore --exchange E --ticker T --start YYYY-MM-DD:HH --end YYYY-MM-DD:HH [--kinds l2book,trades] [--depth N]
/// [--only-paths] [--strict] | --all [--prefix-path P]</c> plus the bucket options: downloads the range's hourly files
/// the bucket has, verified by size and SHA-256, written under a temporary name and renamed.
/// </summary>
internal static class RestoreCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var bucket = new BucketCommandOptions();
        var exchange = new Option<string?>("--exchange") { Description = "binance, bybit or hyperliquid." };
        var ticker = new Option<string?>("--ticker") { Description = "Ticker as the exchange spells it (BTCUSDT, BTC)." };
        var start = new Option<string?>("--start") { Description = "First hour, YYYY-MM-DD:HH (UTC)." };
        var end = new Option<string?>("--end") { Description = "Last hour, YYYY-MM-DD:HH (UTC), included." };
        var kinds = new Option<string>("--kinds") { Description = "l2book, trades or both.", DefaultValueFactory = _ => "l2book,trades" };
        var depth = new Option<int>("--depth") { Description = "Book depth of l2book files.", DefaultValueFactory = _ => 20 };
        var onlyPaths = new Option<bool>("--only-paths") { Description = "Print the archive paths of the range; download nothing." };
        var strict = new Option<bool>("--strict") { Description = "Fail if the bucket lacks any hour of the range." };
        var all = new Option<bool>("--all") { Description = "Restore everything the bucket holds (optionally under --path-prefix)." };
        var pathPrefix = new Option<string?>("--path-prefix") { Description = "With --all: only archive paths starting with this (e.g. binance/perp/trades/2025/01)." };
        var command = new Command("restore", "Download archive files from the bucket by date range (or all), verified, without overwriting identical files.")
        {
            exchange, ticker, start, end, kinds, depth, onlyPaths, strict, all, pathPrefix,
        };
        bucket.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            RestoreRequest request;
            if (parse.GetValue(all))
            {
                request = RestoreRequest.Everything(parse.GetValue(pathPrefix));
            }
            else
            {
                var e = parse.GetValue(exchange) ?? throw new CommandException("--exchange is required (or --all)");
                var t = parse.GetValue(ticker) ?? throw new CommandException("--ticker is required (or --all)");
                var first = ParseHour(parse.GetValue(start), "--start");
                var last = ParseHour(parse.GetValue(end), "--end");
                if (last < first) throw new CommandException($"--end {last} is before --start {first}");
                var kindList = ParseKinds(parse.GetValue(kinds)!);
                if (parse.GetValue(onlyPaths))
                {
                    var root = parse.GetValue(bucket.Archive)?.FullName ?? Path.GetFullPath("archives");
                    foreach (var kind in kindList)
                        foreach (var hour in ArchiveHour.Range(first, last))
                            output.WriteLine(ArchivePaths.PathFor(root, new ArchiveFileKey(e, t, kind, kind == ArchiveKind.L2Book ? parse.GetValue(depth) : 0), hour));
                    return ArchiverCli.ExitOk;
                }

                try
                {
                    request = RestoreRequest.Range(e, t, kindList, parse.GetValue(depth), first, last, parse.GetValue(strict));
                }
                catch (ArgumentException x)
                {
                    throw new CommandException(x.Message);
                }
            }

            var (archiveRoot, target, concurrency, _) = bucket.Resolve(parse);
            var options = concurrency is { } n ? new RestoreOptions { Concurrency = n } : new RestoreOptions();
            Directory.CreateDirectory(archiveRoot);
            var progress = new TransferProgressPrinter(error, "restore");
            RestoreSummary summary;
            try
            {
                summary = await ArchiveRestore.RunAsync(archiveRoot, target, request, options, progress, cancellationToken);
            }
            catch (BackupException x)
            {
                progress.Finish();
                throw new CommandException(x.Message, x);
            }

            progress.Finish();
            output.WriteLine($"restore from {target}: downloaded {summary.Downloaded}, skipped {summary.Skipped} (already identical), failed {summary.Failed}, " +
                             $"{summary.BytesDownloaded / 1048576.0:F1} MB in {summary.Elapsed.TotalSeconds:F1} s" +
                             (summary.Missing.Count > 0 ? $"; {summary.Missing.Count} hour(s) not in the bucket: {string.Join(", ", summary.Missing.Take(10))}{(summary.Missing.Count > 10 ? ", ..." : string.Empty)}" : string.Empty) +
                             (summary.Refused.Count > 0 ? $"; {summary.Refused.Count} key(s) refused (outside the archive root)" : string.Empty));
            if (summary.Failed > 0) throw new CommandException($"{summary.Failed} file(s) failed to download; nothing was left under their final names");
            return ArchiverCli.ExitOk;
        });
        return command;
    }

    private static ArchiveHour ParseHour(string? text, string option)
    {
        if (text is null) throw new CommandException($"{option} is required (YYYY-MM-DD:HH), or use --all");
        return ArchiveHour.TryParse(text, out var hour) ? hour : throw new CommandException($"{option} '{text}' is not an hour in the form YYYY-MM-DD:HH (UTC)");
    }

    private static List<ArchiveKind> ParseKinds(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(k => k.ToLowerInvariant() switch
        {
            "l2book" => ArchiveKind.L2Book,
            "trades" => ArchiveKind.Trades,
            _ => throw new CommandException($"--kinds '{k}' is not l2book or trades"),
        }).Distinct().ToList();
}
