using Archiver.Store;
using Archiver.Store.Aggregation;
using Archiver.Store.Buckets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Archiver.Cli.Live;

/// <summary>
/// Runs the store for <c>archiver run</c> when <c>Archiver:Store:Server:Enabled</c> is true. Registered before the
/// feeds, so it starts before them and stops after them: at start it opens the store through the factory, registers
/// the configured on-disk aggregations (<see cref="OnDiskAggregator"/>), starts the <see cref="LiveStoreWriter"/>, the
/// <see cref="LiveStoreReconciler"/> and then the server; at stop (the feeds have stopped by then) it stops the
/// reconciler (between two files), drains the writer, stops the server and disposes the store. Opening the store
/// failing fails the start-up with its message.
/// </summary>
internal sealed class LiveStoreHostedService(
    StoreOptions options,
    LiveStoreOptions liveOptions,
    LiveStoreWriter writer,
    Func<StoreOptions, IBucketStore> openStore,
    ILogger<LiveStoreHostedService> logger,
    ILiveStoreServer? server = null,
    LiveStoreReconciler? reconciler = null) : IHostedService, IAsyncDisposable
{
    private IBucketStore? _store;
    private bool _serverStarted;

    /// <summary>The open store (null before start and after stop).</summary>
    public IBucketStore? Store => _store;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var store = openStore(options) ?? throw new InvalidOperationException("the store factory returned no store");
        _store = store;
        store.AddObserver(new OnDiskAggregator(options));
        writer.Start(store);
        LiveStoreLog.Opened(logger, options.Root, (long)liveOptions.FlushInterval.TotalMilliseconds, options.Aggregations.Count);
        reconciler?.Start(store);
        if (server is null)
        {
            LiveStoreLog.ServerMissing(logger);
            return;
        }

        await server.StartAsync(store, options, cancellationToken).ConfigureAwait(false);
        _serverStarted = true;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (reconciler is not null) await reconciler.StopAsync().ConfigureAwait(false);

        // Not cancellable on purpose: what the feeds delivered reaches the store before it closes.
        await writer.StopAsync().ConfigureAwait(false);
        try
        {
            if (_serverStarted && server is not null)
            {
                _serverStarted = false;
                await server.StopAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            CloseStore();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (reconciler is not null) await reconciler.DisposeAsync().ConfigureAwait(false);
        await writer.DisposeAsync().ConfigureAwait(false);
        CloseStore();
    }

    private void CloseStore()
    {
        var store = Interlocked.Exchange(ref _store, null);
        if (store is null) return;
        store.Dispose();
        LiveStoreLog.Closed(logger, options.Root);
    }
}
