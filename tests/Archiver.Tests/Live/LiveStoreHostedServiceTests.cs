using Archiver.Cli.Live;
using Archiver.Store;
using Archiver.Store.Buckets;
using Archiver.Store.Ingest;
using Microsoft.Extensions.Logging.Abstractions;
using static Archiver.Tests.Live.LiveFeed;

namespace Archiver.Tests.Live;

public sealed class LiveStoreHostedServiceTests
{
    private static readonly StoreOptions Options = new()
    {
        Root = "unused-by-the-in-memory-store",
        Aggregations = [new AggregationRule { On = "*/1Min/OHLCV", Destinations = ["5Min", "1H"] }],
    };

    [Fact]
    public async Task Start_opens_the_store_with_the_aggregations_then_the_server_and_stop_drains_then_stops_the_server_then_disposes()
    {
        var store = new FailableBucketStore();
        StoreOptions? opened = null;
        var writer = new LiveStoreWriter(new LiveStoreOptions { FlushInterval = TimeSpan.FromHours(1) }, NullLogger.Instance);
        var server = new RecordingStoreServer();
        var service = new LiveStoreHostedService(Options, new LiveStoreOptions(), writer, o =>
        {
            opened = o;
            return store;
        }, NullLogger<LiveStoreHostedService>.Instance, server);

        await service.StartAsync(CancellationToken.None);
        Assert.Same(Options, opened);
        Assert.Same(store, service.Store);
        Assert.Same(store, server.Store);
        Assert.Equal(["start"], server.Calls);

        writer.OnTrade(Trade(Hour + 1_000_000, 100, 1, 1));
        writer.OnTrade(Trade(Hour + (7 * Minute), 110, 2, 2));
        Assert.Equal(0, store.Inner.WriteCalls);
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(["start", "stop"], server.Calls);
        Assert.Equal(2, server.TicksAtStop);
        Assert.Equal(1, store.Disposals);
        Assert.Null(service.Store);
        Assert.Equal(2, store.Read(new BucketKey("BINANCE_BTCUSDT", "5Min", "OHLCV"), ReadRequest.All).RowCount);
        Assert.Equal(1, store.Read(new BucketKey("BINANCE_BTCUSDT", "1H", "OHLCV"), ReadRequest.All).RowCount);
        Assert.Equal(2, store.Read(IngestKeys.Bars("BINANCE_BTCUSDT"), ReadRequest.All).RowCount);

        await service.DisposeAsync();
        Assert.Equal(1, store.Disposals);
    }

    [Fact]
    public async Task Without_a_server_registered_the_store_still_gets_the_live_records()
    {
        var store = new FailableBucketStore();
        var writer = new LiveStoreWriter(new LiveStoreOptions { FlushInterval = TimeSpan.FromHours(1) }, NullLogger.Instance);
        var service = new LiveStoreHostedService(Options, new LiveStoreOptions(), writer, _ => store, NullLogger<LiveStoreHostedService>.Instance);

        await service.StartAsync(CancellationToken.None);
        writer.OnTrade(Trade(Hour, 100, 1, 1));
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(1, store.Read(IngestKeys.Ticks("BINANCE_BTCUSDT"), ReadRequest.All).RowCount);
        Assert.Equal(1, store.Disposals);
    }
}
