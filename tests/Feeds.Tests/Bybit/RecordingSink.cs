using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Bybit;

/// <summary>Keeps copies of everything a handler emits, in order.</summary>
internal sealed class RecordingSink : IFeedSink
{
    public List<RecordedBook> Books { get; } = [];

    public List<Trade> Trades { get; } = [];

    public List<FeedEvent> Events { get; } = [];

    /// <summary>Every record in arrival order (books, trades and events).</summary>
    public List<object> All { get; } = [];

    public void OnBook(BookSnapshot book)
    {
        var copy = RecordedBook.From(book);
        Books.Add(copy);
        All.Add(copy);
    }

    public void OnTrade(in Trade trade)
    {
        Trades.Add(trade);
        All.Add(trade);
    }

    public void OnEvent(FeedEvent feedEvent)
    {
        Events.Add(feedEvent);
        All.Add(feedEvent);
    }

    public void Clear()
    {
        Books.Clear();
        Trades.Clear();
        Events.Clear();
        All.Clear();
    }
}
