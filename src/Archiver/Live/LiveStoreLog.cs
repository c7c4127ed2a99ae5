using Microsoft.Extensions.Logging;

namespace Archiver.Cli.Live;

/// <summary>The live store's messages (event ids 1400–1499, next to <see cref="Hosting.ArchiverLog"/>'s ranges).</summary>
internal static partial class LiveStoreLog
{
    [LoggerMessage(EventId = 1401, EventName = "LiveStoreOpened", Level = LogLevel.Information,
        Message = "Live store at {Root}: trades, 1-minute bars and quotes every {FlushMs} ms, {Aggregations} aggregation rule(s)")]
    public static partial void Opened(ILogger logger, string root, long flushMs, int aggregations);

    [LoggerMessage(EventId = 1402, EventName = "LiveRecordsDropped", Level = LogLevel.Warning,
        Message = "{Dropped} live record(s) dropped for the store since the last report (queue of {Capacity} full, {Total} in all); the archive keeps them")]
    public static partial void Dropped(ILogger logger, long dropped, int capacity, long total);

    [LoggerMessage(EventId = 1403, EventName = "LiveStoreWriteFailed", Level = LogLevel.Error,
        Message = "Writing live records to the store failed ({Failures} failed flush(es), {Lost} record(s) not stored in all; the archive keeps them): {Error}")]
    public static partial void WriteFailed(ILogger logger, long failures, long lost, string error);

    [LoggerMessage(EventId = 1404, EventName = "LiveBucketRefused", Level = LogLevel.Error,
        Message = "{Symbol}: {Problem}; its live records are not written to the store")]
    public static partial void BucketRefused(ILogger logger, string symbol, string problem);

    [LoggerMessage(EventId = 1405, EventName = "LiveStoreDrained", Level = LogLevel.Information,
        Message = "Live store writer drained: {Ticks} ticks, {Bars} bar writes, {Quotes} quotes stored; {Dropped} dropped, {Lost} lost in failed writes; {ReadBacks} bar computation(s) read stored ticks back")]
    public static partial void Drained(ILogger logger, long ticks, long bars, long quotes, long dropped, long lost, long readBacks);

    [LoggerMessage(EventId = 1406, EventName = "StoreServerMissing", Level = LogLevel.Warning,
        Message = "Archiver:Store:Server:Enabled is true but this build has no MarketStore server; live records go to the store only")]
    public static partial void ServerMissing(ILogger logger);

    [LoggerMessage(EventId = 1407, EventName = "LiveStoreClosed", Level = LogLevel.Information, Message = "Live store at {Root} closed")]
    public static partial void Closed(ILogger logger, string root);
}
