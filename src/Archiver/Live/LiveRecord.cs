using Archiver.Feeds.Model;

namespace Archiver.Cli.Live;

/// <summary>
/// The few fields of a trade or a top-of-book the live store writer keeps, copied on the feed thread into the
/// <see cref="LiveRecordQueue"/>. For a trade, <see cref="Price"/>/<see cref="Size"/> are the trade's and
/// <see cref="IdHash"/> identifies it (with the exchange time) like the archive's duplicate check; for a quote they are
/// the best bid and <see cref="AskPrice"/>/<see cref="AskSize"/> the best ask (NaN for an empty side).
/// </summary>
internal struct LiveRecord
{
    public LiveRecordKind Kind;
    public ExchangeId Exchange;

    /// <summary>+1 buy, -1 sell, 0 unknown (the tick bucket's Side values).</summary>
    public sbyte Side;

    public TradeFlags Flags;

    /// <summary>The feed's ticker (the same string instance for every record of a stream).</summary>
    public string Symbol;

    public long ExchangeMicros;
    public long ReceiveMicros;
    public double Price;
    public double Size;
    public double AskPrice;
    public double AskSize;
    public ulong IdHash;
}
