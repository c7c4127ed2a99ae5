using Archiver.Feeds;
using Archiver.Feeds.Model;

namespace Archiver.Tests.Journal;

/// <summary>Keeps copies of what a journal reader replays.</summary>
internal sealed class CollectingSink : IFeedSink
{
    public List<Trade> Trades { get; } = [];

    public List<BookCopy> Books { get; } = [];

    public void OnTrade(in Trade trade) => Trades.Add(trade);

    public void OnBook(BookSnapshot book) => Books.Add(BookCopy.Of(book));

    public void OnEvent(FeedEvent feedEvent) => throw new InvalidOperationException("the journal holds no events");
}
