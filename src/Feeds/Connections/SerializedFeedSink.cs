using Archiver.Feeds.Model;

namespace Archiver.Feeds.Connections;

/// <summary>
/// Passes everything to a sink under the feed's lock, so the sink is called by one thread at a time although several
/// connections, timers and watchdogs report to it. The lock is reentrant: a handler already holding it may report.
/// </summary>
internal sealed class SerializedFeedSink(IFeedSink inner, Lock gate) : IFeedSink
{
    public void OnTrade(in Trade trade)
    {
        lock (gate) inner.OnTrade(in trade);
    }

    public void OnBook(BookSnapshot book)
    {
        lock (gate) inner.OnBook(book);
    }

    public void OnEvent(FeedEvent feedEvent)
    {
        lock (gate) inner.OnEvent(feedEvent);
    }
}
