using System.Globalization;
using System.Text.Json;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Simulator;

/// <summary>The Hyperliquid wire protocol as the simulator serves it.</summary>
public sealed class HyperliquidSimulatorTests
{
    private const string SubscribeBook = """{"method":"subscribe","subscription":{"type":"l2Book","coin":"BTC"}}""";
    private const string SubscribeTrades = """{"method":"subscribe","subscription":{"type":"trades","coin":"BTC"}}""";

    [Fact]
    public async Task Greeting_then_subscription_response_then_20_level_books()
    {
        await using var simulator = await SimulatorTestOptions.StartAsync();
        await using var client = await RawClient.ConnectAsync(simulator.HyperliquidEndpoint);
        Assert.Equal("Websocket connection established.", await client.ReceiveTextAsync());

        await client.SendAsync(SubscribeBook);
        var response = await client.ReceiveJsonAsync();
        Assert.Equal("subscriptionResponse", response.GetProperty("channel").GetString());
        Assert.Equal("subscribe", response.GetProperty("data").GetProperty("method").GetString());
        var subscription = response.GetProperty("data").GetProperty("subscription");
        Assert.Equal("l2Book", subscription.GetProperty("type").GetString());
        Assert.Equal("BTC", subscription.GetProperty("coin").GetString());
        Assert.Equal(JsonValueKind.Null, subscription.GetProperty("nSigFigs").ValueKind);
        Assert.Equal(JsonValueKind.Null, subscription.GetProperty("mantissa").ValueKind);

        var previousTime = 0L;
        for (var i = 0; i < 5; i++)
        {
            var frame = await client.ReceiveJsonAsync();
            Assert.Equal("l2Book", frame.GetProperty("channel").GetString());
            var data = frame.GetProperty("data");
            Assert.Equal("BTC", data.GetProperty("coin").GetString());
            Assert.True(data.GetProperty("time").GetInt64() >= previousTime);
            previousTime = data.GetProperty("time").GetInt64();
            var levels = data.GetProperty("levels");
            Assert.Equal(2, levels.GetArrayLength());
            var bids = levels[0].EnumerateArray().ToList();
            var asks = levels[1].EnumerateArray().ToList();
            Assert.Equal(20, bids.Count);
            Assert.Equal(20, asks.Count);
            for (var l = 1; l < 20; l++)
            {
                Assert.True(Px(bids[l]) < Px(bids[l - 1]));
                Assert.True(Px(asks[l]) > Px(asks[l - 1]));
            }

            Assert.True(Px(bids[0]) < Px(asks[0]));
            Assert.All(bids.Concat(asks), level =>
            {
                Assert.True(level.GetProperty("n").GetInt32() > 0);
                Assert.True(decimal.Parse(level.GetProperty("sz").GetString()!, CultureInfo.InvariantCulture) > 0);
            });
            // Five significant digits: BTC near 97,000 trades on whole dollars.
            Assert.DoesNotContain(".", bids[0].GetProperty("px").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_trades_subscribe_backfills_the_last_30_trades_then_live_trades_follow_on()
    {
        await using var simulator = await SimulatorTestOptions.StartAsync();
        await simulator.WaitForTradesAsync(ExchangeId.Hyperliquid, "BTC", 40, SimulatorTestOptions.Timeout());
        await using var client = await RawClient.ConnectAsync(simulator.HyperliquidEndpoint);
        await client.ReceiveTextAsync();
        await client.SendAsync(SubscribeTrades);
        var response = await client.ReceiveJsonAsync();
        Assert.Equal("trades", response.GetProperty("data").GetProperty("subscription").GetProperty("type").GetString());

        var backfill = await client.ReceiveJsonAsync();
        Assert.Equal("trades", backfill.GetProperty("channel").GetString());
        var ids = Tids(backfill);
        Assert.Equal(30, ids.Count);
        while (ids.Count < 80) ids.AddRange(Tids(await client.ReceiveJsonAsync()));

        // Backfill then live: one unbroken run of what the market printed.
        var printed = simulator.SentTradeIds(ExchangeId.Hyperliquid, "BTC").ToList();
        var start = printed.IndexOf(ids[0]);
        Assert.True(start >= 10);
        Assert.Equal(ids, printed.Skip(start).Take(ids.Count));
    }

    [Fact]
    public async Task A_duplicate_subscribe_is_an_error_and_ping_gets_pong()
    {
        await using var simulator = await SimulatorTestOptions.StartAsync();
        await using var client = await RawClient.ConnectAsync(simulator.HyperliquidEndpoint);
        await client.ReceiveTextAsync();
        await client.SendAsync(SubscribeBook);
        await client.SendAsync(SubscribeBook);
        var error = await client.ReceiveUntilAsync(f => f.GetProperty("channel").GetString() == "error");
        Assert.StartsWith("Already subscribed: ", error.GetProperty("data").GetString(), StringComparison.Ordinal);

        await client.SendAsync("""{"method":"ping"}""");
        await client.ReceiveUntilAsync(f => f.GetProperty("channel").GetString() == "pong");

        await client.SendAsync("""{"method":"unsubscribe","subscription":{"type":"l2Book","coin":"BTC"}}""");
        var unsubscribed = await client.ReceiveUntilAsync(f => f.GetProperty("channel").GetString() == "subscriptionResponse");
        Assert.Equal("unsubscribe", unsubscribed.GetProperty("data").GetProperty("method").GetString());
        await client.SendAsync("""{"method":"ping"}""");
        // Nothing of the book follows the unsubscribe response.
        await client.ReceiveUntilAsync(f => f.GetProperty("channel").GetString() == "pong",
            f => Assert.NotEqual("l2Book", f.GetProperty("channel").GetString()));
    }

    [Fact]
    public async Task The_backfill_after_a_reconnect_contains_trades_printed_while_the_client_was_away()
    {
        await using var simulator = await SimulatorTestOptions.StartAsync();
        var seen = new HashSet<string>();
        string lastSeen;
        await using (var first = await RawClient.ConnectAsync(simulator.HyperliquidEndpoint))
        {
            await first.ReceiveTextAsync();
            await first.SendAsync(SubscribeTrades);
            await first.ReceiveJsonAsync();
            var last = new List<string>();
            while (seen.Count < 10)
            {
                last = Tids(await first.ReceiveUntilAsync(f => f.GetProperty("channel").GetString() == "trades"));
                seen.UnionWith(last);
            }

            lastSeen = last[^1];
            simulator.DropConnections(ExchangeId.Hyperliquid);
        }

        await simulator.WaitForConnectionCountAsync(ExchangeId.Hyperliquid, 0, SimulatorTestOptions.Timeout());
        var printedSoFar = simulator.TradeCount(ExchangeId.Hyperliquid, "BTC");
        await simulator.WaitForTradesAsync(ExchangeId.Hyperliquid, "BTC", printedSoFar + 5, SimulatorTestOptions.Timeout());

        await using var second = await RawClient.ConnectAsync(simulator.HyperliquidEndpoint);
        await second.ReceiveTextAsync();
        await second.SendAsync(SubscribeTrades);
        await second.ReceiveJsonAsync();
        var backfill = Tids(await second.ReceiveJsonAsync());

        var printed = simulator.SentTradeIds(ExchangeId.Hyperliquid, "BTC").ToList();
        var end = printed.IndexOf(backfill[^1]);
        var missed = printed.Skip(printed.IndexOf(lastSeen) + 1).Take(end - printed.IndexOf(lastSeen)).ToList();
        Assert.True(missed.Count >= 5);
        Assert.Contains(backfill, id => !seen.Contains(id));
        Assert.Equal(missed.TakeLast(Math.Min(missed.Count, 30)), backfill.TakeLast(Math.Min(missed.Count, 30)));
    }

    private static decimal Px(JsonElement level) => decimal.Parse(level.GetProperty("px").GetString()!, CultureInfo.InvariantCulture);

    private static List<string> Tids(JsonElement frame)
    {
        Assert.Equal("trades", frame.GetProperty("channel").GetString());
        return frame.GetProperty("data").EnumerateArray().Select(t =>
        {
            Assert.Equal("BTC", t.GetProperty("coin").GetString());
            Assert.Contains(t.GetProperty("side").GetString(), new[] { "B", "A" });
            Assert.True(t.GetProperty("tid").GetInt64() is >= 0 and < 1L << 50);
            Assert.True(t.GetProperty("time").GetInt64() > 0);
            Assert.Equal(66, t.GetProperty("hash").GetString()!.Length);
            Assert.Equal(2, t.GetProperty("users").GetArrayLength());
            return t.GetProperty("tid").GetInt64().ToString(CultureInfo.InvariantCulture);
        }).ToList();
    }
}
