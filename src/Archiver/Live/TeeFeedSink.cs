using Archiver.Feeds;
using Archiver.Feeds.Model;

namespace Archiver.Cli.Live;

/// <summary>
/// Hands every record to the archive recorder first (the record of truth) and then to the live store writer, on the
/// feed's thread. The live writer only copies into its queue, so the feed is not slowed by the store.
/// </summary>
internal sealed class TeeFeedSink(IFeedSink archive, IFeedSink live) : IFeedSink
{
    public void OnTrade(in Trade trade)
    {
        archive.OnTrade(in trade);
        live.OnTrade(in trade);
    }

    public void OnBook(BookSnapshot book)
    {
        archive.OnBook(book);
        live.OnBook(book);
    }

    public void OnEvent(FeedEvent feedEvent)
    {
        archive.OnEvent(feedEvent);
        live.OnEvent(feedEvent);
    }
}
