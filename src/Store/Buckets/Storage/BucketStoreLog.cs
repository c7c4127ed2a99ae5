using Microsoft.Extensions.Logging;

namespace Archiver.Store.Buckets.Storage;

/// <summary>The store engine's log messages.</summary>
internal static partial class BucketStoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Store {Root}: recovered {Transactions} logged transactions")]
    public static partial void Recovered(ILogger logger, string root, int transactions);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Store log {Path}: dropped a torn or corrupt tail of {Bytes} bytes")]
    public static partial void TornTail(ILogger logger, string path, long bytes);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Bucket {Key} is unusable: {Reason}")]
    public static partial void BrokenBucket(ILogger logger, string key, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Write observer {Observer} failed after a write to {Key}")]
    public static partial void ObserverFailed(ILogger logger, Exception exception, string observer, string key);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Store checkpoint failed")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Store directory {Path} ignored: {Reason}")]
    public static partial void SkippedDirectory(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "Logged write to {Key} not replayed: {Reason}")]
    public static partial void ReplaySkipped(ILogger logger, string key, string reason);
}
