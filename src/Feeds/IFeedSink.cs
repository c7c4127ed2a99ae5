using Archiver.Feeds.Model;

namespace Archiver.Feeds;

/// <summary>
/// Receives normalized records from a feed, on the thread that reads the connection. Implementations must be quick
/// (hand records to a queue or journal) and must copy a <see cref="BookSnapshot"/> before returning: the feed reuses it.
/// </summary>
public interface IFeedSink
{
    void OnTrade(in Trade trade);

    void OnBook(BookSnapshot book);

    void OnEvent(FeedEvent feedEvent);
}
