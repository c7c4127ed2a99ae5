using System.Globalization;
using Archiver.Feeds;
using Archiver.Feeds.Model;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Metadata;

namespace Archiver.Cli.Commands;

/// <summary>Prints normalized records one per line, with ISO-8601 UTC times, and counts them.</summary>
internal sealed class PrintingFeedSink(TextWriter output) : IFeedSink
{
    public long Trades { get; private set; }

    public long Books { get; private set; }

    public long Events { get; private set; }

    public void OnTrade(in Trade trade)
    {
        Trades++;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trade {Time(trade.ExchangeTimeMicros)} recv {Time(trade.ReceiveTimeMicros)} {trade.Symbol} {trade.Side.ToString().ToLowerInvariant()} {trade.Size:R}@{trade.Price:R} id={trade.Id} flags={trade.Flags}"));
    }

    public void OnBook(BookSnapshot book)
    {
        Books++;
        var bid = book.BidCount > 0 ? string.Create(CultureInfo.InvariantCulture, $"{book.BidSizes[0]:R}@{book.BidPrices[0]:R}") : "-";
        var ask = book.AskCount > 0 ? string.Create(CultureInfo.InvariantCulture, $"{book.AskSizes[0]:R}@{book.AskPrices[0]:R}") : "-";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"book {Time(book.ExchangeTimeMicros)} recv {Time(book.ReceiveTimeMicros)} {book.Symbol} u={book.UpdateId} pu={book.PreviousUpdateId} bid {bid} ask {ask} levels={book.BidCount}/{book.AskCount} flags={book.Flags}"));
    }

    public void OnEvent(FeedEvent feedEvent)
    {
        Events++;
        output.WriteLine($"event {Time(feedEvent.TimeMicros)} {feedEvent}");
    }

    private static string Time(long micros) => ValueFormatter.FormatTimestamp(micros, TimeUnit.Micros);
}
