using System.CommandLine;
using Archiver.Store;
using Archiver.Store.Archive;
using Archiver.Store.Buckets;
using Archiver.Store.Ingest;

namespace Archiver.Cli.Commands;

/// <summary>
/// <c>archiver ingest --archive DIR --store DIR [--exchange E] [--ticker T] [--kind trades|l2book] [--start YYYY-MM-DD:HH]
/// [--end YYYY-MM-DD:HH] [--config FILE]</c>: ingests the archive files into the bucket store (ticks and one-minute bars
/// from trades, quotes from books; <see cref="ArchiveIngestor"/>). Files already ingested unchanged are skipped. Prints a
/// summary; exits 1 if any file failed (the others are still ingested).
/// </summary>
internal static class IngestCommand
{
    public static Command Create(TextWriter output, TextWriter error, Func<StoreOptions, IBucketStore> openStore)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(openStore);
        var store = new StoreCommandOptions();
        var archive = new Option<DirectoryInfo?>("--archive") { Description = "Archive root (default: Archiver:ArchiveRoot, or ./archives)." };
        var exchange = new Option<string?>("--exchange") { Description = "Only this exchange, e.g. binance." };
        var ticker = new Option<string?>("--ticker") { Description = "Only this ticker, as the exchange spells it, e.g. BTCUSDT." };
        var kind = new Option<string?>("--kind") { Description = "Only trades or only l2book." };
        var start = new Option<string?>("--start") { Description = "First hour, YYYY-MM-DD:HH (UTC)." };
        var end = new Option<string?>("--end") { Description = "Last hour, YYYY-MM-DD:HH (UTC), included." };
        var command = new Command("ingest", "Ingest archive files into the store: trades as ticks (SYM/1Sec/TICK) and 1-minute bars (SYM/1Min/OHLCV), books as quotes (SYM/1Sec/QUOTE).")
        {
            archive, exchange, ticker, kind, start, end,
        };
        store.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var (options, configuredArchive) = store.Resolve(parse);
            var root = parse.GetValue(archive)?.FullName ?? configuredArchive;
            if (!Directory.Exists(root)) throw new CommandException($"archive root {root} does not exist");
            var filter = new ArchiveIngestFilter
            {
                Exchange = parse.GetValue(exchange),
                Ticker = parse.GetValue(ticker),
                Kind = parse.GetValue(kind) switch
                {
                    null => null,
                    "trades" => ArchiveKind.Trades,
                    "l2book" => ArchiveKind.L2Book,
                    var other => throw new CommandException($"--kind '{other}' is not trades or l2book"),
                },
                Start = Hour("--start", parse.GetValue(start)),
                End = Hour("--end", parse.GetValue(end)),
            };
            if (filter is { Start: { } s, End: { } e } && e < s) throw new CommandException($"--end {e} is before --start {s}");
            var files = ArchiveIngestor.ListFiles(root, filter);
            if (files.Count == 0)
            {
                output.WriteLine($"ingest: no archive files under {root} match");
                return Task.FromResult(ArchiverCli.ExitOk);
            }

            IngestLedger ledger;
            try
            {
                ledger = IngestLedger.Load(IngestLedger.PathFor(options.Root));
            }
            catch (InvalidDataException ex)
            {
                throw new CommandException(ex.Message, ex);
            }

            IngestSummary summary;
            var progress = new IngestProgressPrinter(error);
            try
            {
                using var bucketStore = Open(openStore, options);
                summary = new ArchiveIngestor(bucketStore, ledger).Run(files, progress, cancellationToken);
            }
            finally
            {
                progress.Finish();
            }

            output.WriteLine(
                $"ingest into {options.Root}: files ingested {summary.FilesIngested}, unchanged {summary.FilesUnchanged}, failed {summary.FilesFailed}; " +
                $"{summary.Ticks:N0} ticks, {summary.Bars:N0} bars, {summary.Quotes:N0} quotes; {summary.Bytes / 1048576.0:F1} MB in {summary.Elapsed.TotalSeconds:F1} s " +
                $"({summary.RowsPerSecond / 1e6:F2}M rows/s)" + (summary.SkippedRows > 0 ? $"; {summary.SkippedRows:N0} rows skipped (received outside their file's hour)" : string.Empty));
            if (summary.FilesFailed > 0)
            {
                throw new CommandException($"{summary.FilesFailed} file(s) failed to ingest; nothing of them was stored");
            }

            return Task.FromResult(ArchiverCli.ExitOk);
        });
        return command;
    }

    internal static IBucketStore Open(Func<StoreOptions, IBucketStore> openStore, StoreOptions options)
    {
        try
        {
            return openStore(options);
        }
        catch (StoreException e)
        {
            throw new CommandException($"store {options.Root}: {e.Message}", e);
        }
    }

    private static ArchiveHour? Hour(string option, string? text)
    {
        if (text is null) return null;
        return ArchiveHour.TryParse(text, out var hour)
            ? hour
            : throw new CommandException($"{option} '{text}' is not an hour in the form YYYY-MM-DD:HH (UTC), e.g. 2025-01-06:18");
    }
}
