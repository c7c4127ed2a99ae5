namespace Archiver.Feeds.Model;

/// <summary>
/// One normalized trade. A struct passed by reference to <see cref="IFeedSink.OnTrade"/>, so parsing a trade allocates
/// nothing. Times are integer microseconds since the Unix epoch, UTC.
/// </summary>
public struct Trade
{
    public ExchangeId Exchange;

    /// <summary>The symbol as configured (the archive ticker), the same string instance for every trade.</summary>
    public string Symbol;

    /// <summary>When the exchange matched the trade (Binance <c>T</c>, Bybit <c>T</c>, Hyperliquid <c>time</c>), µs UTC.</summary>
    public long ExchangeTimeMicros;

    /// <summary>When this process received the frame, µs UTC.</summary>
    public long ReceiveTimeMicros;

    public double Price;

    /// <summary>Size in base units.</summary>
    public double Size;

    public TakerSide Side;

    public TradeId Id;

    public TradeFlags Flags;

    public override readonly string ToString() =>
        $"{Exchange} {Symbol} trade {Id} {Side} {Size}@{Price} exch={ExchangeTimeMicros} recv={ReceiveTimeMicros} flags={Flags}";
}
