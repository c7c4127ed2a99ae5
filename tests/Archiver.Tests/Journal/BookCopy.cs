using Archiver.Feeds.Model;

namespace Archiver.Tests.Journal;

/// <summary>A book snapshot's content, compared exactly (doubles by their bits).</summary>
internal sealed record BookCopy(
    ExchangeId Exchange, string Symbol, long ExchangeTime, long? TransactionTime, long ReceiveTime, long? UpdateId, long? PreviousUpdateId,
    long? Sequence, BookFlags Flags, string Levels)
{
    public static BookCopy Of(BookSnapshot b, int? depth = null)
    {
        var bids = Math.Min(b.BidCount, depth ?? b.BidCount);
        var asks = Math.Min(b.AskCount, depth ?? b.AskCount);
        var levels = string.Join(' ', Enumerable.Range(0, bids).Select(i => $"b{Bits(b.BidPrices[i])}x{Bits(b.BidSizes[i])}")
            .Concat(Enumerable.Range(0, asks).Select(i => $"a{Bits(b.AskPrices[i])}x{Bits(b.AskSizes[i])}")));
        return new BookCopy(b.Exchange, b.Symbol, b.ExchangeTimeMicros, b.TransactionTimeMicros, b.ReceiveTimeMicros, b.UpdateId,
            b.PreviousUpdateId, b.Sequence, b.Flags, levels);
    }

    private static long Bits(double d) => BitConverter.DoubleToInt64Bits(d);
}
