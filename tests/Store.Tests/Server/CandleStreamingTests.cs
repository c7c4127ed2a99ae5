using System.Net.WebSockets;
using Archiver.Store.Buckets;
using Archiver.Store.Server.Streaming;
using Archiver.Store.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using static Archiver.Store.Tests.Server.StreamingTests;

namespace Archiver.Store.Tests.Server;

/// <summary>
/// <c>/ws</c> over a real connection with a manual clock: 1Min and shorter pushes go out at once, longer timeframes
/// when their candle closes, as MarketStore's shelf does. "Nothing was pushed yet" is shown by a 1Min marker write
/// arriving first: one sender per connection keeps pushes in order.
/// </summary>
public sealed class CandleStreamingTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 12, 2, 30, TimeSpan.Zero);

    private static long At(int hour, int minute) => new DateTimeOffset(2026, 9, 1, hour, minute, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    private static Task<byte[]> WriteBarAsync(ServerFixture f, string key, long epoch, double close) =>
        f.RpcAsync(MsgTree.WriteRequest(key, 1, false, ("Epoch", "i8", MsgTree.Bytes(epoch)), ("Close", "f8", MsgTree.Bytes(close))));

    private static async Task<(string Key, long Epoch, double Close)> ReceivePushAsync(ClientWebSocket socket)
    {
        var push = MsgTree.Decode((await ReceiveAsync(socket)).Data);
        var data = MsgTree.Get(push, "data");
        return ((string)MsgTree.Get(push, "key")!, (long)MsgTree.Get(data, "Epoch")!, (double)MsgTree.Get(data, "Close")!);
    }

    private static async Task<ClientWebSocket> SubscribeAsync(ServerFixture f, string pattern)
    {
        var socket = await ConnectAsync(f);
        await SendAsync(socket, Subscribe(pattern));
        await ReceiveAsync(socket);
        await WaitForSubscribersAsync(f, 1);
        return socket;
    }

    [Fact]
    public async Task One_minute_writes_are_pushed_at_once_while_the_clock_stands_still()
    {
        var clock = new ManualTimeProvider(Now);
        await using var f = await ServerFixture.StartAsync(time: clock);
        using var socket = await SubscribeAsync(f, "BTC/*/*");
        await WriteBarAsync(f, "BTC/1Min/OHLCV", At(12, 2), 1.5);
        await WriteBarAsync(f, "BTC/1Sec/OHLCV", At(12, 2) + 29, 2.5);
        Assert.Equal(("BTC/1Min/OHLCV", At(12, 2), 1.5), await ReceivePushAsync(socket));
        Assert.Equal(("BTC/1Sec/OHLCV", At(12, 2) + 29, 2.5), await ReceivePushAsync(socket));
        Assert.Equal(Now, clock.GetUtcNow());
    }

    [Fact]
    public async Task Writes_inside_a_push_suppression_scope_are_not_streamed_and_later_writes_on_the_same_thread_are()
    {
        var clock = new ManualTimeProvider(Now);
        await using var f = await ServerFixture.StartAsync(time: clock);
        using var socket = await SubscribeAsync(f, "BTC/*/*");
        using (StreamPushes.Suppress())
        {
            Assert.True(StreamPushes.Suppressed);
            f.Store.Write([Query.TestColumns.Fixed("BTC/1Min/OHLCV", Query.TestColumns.Epoch(At(12, 0)), Query.TestColumns.F8("Close", 7.0))]);
        }

        Assert.False(StreamPushes.Suppressed);
        f.Store.Write([Query.TestColumns.Fixed("BTC/1Min/OHLCV", Query.TestColumns.Epoch(At(12, 1)), Query.TestColumns.F8("Close", 8.0))]);
        Assert.Equal(("BTC/1Min/OHLCV", At(12, 1), 8.0), await ReceivePushAsync(socket));
        Assert.Equal(2, f.Store.Read(BucketKey.Parse("BTC/1Min/OHLCV"), ReadRequest.All).RowCount);
    }

    [Fact]
    public async Task Five_minute_writes_in_one_candle_are_pushed_once_with_the_last_values_when_it_closes()
    {
        var clock = new ManualTimeProvider(Now);
        await using var f = await ServerFixture.StartAsync(time: clock);
        using var socket = await SubscribeAsync(f, "BTC/*/*");
        await WriteBarAsync(f, "BTC/5Min/OHLCV", At(12, 0), 1.0);
        await WriteBarAsync(f, "BTC/5Min/OHLCV", At(12, 0), 2.0);
        await WriteBarAsync(f, "BTC/1Min/OHLCV", At(12, 2), 10.0);
        Assert.Equal(("BTC/1Min/OHLCV", At(12, 2), 10.0), await ReceivePushAsync(socket));

        clock.AdvanceTo(new DateTimeOffset(2026, 9, 1, 12, 4, 59, TimeSpan.Zero));
        await WriteBarAsync(f, "BTC/1Min/OHLCV", At(12, 4), 11.0);
        Assert.Equal(("BTC/1Min/OHLCV", At(12, 4), 11.0), await ReceivePushAsync(socket));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(("BTC/5Min/OHLCV", At(12, 0), 2.0), await ReceivePushAsync(socket));

        clock.Advance(TimeSpan.FromMinutes(30));
        await WriteBarAsync(f, "BTC/1Min/OHLCV", At(12, 35), 12.0);
        Assert.Equal(("BTC/1Min/OHLCV", At(12, 35), 12.0), await ReceivePushAsync(socket));
    }

    [Fact]
    public async Task Writes_into_consecutive_candles_are_pushed_once_each_at_their_own_close()
    {
        var clock = new ManualTimeProvider(Now);
        await using var f = await ServerFixture.StartAsync(time: clock);
        using var socket = await SubscribeAsync(f, "BTC/*/*");
        await WriteBarAsync(f, "BTC/5Min/OHLCV", At(12, 0), 1.0);
        await WriteBarAsync(f, "BTC/5Min/OHLCV", At(12, 5), 2.0);

        clock.AdvanceTo(new DateTimeOffset(2026, 9, 1, 12, 5, 0, TimeSpan.Zero));
        await WriteBarAsync(f, "BTC/1Min/OHLCV", At(12, 5), 10.0);
        Assert.Equal(("BTC/5Min/OHLCV", At(12, 0), 1.0), await ReceivePushAsync(socket));
        Assert.Equal(("BTC/1Min/OHLCV", At(12, 5), 10.0), await ReceivePushAsync(socket));

        clock.AdvanceTo(new DateTimeOffset(2026, 9, 1, 12, 10, 0, TimeSpan.Zero));
        Assert.Equal(("BTC/5Min/OHLCV", At(12, 5), 2.0), await ReceivePushAsync(socket));
    }

    [Fact]
    public async Task A_historical_five_minute_write_whose_candle_already_closed_pushes_nothing()
    {
        var clock = new ManualTimeProvider(Now);
        await using var f = await ServerFixture.StartAsync(time: clock);
        using var socket = await SubscribeAsync(f, "BTC/*/*");
        await WriteBarAsync(f, "BTC/5Min/OHLCV", At(11, 55), 1.0);
        await WriteBarAsync(f, "BTC/1D/OHLCV", At(0, 0) - 86_400, 3.0);
        clock.Advance(TimeSpan.FromHours(2));
        await WriteBarAsync(f, "BTC/1Min/OHLCV", At(14, 2), 10.0);
        Assert.Equal(("BTC/1Min/OHLCV", At(14, 2), 10.0), await ReceivePushAsync(socket));
        Assert.Equal(0, clock.ArmedTimers);
    }

    [Fact]
    public async Task A_client_that_subscribes_after_the_write_but_before_the_close_gets_the_candle()
    {
        var clock = new ManualTimeProvider(Now);
        await using var f = await ServerFixture.StartAsync(time: clock);
        await WriteBarAsync(f, "ETH/15Min/OHLCV", At(12, 0), 7.0);
        await WriteBarAsync(f, "ETH/15Min/OHLCV", At(12, 0), 8.0);
        clock.AdvanceTo(new DateTimeOffset(2026, 9, 1, 12, 10, 0, TimeSpan.Zero));
        using var socket = await SubscribeAsync(f, "ETH/15Min/*");
        clock.AdvanceTo(new DateTimeOffset(2026, 9, 1, 12, 15, 0, TimeSpan.Zero));
        Assert.Equal(("ETH/15Min/OHLCV", At(12, 0), 8.0), await ReceivePushAsync(socket));
    }

    [Fact]
    public async Task A_candle_goes_to_the_subscriptions_current_when_it_closes()
    {
        var clock = new ManualTimeProvider(Now);
        await using var f = await ServerFixture.StartAsync(time: clock);
        using var socket = await SubscribeAsync(f, "BTC/*/*");
        await WriteBarAsync(f, "BTC/5Min/OHLCV", At(12, 0), 1.0);
        await SendAsync(socket, Subscribe("ETH/*/*"));
        await ReceiveAsync(socket);
        await WriteBarAsync(f, "ETH/5Min/OHLCV", At(12, 0), 2.0);
        clock.AdvanceTo(new DateTimeOffset(2026, 9, 1, 12, 5, 0, TimeSpan.Zero));
        Assert.Equal(("ETH/5Min/OHLCV", At(12, 0), 2.0), await ReceivePushAsync(socket));
        await WriteBarAsync(f, "ETH/1Min/OHLCV", At(12, 5), 3.0);
        Assert.Equal(("ETH/1Min/OHLCV", At(12, 5), 3.0), await ReceivePushAsync(socket));
    }

    [Fact]
    public async Task Disposing_the_server_drops_waiting_candles_and_stops_the_shelf_timer()
    {
        var clock = new ManualTimeProvider(Now);
        var f = await ServerFixture.StartAsync(time: clock);
        await WriteBarAsync(f, "BTC/1H/OHLCV", At(12, 0), 1.0);
        Assert.Equal(1, clock.ArmedTimers);
        await f.DisposeAsync();
        Assert.Equal(0, clock.ArmedTimers);
    }

    [Fact]
    public void Repeated_writes_to_a_waiting_candle_nobody_watches_read_nothing_and_allocate_nothing()
    {
        var clock = new ManualTimeProvider(Now);
        using var store = new DiskBucketStore();
        using var hub = new StreamHub(NullLogger.Instance, clock);
        var bucket = new BucketInfo(new BucketKey("BTC", "5Min", "OHLCV"), RecordKind.Fixed, [new ColumnSpec("Close", ColumnType.F8)]);
        var notice = new BucketWriteNotice(bucket, 1, new StoreTime(At(12, 0), 0), new StoreTime(At(12, 0), 0));
        hub.OnWritten(store, notice);
        Assert.Equal(1, hub.WaitingCandles);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) hub.OnWritten(store, notice);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1, hub.WaitingCandles);
    }
}
