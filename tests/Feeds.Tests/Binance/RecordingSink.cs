using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Binance;

/// <summary>Keeps everything a handler emits, in order: <see cref="RecordedBook"/>s, <see cref="Trade"/>s and <see cref="FeedEvent"/>s.</summary>
internal sealed class RecordingSink : IFeedSink
{
    public List<object> Records { get; } = [];

    public IReadOnlyList<RecordedBook> Books => Records.OfType<RecordedBook>().ToList();

    public IReadOnlyList<Trade> Trades => Records.OfType<Trade>().ToList();

    public IReadOnlyList<FeedEvent> Events => Records.OfType<FeedEvent>().ToList();

    public void OnBook(BookSnapshot book) => Records.Add(RecordedBook.Copy(book));

    public void OnTrade(in Trade trade) => Records.Add(trade);

    public void OnEvent(FeedEvent feedEvent) => Records.Add(feedEvent);
}
