using Archiver.Feeds;

namespace Archiver.Cli.Archiving;

/// <summary>
/// Receives the records of every feed and makes them durable in the journal of the open hour (group commit at least
/// every second). Thread-safe: each exchange's feed calls it from its own thread.
/// </summary>
public interface IArchiveRecorder : IFeedSink, IAsyncDisposable
{
    /// <summary>Makes everything recorded so far durable now (on shutdown).</summary>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>Counters for the periodic statistics line.</summary>
    ArchiveStatistics Statistics { get; }
}
