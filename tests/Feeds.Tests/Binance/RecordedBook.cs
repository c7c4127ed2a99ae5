using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Binance;

/// <summary>A copy of a <see cref="BookSnapshot"/> as the sink saw it (the feed reuses the snapshot).</summary>
internal sealed record RecordedBook(
    string Symbol,
    long ExchangeTimeMicros,
    long? TransactionTimeMicros,
    long ReceiveTimeMicros,
    long? UpdateId,
    long? PreviousUpdateId,
    BookFlags Flags,
    double[] BidPrices,
    double[] BidSizes,
    double[] AskPrices,
    double[] AskSizes)
{
    public static RecordedBook Copy(BookSnapshot book) => new(
        book.Symbol,
        book.ExchangeTimeMicros,
        book.TransactionTimeMicros,
        book.ReceiveTimeMicros,
        book.UpdateId,
        book.PreviousUpdateId,
        book.Flags,
        book.BidPrices[..book.BidCount],
        book.BidSizes[..book.BidCount],
        book.AskPrices[..book.AskCount],
        book.AskSizes[..book.AskCount]);
}
