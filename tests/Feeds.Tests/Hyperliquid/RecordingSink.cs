using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Hyperliquid;

/// <summary>A sink that copies every record it receives (the feed reuses its book snapshots).</summary>
internal sealed class RecordingSink : IFeedSink
{
    public List<Trade> Trades { get; } = [];

    public List<BookRecord> Books { get; } = [];

    public List<FeedEvent> Events { get; } = [];

    public void OnTrade(in Trade trade) => Trades.Add(trade);

    public void OnBook(BookSnapshot book) => Books.Add(BookRecord.CopyOf(book));

    public void OnEvent(FeedEvent feedEvent) => Events.Add(feedEvent);

    public void Clear()
    {
        Trades.Clear();
        Books.Clear();
        Events.Clear();
    }
}
