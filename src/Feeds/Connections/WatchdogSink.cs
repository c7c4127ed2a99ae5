using Archiver.Feeds.Model;

namespace Archiver.Feeds.Connections;

/// <summary>Passes records on, noting for the <see cref="StreamWatchdog"/> that their stream is alive.</summary>
internal sealed class WatchdogSink(StreamWatchdog watchdog, IFeedSink inner) : IFeedSink
{
    public void OnTrade(in Trade trade)
    {
        watchdog.OnTrade(trade.Symbol, trade.ReceiveTimeMicros);
        inner.OnTrade(in trade);
    }

    public void OnBook(BookSnapshot book)
    {
        watchdog.OnBook(book);
        inner.OnBook(book);
    }

    public void OnEvent(FeedEvent feedEvent) => inner.OnEvent(feedEvent);
}
