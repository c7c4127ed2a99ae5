using Archiver.Store;
using Archiver.Store.Buckets;

namespace Archiver.Cli.Live;

/// <summary>
/// The MarketStore-compatible server as <c>archiver run</c> hosts it (<c>Archiver:Store:Server</c>): started by
/// <see cref="LiveStoreHostedService"/> once the store is open and the aggregations are registered, stopped after the
/// feeds stopped and the live writer drained, and before the store is disposed. Registered in
/// <see cref="Hosting.ArchiverHost"/> (the one place marked "INTEGRATION: MarketStoreServer").
/// </summary>
public interface ILiveStoreServer
{
    /// <summary>Starts serving <paramref name="store"/> (register <c>/ws</c> streaming as a write observer here).</summary>
    Task StartAsync(IBucketStore store, StoreOptions options, CancellationToken cancellationToken);

    /// <summary>Stops serving; the store is disposed right after.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
