using Archiver.Cli.Live;
using Archiver.Store;
using Archiver.Store.Buckets;
using Archiver.Store.Ingest;

namespace Archiver.Tests.Live;

/// <summary>Stands in for the MarketStore server: records when it was started and stopped and what the store held then.</summary>
internal sealed class RecordingStoreServer : ILiveStoreServer
{
    public List<string> Calls { get; } = [];

    public IBucketStore? Store { get; private set; }

    /// <summary>Ticks of BINANCE_BTCUSDT in the store when the server was stopped (-1: none yet).</summary>
    public int TicksAtStop { get; private set; } = -1;

    public Task StartAsync(IBucketStore store, StoreOptions options, CancellationToken cancellationToken)
    {
        Store = store;
        Calls.Add("start");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Calls.Add("stop");
        var key = IngestKeys.Ticks("BINANCE_BTCUSDT");
        TicksAtStop = Store?.Find(key) is null ? 0 : Store.Read(key, ReadRequest.All).RowCount;
        return Task.CompletedTask;
    }
}
