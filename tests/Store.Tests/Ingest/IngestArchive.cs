using Archiver.Store.Archive;
using Archiver.Store.Tests.TestSupport;

namespace Archiver.Store.Tests.Ingest;

/// <summary>Archive files for ingest tests: trades with explicit exchange times, books described by their best levels.</summary>
internal static class IngestArchive
{
    /// <summary>One trade: receive and exchange time in µs since the epoch.</summary>
    public sealed record Trade(long Ts, long ExchTs, double Price, double Size, string Side, string Id = "t");

    /// <summary>One book snapshot's best levels (null = empty side).</summary>
    public sealed record Quote(long Ts, long ExchTs, double? BidPx, double? BidSz, double? AskPx, double? AskSz);

    public static readonly ArchiveFileKey Binance = new("binance", "BTCUSDT", ArchiveKind.Trades);

    private static readonly ArchiveFileWriting.TradeColumns<Trade> TradeColumns =
        new(r => r.Ts, r => r.ExchTs, r => r.Price, r => r.Size, r => r.Side, r => r.Id, _ => 0);

    // Levels below the best are the best plus 1000, so a reader that took the wrong level would show it.
    private static readonly ArchiveFileWriting.BookColumns<Quote> QuoteColumns =
        new(r => r.Ts, r => r.ExchTs, _ => 7, _ => 6,
            (r, i) => Level(r.BidPx, i), (r, i) => Level(r.BidSz, i), (r, i) => Level(r.AskPx, i), (r, i) => Level(r.AskSz, i));

    public static long Micros(string hour, double seconds) => ArchiveHour.Parse(hour).StartMicros + (long)Math.Round(seconds * 1_000_000);

    /// <summary>Writes the trades (in the given order) as <paramref name="key"/>'s file for <paramref name="hour"/>.</summary>
    public static string WriteTrades(string root, ArchiveFileKey key, string hour, IReadOnlyList<Trade> rows, int rowsPerGroup = 1000) =>
        ArchiveFileWriting.WriteTrades(root, key, hour, rows, TradeColumns,
            ArchiveSchemas.WriterOptions with { MaxRowsPerRowGroup = rowsPerGroup, OverwriteExisting = true });

    /// <summary>Writes an l2book file whose best levels are the quotes (deeper levels filled with other values).</summary>
    public static string WriteBooks(string root, ArchiveFileKey key, string hour, IReadOnlyList<Quote> rows) =>
        ArchiveFileWriting.WriteBooks(root, key, hour, rows, QuoteColumns, ArchiveSchemas.WriterOptions with { OverwriteExisting = true });

    private static double? Level(double? best, int depth) => depth == 0 ? best : best + 1000;
}
