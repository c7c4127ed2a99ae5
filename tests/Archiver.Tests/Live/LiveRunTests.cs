using System.Text.Json.Nodes;
using Archiver.Cli.Hosting;
using Archiver.Cli.Live;
using Archiver.Store.Buckets;
using Archiver.Store.Ingest;
using Archiver.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static Archiver.Tests.Live.LiveFeed;

namespace Archiver.Tests.Live;

/// <summary><c>archiver run --simulate</c> with <c>Archiver:Store:Server:Enabled</c>: the simulator's trades reach the store live.</summary>
[Collection(HostingCollection.Name)]
public sealed class LiveRunTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly string[] Symbols =
        ["BINANCE_BTCUSDT", "BINANCE_ETHUSDT", "BYBIT_BTCUSDT", "BYBIT_ETHUSDT", "HYPERLIQUID_BTC", "HYPERLIQUID_ETH"];

    private readonly TestConfiguration _config = new();
    private readonly FakeArchiveRecorder _recorder = new();
    private readonly FakeHourCloser _closer = new();
    private readonly LogCapture _logs = new();

    public void Dispose() => _config.Dispose();

    [Fact]
    public async Task A_simulated_run_with_the_store_enabled_stores_ticks_bars_aggregates_and_quotes_and_closes_the_store_after_the_feeds()
    {
        _config.Archiver["Store"] = new JsonObject
        {
            ["Root"] = Path.Combine(_config.Directory, "store"),
            ["Aggregations"] = new JsonArray(new JsonObject { ["On"] = "*/1Min/OHLCV", ["Destinations"] = new JsonArray("5Min", "1D") }),
            ["Server"] = new JsonObject { ["Enabled"] = true, ["Port"] = FreePort() },
            ["Live"] = new JsonObject { ["FlushInterval"] = "00:00:00.100" },
        };
        var store = new FailableBucketStore();
        var host = ArchiverHost.Build(
            new ArchiveRunSettings(_config.Write()) { Simulate = true, ConfigureLogging = l => l.AddProvider(_logs), OpenStore = _ => store },
            _ => _recorder,
            _ => _closer);
        try
        {
            await host.StartAsync().WaitAsync(Timeout);
            await WaitUntilAsync(() => Symbols.All(s => store.Find(IngestKeys.Ticks(s)) is not null && store.Find(IngestKeys.Quotes(s)) is not null));
            await host.StopAsync().WaitAsync(Timeout);
        }
        finally
        {
            if (host is IAsyncDisposable disposable) await disposable.DisposeAsync();
            else host.Dispose();
        }

        Assert.Equal(1, store.Disposals);
        foreach (var symbol in Symbols)
        {
            var ticks = ReadAll(store, IngestKeys.Ticks(symbol));
            Assert.True(ticks.RowCount > 0, symbol);
            Assert.Equal(BarsFromTicks(ticks), Bars(ReadAll(store, IngestKeys.Bars(symbol))));
            Assert.True(store.Read(new BucketKey(symbol, "5Min", "OHLCV"), ReadRequest.All).RowCount > 0, symbol);
            Assert.True(store.Read(new BucketKey(symbol, "1D", "OHLCV"), ReadRequest.All).RowCount > 0, symbol);
            Assert.True(ReadAll(store, IngestKeys.Quotes(symbol)).RowCount > 0, symbol);
        }

        var entries = _logs.Entries;
        var flushed = Assert.Single(entries, e => e.EventId.Id == 1105);
        var drained = Assert.Single(entries, e => e.EventId.Id == 1405);
        var closed = Assert.Single(entries, e => e.EventId.Id == 1407);
        var simulatorStopped = Assert.Single(entries, e => e.EventId.Id == 1106);
        Assert.True(flushed.Sequence < drained.Sequence && drained.Sequence < closed.Sequence && closed.Sequence < simulatorStopped.Sequence,
            "the feeds stop and the recorder flushes, then the live writer drains, then the store closes, then the simulator stops");
        Assert.Equal(0L, drained["Dropped"]);
        Assert.Equal(0L, drained["Lost"]);
    }

    [Fact]
    public async Task With_the_server_disabled_no_store_is_opened()
    {
        var opened = false;
        var host = ArchiverHost.Build(
            new ArchiveRunSettings(_config.Write()) { OpenStore = _ => { opened = true; return new FailableBucketStore(); } },
            _ => _recorder,
            _ => _closer);
        try
        {
            Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s is LiveStoreHostedService);
            Assert.Null(host.Services.GetService<LiveStoreWriter>());
            Assert.False(opened);
        }
        finally
        {
            host.Dispose();
        }
    }

    [Fact]
    public void A_bad_store_setting_fails_the_build_with_one_line_naming_it()
    {
        _config.Archiver["Store"] = new JsonObject { ["Server"] = new JsonObject { ["Enabled"] = true, ["Bind"] = "0.0.0.0" } };

        var e = Assert.Throws<ArchiverConfigurationException>(() => ArchiverHost.Build(new ArchiveRunSettings(_config.Write()), _ => _recorder, _ => _closer));

        Assert.Equal(
            "Archiver:Store:Server:Bind 0.0.0.0 is not a loopback address: set Archiver:Store:Server:AccessToken (or Archiver:Store:Server:Insecure to true to serve without one)",
            e.Message);
    }

    [Fact]
    public async Task A_simulated_run_serves_the_live_bars_from_the_on_disk_store_over_rpc_while_it_runs()
    {
        var port = FreePort();
        var root = Path.Combine(_config.Directory, "store");
        _config.Archiver["Store"] = new JsonObject
        {
            ["Root"] = root,
            ["Server"] = new JsonObject { ["Enabled"] = true, ["Port"] = port },
            ["Live"] = new JsonObject { ["FlushInterval"] = "00:00:00.100" },
        };
        var host = ArchiverHost.Build(
            new ArchiveRunSettings(_config.Write()) { Simulate = true, ConfigureLogging = l => l.AddProvider(_logs) },
            _ => _recorder,
            _ => _closer);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        long served;
        try
        {
            await host.StartAsync().WaitAsync(Timeout);
            JsonNode? symbols = null;
            await WaitUntilAsyncAsync(async () =>
            {
                symbols = await RpcAsync(http, """{"jsonrpc":"2.0","method":"DataService.ListSymbols","id":1,"params":{"format":"tbk"}}""");
                return symbols?["result"]?["Results"]?.AsArray().Any(k => (string?)k == "BINANCE_BTCUSDT/1Min/OHLCV") == true;
            });
            Assert.Contains("BINANCE_BTCUSDT/1Sec/TICK", symbols!["result"]!["Results"]!.AsArray().Select(k => (string?)k));

            var query = await RpcAsync(http, """{"jsonrpc":"2.0","method":"DataService.Query","id":2,"params":{"requests":[{"destination":"BINANCE_BTCUSDT/1Sec/TICK"}]}}""");
            var result = query!["result"]!["Responses"]![0]!["Result"]!;
            Assert.Equal(["Epoch", "Price", "Size", "Side", "ReceiveMicros", "Nanoseconds"], result["ColumnNames"]!.AsArray().Select(n => (string?)n));
            served = (long)result["Length"]!;
            Assert.True(served > 0);
            await host.StopAsync().WaitAsync(Timeout);
        }
        finally
        {
            if (host is IAsyncDisposable disposable) await disposable.DisposeAsync();
            else host.Dispose();
        }

        // After shutdown the store on disk still holds at least what the server served while running.
        using var reopened = Archiver.Store.Buckets.BucketStore.Open(new Archiver.Store.StoreOptions { Root = root });
        Assert.True(reopened.Read(IngestKeys.Ticks("BINANCE_BTCUSDT"), ReadRequest.All).RowCount >= served);
    }

    private static async Task<JsonNode?> RpcAsync(HttpClient http, string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("rpc", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync());
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilAsyncAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (!await condition())
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
