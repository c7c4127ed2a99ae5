namespace Archiver.Feeds.Model;

/// <summary>
/// A depth-N book snapshot: up to <see cref="Depth"/> levels per side, best first. One instance per stream is reused
/// for every snapshot, so a receiver of <see cref="IFeedSink.OnBook"/> must copy what it keeps before returning.
/// Times are integer microseconds since the Unix epoch, UTC.
/// </summary>
public sealed class BookSnapshot
{
    public BookSnapshot(ExchangeId exchange, string symbol, int depth)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        Exchange = exchange;
        Symbol = symbol;
        Depth = depth;
        BidPrices = new double[depth];
        BidSizes = new double[depth];
        AskPrices = new double[depth];
        AskSizes = new double[depth];
    }

    public ExchangeId Exchange { get; }

    public string Symbol { get; }

    /// <summary>Levels kept per side.</summary>
    public int Depth { get; }

    /// <summary>Exchange event time (Binance <c>E</c>, Bybit <c>ts</c>, Hyperliquid <c>time</c>).</summary>
    public long ExchangeTimeMicros { get; set; }

    /// <summary>Matching-engine time (Binance <c>T</c>, Bybit <c>cts</c>), or null.</summary>
    public long? TransactionTimeMicros { get; set; }

    /// <summary>When this process received the frame.</summary>
    public long ReceiveTimeMicros { get; set; }

    /// <summary>The exchange's update id (Binance <c>u</c>, Bybit <c>u</c>), or null.</summary>
    public long? UpdateId { get; set; }

    /// <summary>The previous update id (Binance <c>pu</c>, Bybit's previously applied <c>u</c>), or null.</summary>
    public long? PreviousUpdateId { get; set; }

    /// <summary>Cross sequence (Bybit <c>seq</c>), or null.</summary>
    public long? Sequence { get; set; }

    public BookFlags Flags { get; set; }

    /// <summary>Bid levels present (≤ <see cref="Depth"/>).</summary>
    public int BidCount { get; set; }

    /// <summary>Ask levels present (≤ <see cref="Depth"/>).</summary>
    public int AskCount { get; set; }

    public double[] BidPrices { get; }

    public double[] BidSizes { get; }

    public double[] AskPrices { get; }

    public double[] AskSizes { get; }

    /// <summary>Whether the best bid is below the best ask (an empty side counts as not crossed).</summary>
    public bool IsCrossed => BidCount > 0 && AskCount > 0 && BidPrices[0] >= AskPrices[0];

    /// <summary>Resets every field except the identity, for the next snapshot.</summary>
    public void Clear()
    {
        ExchangeTimeMicros = 0;
        TransactionTimeMicros = null;
        ReceiveTimeMicros = 0;
        UpdateId = null;
        PreviousUpdateId = null;
        Sequence = null;
        Flags = BookFlags.None;
        BidCount = 0;
        AskCount = 0;
    }

    public override string ToString() =>
        $"{Exchange} {Symbol} book u={UpdateId} pu={PreviousUpdateId} bids={BidCount} asks={AskCount} " +
        $"best={(BidCount > 0 ? BidPrices[0] : double.NaN)}/{(AskCount > 0 ? AskPrices[0] : double.NaN)} exch={ExchangeTimeMicros} recv={ReceiveTimeMicros} flags={Flags}";
}
