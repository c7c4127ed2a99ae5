using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Connections;

/// <summary>Keeps every event and counts records.</summary>
internal sealed class RecordingSink : IFeedSink
{
    private long _trades;
    private long _books;

    public Observed<FeedEvent> Events { get; } = new();

    public long Trades => Interlocked.Read(ref _trades);

    public long Books => Interlocked.Read(ref _books);

    public void OnTrade(in Trade trade) => Interlocked.Increment(ref _trades);

    public void OnBook(BookSnapshot book) => Interlocked.Increment(ref _books);

    public void OnEvent(FeedEvent feedEvent) => Events.Add(feedEvent);

    public IReadOnlyList<FeedEvent> Of(FeedEventKind kind) => Events.Snapshot().Where(e => e.Kind == kind).ToArray();
}
