using Archiver.Feeds.Model;

namespace Archiver.Feeds.Binance;

/// <summary>What a handler remembers about one symbol's book and trade streams between frames.</summary>
internal sealed class BinanceSymbolState
{
    public const long None = -1;

    public BinanceSymbolState(string symbol)
    {
        Symbol = symbol;
    }

    public string Symbol { get; }

    /// <summary>The book stream and its reused snapshot, when the symbol's book is subscribed.</summary>
    public StreamKey? BookStream { get; set; }

    public BookSnapshot? Book { get; set; }

    /// <summary>The trade stream, when the symbol's trades are subscribed.</summary>
    public StreamKey? TradeStream { get; set; }

    /// <summary><c>u</c> of the last emitted book, or <see cref="None"/>.</summary>
    public long LastUpdateId { get; set; } = None;

    /// <summary>Exchange time of the last emitted book, µs.</summary>
    public long LastBookMicros { get; set; }

    /// <summary>Flags the next emitted book carries (set by creation, connects and outages).</summary>
    public BookFlags PendingBookFlags { get; set; } = BookFlags.FirstAfterSync;

    /// <summary>Highest trade id seen (emitted or dropped as a zero-price frame), or <see cref="None"/>.</summary>
    public long LastTradeId { get; set; } = None;

    /// <summary>Exchange time of the last trade id seen, µs.</summary>
    public long LastTradeMicros { get; set; }

    /// <summary>Flags the next emitted trade carries.</summary>
    public TradeFlags PendingTradeFlags { get; set; }
}
