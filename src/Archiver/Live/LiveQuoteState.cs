namespace Archiver.Cli.Live;

/// <summary>
/// The last quote queued for one book stream, used on that stream's feed thread only (a feed calls its sink from one
/// thread at a time) to write a quote only when the top of book changed and the quote interval has passed.
/// </summary>
internal sealed class LiveQuoteState
{
    public bool Any;
    public long ExchangeMicros;
    public double BidPrice;
    public double BidSize;
    public double AskPrice;
    public double AskSize;

    /// <summary>Whether a top of book differs from the last one queued (NaN equals NaN: an empty side stays empty).</summary>
    public bool Differs(double bidPrice, double bidSize, double askPrice, double askSize) =>
        !Any || !Same(BidPrice, bidPrice) || !Same(BidSize, bidSize) || !Same(AskPrice, askPrice) || !Same(AskSize, askSize);

    private static bool Same(double a, double b) => a.Equals(b);
}
