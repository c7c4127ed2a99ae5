using System.Globalization;
using System.Text.Json;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Simulator;

/// <summary>The Bybit v5 linear wire protocol as the simulator serves it.</summary>
public sealed class BybitSimulatorTests
{
    private const string SubscribeBook = """{"req_id":"b1","op":"subscribe","args":["orderbook.50.BTCUSDT"]}""";
    private const string UnsubscribeBook = """{"req_id":"b2","op":"unsubscribe","args":["orderbook.50.BTCUSDT"]}""";

    [Fact]
    public async Task Subscribe_ack_and_pong_have_the_linear_shape()
    {
        await using var simulator = await SimulatorTestOptions.StartAsync();
        await using var client = await RawClient.ConnectAsync(simulator.BybitEndpoint);
        await client.SendAsync("""{"req_id":"abc","op":"subscribe","args":["publicTrade.BTCUSDT"]}""");
        var ack = await client.ReceiveJsonAsync();
        Assert.True(ack.GetProperty("success").GetBoolean());
        Assert.Equal(string.Empty, ack.GetProperty("ret_msg").GetString());
        Assert.Equal("abc", ack.GetProperty("req_id").GetString());
        Assert.Equal("subscribe", ack.GetProperty("op").GetString());
        var connId = ack.GetProperty("conn_id").GetString();
        Assert.False(string.IsNullOrEmpty(connId));

        await client.SendAsync("""{"req_id":"100001","op":"ping"}""");
        var pong = await client.ReceiveUntilAsync(f => f.TryGetProperty("op", out _));
        Assert.True(pong.GetProperty("success").GetBoolean());
        Assert.Equal("pong", pong.GetProperty("ret_msg").GetString());
        Assert.Equal("ping", pong.GetProperty("op").GetString());
        Assert.Equal("100001", pong.GetProperty("req_id").GetString());
        Assert.Equal(connId, pong.GetProperty("conn_id").GetString());

        await client.SendAsync("""{"op":"subscribe","args":["orderbook.50.NOPEUSDT","kline.1.BTCUSDT"]}""");
        var refused = await client.ReceiveUntilAsync(f => f.TryGetProperty("op", out _));
        Assert.False(refused.GetProperty("success").GetBoolean());
        Assert.Contains("NOPEUSDT", refused.GetProperty("ret_msg").GetString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, refused.GetProperty("req_id").GetString());
    }

    [Fact]
    public async Task Snapshot_then_deltas_with_consecutive_u_build_an_uncrossed_book_equal_to_a_later_snapshot()
    {
        await using var simulator = await SimulatorTestOptions.StartAsync();
        await using var client = await RawClient.ConnectAsync(simulator.BybitEndpoint);
        await client.SendAsync(SubscribeBook);
        Assert.True((await client.ReceiveJsonAsync()).GetProperty("success").GetBoolean());
        var snapshot = await client.ReceiveJsonAsync();
        Assert.Equal("snapshot", snapshot.GetProperty("type").GetString());
        Assert.Equal("orderbook.50.BTCUSDT", snapshot.GetProperty("topic").GetString());
        var book = new BybitBook();
        book.Apply(snapshot);
        Assert.Equal(50, book.BidCount);
        Assert.Equal(50, book.AskCount);

        for (var i = 0; i < 50; i++) ApplyDelta(book, await client.ReceiveJsonAsync());

        // A second connection's snapshot is the state after the same u: the deltas were applied right.
        await using var other = await RawClient.ConnectAsync(simulator.BybitEndpoint);
        await other.SendAsync(SubscribeBook);
        await other.ReceiveJsonAsync();
        var reference = new BybitBook();
        reference.Apply(await other.ReceiveJsonAsync());
        Assert.True(reference.UpdateId >= book.UpdateId);
        while (book.UpdateId < reference.UpdateId) ApplyDelta(book, await client.ReceiveJsonAsync());
        Assert.Equal(reference.UpdateId, book.UpdateId);
        Assert.True(book.SameLevels(reference));
    }

    [Fact]
    public async Task Resubscribing_sends_a_fresh_snapshot_and_a_duplicate_subscribe_is_refused()
    {
        await using var simulator = await SimulatorTestOptions.StartAsync();
        await using var client = await RawClient.ConnectAsync(simulator.BybitEndpoint);
        await client.SendAsync(SubscribeBook);
        await client.ReceiveJsonAsync();
        var first = await client.ReceiveJsonAsync();
        Assert.Equal("snapshot", first.GetProperty("type").GetString());
        var lastDelta = first;
        for (var i = 0; i < 3; i++) lastDelta = await client.ReceiveJsonAsync();
        Assert.Equal("delta", lastDelta.GetProperty("type").GetString());

        await client.SendAsync(SubscribeBook);
        var duplicate = await client.ReceiveUntilAsync(f => f.TryGetProperty("op", out _));
        Assert.False(duplicate.GetProperty("success").GetBoolean());
        Assert.Contains("already subscribed", duplicate.GetProperty("ret_msg").GetString(), StringComparison.Ordinal);

        await client.SendAsync(UnsubscribeBook);
        var unsubscribed = await client.ReceiveUntilAsync(f => f.TryGetProperty("op", out _));
        Assert.True(unsubscribed.GetProperty("success").GetBoolean());
        Assert.Equal("unsubscribe", unsubscribed.GetProperty("op").GetString());
        await client.SendAsync(SubscribeBook);
        // Deltas queued before the unsubscribe may still arrive; after the new ack the snapshot comes first.
        await client.ReceiveUntilAsync(f => f.TryGetProperty("op", out _));
        var fresh = await client.ReceiveJsonAsync();
        Assert.Equal("snapshot", fresh.GetProperty("type").GetString());
        Assert.True(fresh.GetProperty("data").GetProperty("u").GetInt64() >= lastDelta.GetProperty("data").GetProperty("u").GetInt64());
        Assert.Equal(50, fresh.GetProperty("data").GetProperty("b").GetArrayLength());
    }

    [Fact]
    public async Task SkipSequence_makes_u_jump_by_two()
    {
        await using var simulator = await SimulatorTestOptions.StartAsync();
        await using var client = await RawClient.ConnectAsync(simulator.BybitEndpoint);
        await client.SendAsync(SubscribeBook);
        await client.ReceiveJsonAsync();
        var previous = (await client.ReceiveJsonAsync()).GetProperty("data").GetProperty("u").GetInt64();
        simulator.SkipSequence(ExchangeId.Bybit, "BTCUSDT");

        var jump = await client.ReceiveUntilAsync(f =>
        {
            var u = f.GetProperty("data").GetProperty("u").GetInt64();
            var consecutive = u == previous + 1;
            if (consecutive) previous = u;
            return !consecutive;
        });
        Assert.Equal("delta", jump.GetProperty("type").GetString());
        Assert.Equal(previous + 2, jump.GetProperty("data").GetProperty("u").GetInt64());
    }

    [Fact]
    public async Task RestartBybit_sends_a_u1_snapshot_that_replaces_the_book_and_restarts_the_chain()
    {
        await using var simulator = await SimulatorTestOptions.StartAsync();
        await using var client = await RawClient.ConnectAsync(simulator.BybitEndpoint);
        await client.SendAsync(SubscribeBook);
        await client.ReceiveJsonAsync();
        var book = new BybitBook();
        book.Apply(await client.ReceiveJsonAsync());
        for (var i = 0; i < 5; i++) ApplyDelta(book, await client.ReceiveJsonAsync());

        simulator.RestartBybit("BTCUSDT");

        var restart = await client.ReceiveUntilAsync(f => f.GetProperty("type").GetString() == "snapshot", f =>
        {
            if (f.GetProperty("type").GetString() == "delta") ApplyDelta(book, f);
        });
        Assert.Equal(1, restart.GetProperty("data").GetProperty("u").GetInt64());
        var sequence = book.Sequence;
        book.Apply(restart);
        Assert.True(book.Sequence > sequence);
        Assert.Equal(50, book.BidCount);
        for (var i = 0; i < 10; i++) ApplyDelta(book, await client.ReceiveJsonAsync());
        Assert.Equal(11, book.UpdateId);
    }

    [Fact]
    public async Task Public_trades_come_in_batches_with_uuid_ids_in_print_order()
    {
        await using var simulator = await SimulatorTestOptions.StartAsync();
        await using var client = await RawClient.ConnectAsync(simulator.BybitEndpoint);
        await client.SendAsync("""{"req_id":"t","op":"subscribe","args":["publicTrade.BTCUSDT"]}""");
        await client.ReceiveJsonAsync();
        var ids = new List<string>();
        await client.ReceiveUntilAsync(_ => ids.Count >= 40, f =>
        {
            Assert.Equal("publicTrade.BTCUSDT", f.GetProperty("topic").GetString());
            Assert.Equal("snapshot", f.GetProperty("type").GetString());
            foreach (var trade in f.GetProperty("data").EnumerateArray())
            {
                Assert.Equal("BTCUSDT", trade.GetProperty("s").GetString());
                Assert.Contains(trade.GetProperty("S").GetString(), new[] { "Buy", "Sell" });
                Assert.Contains(trade.GetProperty("L").GetString(), new[] { "PlusTick", "ZeroPlusTick", "MinusTick", "ZeroMinusTick" });
                Assert.True(decimal.Parse(trade.GetProperty("p").GetString()!, CultureInfo.InvariantCulture) > 0);
                Assert.True(decimal.Parse(trade.GetProperty("v").GetString()!, CultureInfo.InvariantCulture) > 0);
                Assert.True(trade.GetProperty("T").GetInt64() <= f.GetProperty("ts").GetInt64());
                var id = trade.GetProperty("i").GetString()!;
                Assert.True(Guid.TryParseExact(id, "D", out _), id);
                ids.Add(id);
            }
        });
        var printed = simulator.SentTradeIds(ExchangeId.Bybit, "BTCUSDT").ToList();
        var start = printed.IndexOf(ids[0]);
        Assert.True(start >= 0);
        Assert.Equal(ids, printed.Skip(start).Take(ids.Count));
    }

    [Fact]
    public async Task The_same_seed_prints_the_same_trades()
    {
        await using var one = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(seed: 11));
        await using var two = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(seed: 11));
        await using var other = await SimulatorTestOptions.StartAsync(SimulatorTestOptions.Fast(seed: 12));
        foreach (var simulator in new[] { one, two, other })
            await simulator.WaitForTradesAsync(ExchangeId.Bybit, "ETHUSDT", 20, SimulatorTestOptions.Timeout());
        var ids = one.SentTradeIds(ExchangeId.Bybit, "ETHUSDT").Take(20).ToList();
        Assert.Equal(ids, two.SentTradeIds(ExchangeId.Bybit, "ETHUSDT").Take(20));
        Assert.NotEqual(ids, other.SentTradeIds(ExchangeId.Bybit, "ETHUSDT").Take(20));
    }

    private static void ApplyDelta(BybitBook book, JsonElement delta)
    {
        Assert.Equal("delta", delta.GetProperty("type").GetString());
        var data = delta.GetProperty("data");
        Assert.Equal(book.UpdateId + 1, data.GetProperty("u").GetInt64());
        Assert.True(data.GetProperty("seq").GetInt64() > book.Sequence);
        Assert.True(delta.GetProperty("cts").GetInt64() <= delta.GetProperty("ts").GetInt64());
        book.Apply(delta);
        Assert.Equal(50, book.BidCount);
        Assert.Equal(50, book.AskCount);
        Assert.True(book.BestBid < book.BestAsk, "not crossed");
    }
}
