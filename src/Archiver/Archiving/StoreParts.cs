using Archiver.Store;
using Archiver.Store.Aggregation;
using Archiver.Store.Buckets;
using Archiver.Store.Query;
using Microsoft.Extensions.Logging;

namespace Archiver.Cli.Archiving;

/// <summary>
/// The store as every command and the service open it: the on-disk engine with the configured on-disk aggregations
/// registered, and a query engine over it.
/// </summary>
public static class StoreParts
{
    /// <summary>Opens the store at <see cref="StoreOptions.Root"/> (recovering its log) with the aggregations of <paramref name="options"/>.</summary>
    public static IBucketStore OpenStore(StoreOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var store = BucketStore.Open(options, logger);
        try
        {
            if (options.Aggregations.Count > 0) store.AddObserver(new OnDiskAggregator(options));
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>A query engine over <paramref name="store"/> on the system clock.</summary>
    public static IQueryEngine CreateQueryEngine(IBucketStore store) => new QueryEngine(store, TimeProvider.System);
}
