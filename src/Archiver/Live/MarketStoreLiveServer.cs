using Archiver.Cli.Archiving;
using Archiver.Store;
using Archiver.Store.Buckets;
using Archiver.Store.Server;
using Microsoft.Extensions.Logging;

namespace Archiver.Cli.Live;

/// <summary>
/// The MarketStore-compatible server hosted by <c>archiver run</c>: serves the live store over <c>/rpc</c> and pushes
/// every write (the live ticks, bars and aggregates) to <c>/ws</c> subscribers.
/// </summary>
internal sealed class MarketStoreLiveServer(ILoggerFactory loggers) : ILiveStoreServer, IAsyncDisposable
{
    private MarketStoreServer? _server;

    public async Task StartAsync(IBucketStore store, StoreOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _server = new MarketStoreServer(store, StoreParts.CreateQueryEngine(store), options.Server, loggers);
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null) return;
        await _server.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync().ConfigureAwait(false);
    }
}
