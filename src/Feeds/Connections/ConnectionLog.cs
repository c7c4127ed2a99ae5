using Microsoft.Extensions.Logging;

namespace Archiver.Feeds.Connections;

/// <summary>The connections' log messages, with stable event ids (3100–3199) that operators can alert on.</summary>
internal static partial class ConnectionLog
{
    [LoggerMessage(3100, LogLevel.Debug, "{Connection} connecting to {Uri}")]
    public static partial void Connecting(ILogger logger, string connection, Uri uri);

    [LoggerMessage(3101, LogLevel.Information, "{Connection} connected (outage {OutageMs} ms)")]
    public static partial void Connected(ILogger logger, string connection, long outageMs);

    [LoggerMessage(3102, LogLevel.Warning, "{Connection} could not connect: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string connection, string reason);

    [LoggerMessage(3103, LogLevel.Warning, "{Connection} lost: {Reason}")]
    public static partial void Disconnected(ILogger logger, string connection, string reason);

    [LoggerMessage(3104, LogLevel.Information, "{Connection} reconnecting in {DelayMs} ms (attempt {Attempt})")]
    public static partial void Reconnecting(ILogger logger, string connection, long delayMs, int attempt);

    [LoggerMessage(3105, LogLevel.Information, "{Connection} subscribed {Streams} streams with {Messages} messages")]
    public static partial void Subscribed(ILogger logger, string connection, int streams, int messages);

    [LoggerMessage(3106, LogLevel.Information, "{Connection} resubscribing {Stream}: {Reason}")]
    public static partial void Resubscribing(ILogger logger, string connection, string stream, string reason);

    [LoggerMessage(3107, LogLevel.Debug, "{Connection} dropped a resubscribe of {Stream} ({Reason}): the last one was {SinceMs} ms ago")]
    public static partial void ResubscribeThrottled(ILogger logger, string connection, string stream, string reason, long sinceMs);

    [LoggerMessage(3108, LogLevel.Warning, "{Connection} skipped a {Kind} message of {Bytes} bytes")]
    public static partial void MessageSkipped(ILogger logger, string connection, FrameReadKind kind, long bytes);

    [LoggerMessage(3109, LogLevel.Error, "{Connection} frame handler failed")]
    public static partial void HandlerFailed(ILogger logger, string connection, Exception exception);

    [LoggerMessage(3110, LogLevel.Warning, "{Stream} stale: {Reason}")]
    public static partial void StreamStale(ILogger logger, string stream, string reason);

    [LoggerMessage(3111, LogLevel.Information, "{Connection} rotating: opening {Replacement} before the exchange closes it")]
    public static partial void RotationStarted(ILogger logger, string connection, string replacement);

    [LoggerMessage(3112, LogLevel.Information, "{Connection} replaced by {Replacement} (ready: {Ready})")]
    public static partial void Rotated(ILogger logger, string connection, string replacement, bool ready);

    [LoggerMessage(3113, LogLevel.Warning, "{Connection} rotation abandoned: {Replacement} did not connect within {TimeoutMs} ms; retrying later")]
    public static partial void RotationAbandoned(ILogger logger, string connection, string replacement, long timeoutMs);

    [LoggerMessage(3114, LogLevel.Debug, "{Connection} closed: {Reason}")]
    public static partial void Closed(ILogger logger, string connection, string reason);
}
