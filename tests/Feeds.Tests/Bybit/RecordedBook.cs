using System.Globalization;
using System.Text;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Bybit;

/// <summary>A copy of an emitted <see cref="BookSnapshot"/>, with the levels as "price@size" text for exact comparison.</summary>
internal sealed record RecordedBook(
    string Symbol,
    long ExchangeTimeMicros,
    long? TransactionTimeMicros,
    long ReceiveTimeMicros,
    long? UpdateId,
    long? PreviousUpdateId,
    long? Sequence,
    BookFlags Flags,
    string Bids,
    string Asks)
{
    public static RecordedBook From(BookSnapshot book) => new(
        book.Symbol,
        book.ExchangeTimeMicros,
        book.TransactionTimeMicros,
        book.ReceiveTimeMicros,
        book.UpdateId,
        book.PreviousUpdateId,
        book.Sequence,
        book.Flags,
        Levels(book.BidPrices, book.BidSizes, book.BidCount),
        Levels(book.AskPrices, book.AskSizes, book.AskCount));

    private static string Levels(double[] prices, double[] sizes, int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0) text.Append(' ');
            text.Append(prices[i].ToString(CultureInfo.InvariantCulture)).Append('@').Append(sizes[i].ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
