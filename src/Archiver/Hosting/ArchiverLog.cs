using Microsoft.Extensions.Logging;

namespace Archiver.Cli.Hosting;

/// <summary>
/// Every message of <c>archiver run</c>, with stable event ids operators can alert on:
/// 1001–1009 feed events (1000 + <see cref="Feeds.Model.FeedEventKind"/>), 1100–1199 the host and the feeds' lifecycle,
/// 1200–1299 scheduled jobs, 1300–1399 statistics, 1400–1499 the live store (<see cref="Live.LiveStoreLog"/>).
/// </summary>
internal static partial class ArchiverLog
{
    // Feed events: 1000 + FeedEventKind, so the id says the kind.
    [LoggerMessage(EventId = 1001, EventName = "FeedConnected", Level = LogLevel.Information, Message = "{Exchange} connected: {Detail}")]
    public static partial void FeedConnected(ILogger logger, string exchange, string detail);

    [LoggerMessage(EventId = 1002, EventName = "FeedDisconnected", Level = LogLevel.Warning, Message = "{Exchange} disconnected ({Stream}): {Detail}")]
    public static partial void FeedDisconnected(ILogger logger, string exchange, string stream, string detail);

    [LoggerMessage(EventId = 1003, EventName = "FeedSubscribed", Level = LogLevel.Debug, Message = "{Exchange} subscribed {Stream}: {Detail}")]
    public static partial void FeedSubscribed(ILogger logger, string exchange, string stream, string detail);

    [LoggerMessage(EventId = 1004, EventName = "StreamStale", Level = LogLevel.Warning, Message = "{Exchange} {Stream} is stale, resubscribing: {Detail}")]
    public static partial void StreamStale(ILogger logger, string exchange, string stream, string detail);

    [LoggerMessage(EventId = 1005, EventName = "GapDetected", Level = LogLevel.Warning, Message = "{Exchange} {Stream} gap of {GapMs} ms: {Detail}")]
    public static partial void GapDetected(ILogger logger, string exchange, string stream, long gapMs, string detail);

    [LoggerMessage(EventId = 1006, EventName = "Resynced", Level = LogLevel.Information, Message = "{Exchange} {Stream} resynced: {Detail}")]
    public static partial void Resynced(ILogger logger, string exchange, string stream, string detail);

    [LoggerMessage(EventId = 1007, EventName = "MalformedFrame", Level = LogLevel.Warning, Message = "{Exchange} {Stream} malformed frame skipped: {Detail}")]
    public static partial void MalformedFrame(ILogger logger, string exchange, string stream, string detail);

    [LoggerMessage(EventId = 1008, EventName = "ExchangeError", Level = LogLevel.Error, Message = "{Exchange} {Stream} exchange error: {Detail}")]
    public static partial void ExchangeError(ILogger logger, string exchange, string stream, string detail);

    [LoggerMessage(EventId = 1009, EventName = "ConnectionRotated", Level = LogLevel.Information, Message = "{Exchange} connection rotated: {Detail}")]
    public static partial void ConnectionRotated(ILogger logger, string exchange, string detail);

    // Host and feeds lifecycle.
    [LoggerMessage(EventId = 1101, EventName = "FeedStarting", Level = LogLevel.Information,
        Message = "Archiving {Exchange} {Symbols} ({Kinds}, depth {Depth}) from {Endpoint}")]
    public static partial void FeedStarting(ILogger logger, string exchange, string symbols, string kinds, int depth, Uri endpoint);

    [LoggerMessage(EventId = 1102, EventName = "SimulatorStarted", Level = LogLevel.Information, Message = "Simulator serving {Exchange} {Symbols} at {Endpoint}")]
    public static partial void SimulatorStarted(ILogger logger, string exchange, string symbols, Uri endpoint);

    [LoggerMessage(EventId = 1103, EventName = "FeedsStopping", Level = LogLevel.Information, Message = "Stopping {Count} feeds")]
    public static partial void FeedsStopping(ILogger logger, int count);

    [LoggerMessage(EventId = 1104, EventName = "FeedsStopTimedOut", Level = LogLevel.Warning, Message = "The feeds did not stop within the shutdown timeout; flushing what was recorded")]
    public static partial void FeedsStopTimedOut(ILogger logger);

    [LoggerMessage(EventId = 1105, EventName = "RecorderFlushed", Level = LogLevel.Information, Message = "Feeds stopped; everything recorded is durable (flush took {ElapsedMs} ms)")]
    public static partial void RecorderFlushed(ILogger logger, long elapsedMs);

    [LoggerMessage(EventId = 1106, EventName = "SimulatorStopped", Level = LogLevel.Information, Message = "Simulator stopped")]
    public static partial void SimulatorStopped(ILogger logger);

    [LoggerMessage(EventId = 1107, EventName = "FeedFailed", Level = LogLevel.Critical, Message = "The {Exchange} feed failed; stopping the archiver")]
    public static partial void FeedFailed(ILogger logger, string exchange, Exception exception);

    // Scheduled jobs.
    [LoggerMessage(EventId = 1201, EventName = "HourCloseCompleted", Level = LogLevel.Information,
        Message = "Hour close ({Firing}) wrote {Files} archive files in {ElapsedMs} ms")]
    public static partial void HourCloseCompleted(ILogger logger, string firing, int files, long elapsedMs);

    [LoggerMessage(EventId = 1202, EventName = "HourCloseFailed", Level = LogLevel.Error,
        Message = "Hour close ({Firing}) failed after {ElapsedMs} ms; the hours stay in the journal and the next run retries them")]
    public static partial void HourCloseFailed(ILogger logger, string firing, long elapsedMs, Exception exception);

    [LoggerMessage(EventId = 1203, EventName = "HourCloseCancelled", Level = LogLevel.Information, Message = "Hour close ({Firing}) cancelled by shutdown")]
    public static partial void HourCloseCancelled(ILogger logger, string firing);

    [LoggerMessage(EventId = 1204, EventName = "HourCloseScheduled", Level = LogLevel.Information,
        Message = "Hour close scheduled at cron '{Cron}' (UTC, CloseGrace {Grace} after every hour), plus one run at start-up")]
    public static partial void HourCloseScheduled(ILogger logger, string cron, TimeSpan grace);

    // Statistics.
    [LoggerMessage(EventId = 1301, EventName = "ExchangeStatistics", Level = LogLevel.Information,
        Message = "{Exchange}: {TradesPerSecond:F1} trades/s, {BooksPerSecond:F1} books/s, lag {LagMs:F1} ms, {PendingRecords} pending, journal {JournalMegabytes:F1} MB, {Events} events")]
    public static partial void ExchangeStatistics(ILogger logger, string exchange, double tradesPerSecond, double booksPerSecond, double lagMs,
        long pendingRecords, double journalMegabytes, long events);
}
