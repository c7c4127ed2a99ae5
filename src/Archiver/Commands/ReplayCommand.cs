using System.CommandLine;
using System.Diagnostics;
using Archiver.Feeds;
using Archiver.Feeds.Connections;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;
using Archiver.Feeds.Replay;

namespace Archiver.Cli.Commands;

/// <summary>
/// <c>archiver replay --exchange E --input FILE [--archive DIR] [--depth N] [--summary]</c>: runs captured or
/// hand-written frames through the same handler a live connection uses. With <c>--archive</c> the records go through
/// the service's journal and hour closer into the same archive files the live service writes; otherwise they are
/// printed.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create(TextWriter output)
    {
        var exchange = new Option<string>("--exchange") { Description = "binance, bybit or hyperliquid.", Required = true };
        exchange.AcceptOnlyFromAmong("binance", "bybit", "hyperliquid");
        var input = new Option<FileInfo>("--input") { Description = "Frames, one per line: bare, or as the raw capture writes them (plain or gzip).", Required = true };
        var depth = new Option<int>("--depth") { Description = "Book levels per side.", DefaultValueFactory = _ => 20 };
        var summary = new Option<bool>("--summary") { Description = "Print only the totals, not every record." };
        var archive = new Option<DirectoryInfo?>("--archive") { Description = "Write archive files under this root instead of printing the records." };
        var command = new Command("replay", "Run frames through the exchange's feed logic; print the normalized records or write them as archive files.")
        {
            exchange, input, archive, depth, summary,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(input)!.FullName;
            if (!File.Exists(path)) throw new CommandException($"{path} does not exist");
            var id = Enum.Parse<ExchangeId>(parse.GetValue(exchange)!, ignoreCase: true);
            var protocol = ExchangeProtocols.For(id);
            var symbols = SymbolProbe.Discover(path, id);
            if (symbols.Count == 0) throw new CommandException($"{path} holds no {id.ToString().ToLowerInvariant()} frames with a symbol");
            var streams = symbols.SelectMany(s => new[] { new StreamKey(id, s, StreamKind.Book), new StreamKey(id, s, StreamKind.Trades) }).ToList();
            var archiveRoot = parse.GetValue(archive)?.FullName;
            var printer = new PrintingFeedSink(parse.GetValue(summary) || archiveRoot is not null ? TextWriter.Null : output);
            using var archiving = archiveRoot is null ? null : new ReplayArchive(archiveRoot, printer, output);
            IFeedSink sink = archiving is null ? printer : archiving.Sink;
            IFrameHandler handler;
            try
            {
                handler = protocol.CreateHandler(streams, parse.GetValue(depth), sink, IFeedControl.None, TimeProvider.System);
            }
            catch (ArgumentException e)
            {
                throw new CommandException(e.Message);
            }

            var clock = Stopwatch.StartNew();
            ReplaySummary result;
            using (var reader = CapturedFrameReader.Open(path)) result = FrameReplayer.Run(reader, handler);
            var files = archiving?.Complete() ?? [];
            output.WriteLine($"replayed {result.Frames:N0} frames ({result.BareFrames:N0} bare) of {string.Join(",", symbols)} in {clock.Elapsed.TotalSeconds:F2} s: " +
                             $"{printer.Trades:N0} trades, {printer.Books:N0} books, {printer.Events:N0} events, {handler.MalformedFrames:N0} malformed frames" +
                             (archiveRoot is null ? string.Empty : $", {files.Count} archive file(s) written"));
            return ArchiverCli.ExitOk;
        });
        return command;
    }
}
