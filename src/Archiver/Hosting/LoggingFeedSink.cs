using Archiver.Cli.Archiving;
using Archiver.Feeds;
using Archiver.Feeds.Model;
using Microsoft.Extensions.Logging;

namespace Archiver.Cli.Hosting;

/// <summary>
/// Sits between the feeds and the recorder: records pass straight through; every <see cref="FeedEvent"/> is handed
/// to the recorder first (it archives gaps), then counted in <see cref="ArchiveStatistics"/> and logged with the
/// event id of its kind (<see cref="ArchiverLog"/>).
/// </summary>
internal sealed class LoggingFeedSink(IFeedSink inner, ArchiveStatistics statistics, ILogger logger) : IFeedSink
{
    public void OnTrade(in Trade trade) => inner.OnTrade(in trade);

    public void OnBook(BookSnapshot book) => inner.OnBook(book);

    public void OnEvent(FeedEvent feedEvent)
    {
        ArgumentNullException.ThrowIfNull(feedEvent);
        inner.OnEvent(feedEvent);
        statistics.For(feedEvent.Exchange).AddEvent();
        Log(feedEvent);
    }

    private void Log(FeedEvent e)
    {
        var exchange = e.Exchange.ToString().ToLowerInvariant();
        var stream = e.Stream?.ToString() ?? "connection";
        switch (e.Kind)
        {
            case FeedEventKind.Connected: ArchiverLog.FeedConnected(logger, exchange, e.Detail); break;
            case FeedEventKind.Disconnected: ArchiverLog.FeedDisconnected(logger, exchange, stream, e.Detail); break;
            case FeedEventKind.Subscribed: ArchiverLog.FeedSubscribed(logger, exchange, stream, e.Detail); break;
            case FeedEventKind.StreamStale: ArchiverLog.StreamStale(logger, exchange, stream, e.Detail); break;
            case FeedEventKind.GapDetected: ArchiverLog.GapDetected(logger, exchange, stream, e.DurationMicros / 1000, e.Detail); break;
            case FeedEventKind.Resynced: ArchiverLog.Resynced(logger, exchange, stream, e.Detail); break;
            case FeedEventKind.MalformedFrame: ArchiverLog.MalformedFrame(logger, exchange, stream, e.Detail); break;
            case FeedEventKind.ExchangeError: ArchiverLog.ExchangeError(logger, exchange, stream, e.Detail); break;
            case FeedEventKind.Rotated: ArchiverLog.ConnectionRotated(logger, exchange, e.Detail); break;
            default: ArchiverLog.ExchangeError(logger, exchange, stream, $"unknown event kind {e.Kind}: {e.Detail}"); break;
        }
    }
}
