using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Hyperliquid;

/// <summary>A copy of one emitted <see cref="BookSnapshot"/>.</summary>
internal sealed record BookRecord(
    string Symbol,
    long ExchangeTimeMicros,
    long ReceiveTimeMicros,
    long? UpdateId,
    BookFlags Flags,
    double[] BidPrices,
    double[] BidSizes,
    double[] AskPrices,
    double[] AskSizes)
{
    public static BookRecord CopyOf(BookSnapshot book) => new(
        book.Symbol,
        book.ExchangeTimeMicros,
        book.ReceiveTimeMicros,
        book.UpdateId,
        book.Flags,
        book.BidPrices.AsSpan(0, book.BidCount).ToArray(),
        book.BidSizes.AsSpan(0, book.BidCount).ToArray(),
        book.AskPrices.AsSpan(0, book.AskCount).ToArray(),
        book.AskSizes.AsSpan(0, book.AskCount).ToArray());
}
