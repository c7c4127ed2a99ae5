using System.Text;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Hyperliquid;

/// <summary>
/// What <see cref="HyperliquidFrameHandler"/> keeps per configured coin: its wire name, the reused book snapshot and
/// the book stream's flags, and the trade stream's backfill state and recent keys for deduplication.
/// </summary>
internal sealed class HyperliquidCoin
{
    public HyperliquidCoin(string symbol, bool hasBook, bool hasTrades, int depth, int tradeMemory)
    {
        Symbol = symbol;
        Utf8 = Encoding.UTF8.GetBytes(symbol);
        BookStream = new StreamKey(ExchangeId.Hyperliquid, symbol, StreamKind.Book);
        TradeStream = new StreamKey(ExchangeId.Hyperliquid, symbol, StreamKind.Trades);
        Book = hasBook ? new BookSnapshot(ExchangeId.Hyperliquid, symbol, depth) : null;
        RecentTrades = hasTrades ? new RecentTradeKeys(tradeMemory) : null;
        ArmBook(gapBefore: false);
        ArmTrades();
    }

    /// <summary>The configured symbol (the archive ticker), the same instance on every record.</summary>
    public string Symbol { get; }

    /// <summary>The coin as the exchange spells it on the wire.</summary>
    public byte[] Utf8 { get; }

    public StreamKey BookStream { get; }

    public StreamKey TradeStream { get; }

    /// <summary>The snapshot reused for every book of this coin, or null when its book is not subscribed.</summary>
    public BookSnapshot? Book { get; }

    /// <summary>Flags for the next emitted book (first after a sync, gap before).</summary>
    public BookFlags PendingBookFlags { get; set; }

    /// <summary>Exchange time (ms) of the last emitted book; older or equal books are dropped.</summary>
    public long LastBookMillis { get; set; } = long.MinValue;

    /// <summary>Whether the last book received was dropped as an anomaly (reported once per run).</summary>
    public bool InBookAnomaly { get; set; }

    /// <summary>The exchange acknowledged an unsubscribe of the book; the next subscribe ack starts a new sync.</summary>
    public bool BookUnsubscribed { get; set; }

    /// <summary>Keys of the recent trades, or null when trades of this coin are not subscribed.</summary>
    public RecentTradeKeys? RecentTrades { get; }

    /// <summary>The next trades batch is the server's subscribe backfill.</summary>
    public bool ExpectBackfill { get; set; }

    /// <summary>The next kept trade is the first after a (re)connect or resubscribe.</summary>
    public bool FirstTradePending { get; set; }

    /// <summary>The exchange acknowledged an unsubscribe of trades; the next subscribe ack means a new backfill.</summary>
    public bool TradesUnsubscribed { get; set; }

    /// <summary>Set on reconnect: report how the backfill that follows matched what was seen before.</summary>
    public bool ReportBackfill { get; set; }

    /// <summary>The frame number whose trades are being emitted, to classify each batch once.</summary>
    public long BatchFrame { get; set; } = -1;

    public bool BatchIsBackfill { get; set; }

    public int BatchKept { get; set; }

    public int BatchDropped { get; set; }

    public void ArmBook(bool gapBefore) =>
        PendingBookFlags |= BookFlags.FirstAfterSync | (gapBefore ? BookFlags.GapBefore : BookFlags.None);

    public void ArmTrades()
    {
        ExpectBackfill = true;
        FirstTradePending = true;
    }

    /// <summary>Whether <paramref name="wire"/> names this coin.</summary>
    public bool Matches(ReadOnlySpan<byte> wire) => wire.SequenceEqual(Utf8);
}
