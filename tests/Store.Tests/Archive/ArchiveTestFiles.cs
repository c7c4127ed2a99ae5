using Archiver.Store.Archive;
using Archiver.Store.Tests.TestSupport;

namespace Archiver.Store.Tests.Archive;

/// <summary>Small archive files (trades, l2book) for the layout and loader tests, with the archive's footer metadata.</summary>
internal static class ArchiveTestFiles
{
    public sealed record Trade(long Ts, double Price, double Size, string Side, string TradeId, int Flags)
    {
        public long ExchTs => Ts - 1_500;
    }

    /// <summary>One book snapshot; null levels are missing (a thin book).</summary>
    public sealed record Book(long Ts, long? UpdateId, double?[] BidPx, double?[] BidSz, double?[] AskPx, double?[] AskSz);

    private static readonly ArchiveFileWriting.TradeColumns<Trade> TradeColumns =
        new(r => r.Ts, r => r.ExchTs, r => r.Price, r => r.Size, r => r.Side, r => r.TradeId, r => r.Flags);

    private static readonly ArchiveFileWriting.BookColumns<Book> BookColumns =
        new(r => r.Ts, r => r.Ts - 900, r => r.UpdateId, r => r.UpdateId - 1,
            (r, i) => r.BidPx[i], (r, i) => r.BidSz[i], (r, i) => r.AskPx[i], (r, i) => r.AskSz[i]);

    /// <summary>µs since the epoch of <paramref name="hour"/> plus an offset in µs.</summary>
    public static long At(string hour, long offsetMicros = 0) => ArchiveHour.Parse(hour).StartMicros + offsetMicros;

    public static string WriteTrades(string root, ArchiveFileKey key, string hour, IReadOnlyList<Trade> rows, int rowsPerGroup = 3) =>
        ArchiveFileWriting.WriteTrades(root, key, hour, rows, TradeColumns, ArchiveSchemas.WriterOptions with { MaxRowsPerRowGroup = rowsPerGroup },
            new Dictionary<string, string> { [ArchiveSchemas.Keys.Exchange] = key.Exchange, [ArchiveSchemas.Keys.Symbol] = key.Ticker, [ArchiveSchemas.Keys.Hour] = hour });

    public static string WriteBooks(string root, ArchiveFileKey key, string hour, IReadOnlyList<Book> rows) =>
        ArchiveFileWriting.WriteBooks(root, key, hour, rows, BookColumns, ArchiveSchemas.WriterOptions);
}
