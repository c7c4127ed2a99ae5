using System.Globalization;
using System.Text.Json;
using Archiver.Feeds.Model;
using Archiver.Feeds.Simulator;

namespace Archiver.Feeds.Tests.Simulator;

/// <summary>The Binance USD-M wire protocol as the simulator serves it on /public/stream.</summary>
public sealed class BinanceSimulatorTests
{
    private const string Subscribe = """{"method":"SUBSCRIBE","params":["btcusdt@depth20@100ms","btcusdt@trade"],"id":1}""";

    [Fact]
    public async Task Subscribe_is_acked_then_depth_frames_chain_pu_to_u_and_trade_ids_are_consecutive()
    {
        await using var simulator = await SimulatorTestOptions.StartAsync();
        await using var client = await RawClient.ConnectAsync(simulator.BinanceEndpoint);
        await client.SendAsync(Subscribe);

        var ack = await client.ReceiveJsonAsync();
        Assert.Equal(JsonValueKind.Null, ack.GetProperty("result").ValueKind);
        Assert.Equal(1, ack.GetProperty("id").GetInt32());

        JsonElement? previousDepth = null;
        var tradeIds = new List<long>();
        var depthFrames = 0;
        await client.ReceiveUntilAsync(_ => depthFrames >= 20 && tradeIds.Count >= 20, frame =>
        {
            var stream = frame.GetProperty("stream").GetString();
            var data = frame.GetProperty("data");
            Assert.Equal("BTCUSDT", data.GetProperty("s").GetString());
            Assert.True(data.GetProperty("T").GetInt64() <= data.GetProperty("E").GetInt64());
            if (stream == "btcusdt@depth20@100ms")
            {
                Assert.Equal("depthUpdate", data.GetProperty("e").GetString());
                AssertDepth20(data);
                if (previousDepth is { } previous)
                {
                    Assert.Equal(previous.GetProperty("u").GetInt64(), data.GetProperty("pu").GetInt64());
                    Assert.Equal(previous.GetProperty("u").GetInt64() + 1, data.GetProperty("U").GetInt64());
                }

                previousDepth = data;
                depthFrames++;
            }
            else
            {
                Assert.Equal("btcusdt@trade", stream);
                Assert.Equal("trade", data.GetProperty("e").GetString());
                Assert.Equal("MARKET", data.GetProperty("X").GetString());
                Assert.True(Price(data.GetProperty("p")) > 0);
                Assert.True(Price(data.GetProperty("q")) > 0);
                Assert.Contains(data.GetProperty("m").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
                tradeIds.Add(data.GetProperty("t").GetInt64());
            }
        });

        for (var i = 1; i < tradeIds.Count; i++) Assert.Equal(tradeIds[i - 1] + 1, tradeIds[i]);
        // What was received is a contiguous run of what the market printed.
        var printed = simulator.SentTradeIds(ExchangeId.Binance, "BTCUSDT");
        var start = printed.ToList().IndexOf(tradeIds[0].ToString(CultureInfo.InvariantCulture));
        Assert.True(start >= 0);
        Assert.Equal(tradeIds.Select(t => t.ToString(CultureInfo.InvariantCulture)), printed.Skip(start).Take(tradeIds.Count));
    }

    [Fact]
    public async Task List_subscriptions_reflects_unsubscribe_and_no_trade_frame_follows_its_ack()
    {
        await using var simulator = await SimulatorTestOptions.StartAsync();
        await using var client = await RawClient.ConnectAsync(simulator.BinanceEndpoint);
        await client.SendAsync(Subscribe);
        await client.SendAsync("""{"method":"LIST_SUBSCRIPTIONS","id":2}""");
        var list = await client.ReceiveUntilAsync(f => f.TryGetProperty("id", out var id) && id.GetInt32() == 2);
        Assert.Equal(["btcusdt@depth20@100ms", "btcusdt@trade"], list.GetProperty("result").EnumerateArray().Select(e => e.GetString()));

        await client.SendAsync("""{"method":"UNSUBSCRIBE","params":["btcusdt@trade"],"id":3}""");
        var ack = await client.ReceiveUntilAsync(f => f.TryGetProperty("id", out var id) && id.GetInt32() == 3);
        Assert.Equal(JsonValueKind.Null, ack.GetProperty("result").ValueKind);

        var depthFrames = 0;
        await client.ReceiveUntilAsync(_ => depthFrames >= 15, f =>
        {
            Assert.Equal("btcusdt@depth20@100ms", f.GetProperty("stream").GetString());
            depthFrames++;
        });
        await client.SendAsync("""{"method":"LIST_SUBSCRIPTIONS","id":4}""");
        list = await client.ReceiveUntilAsync(f => f.TryGetProperty("id", out var id) && id.GetInt32() == 4);
        Assert.Equal(["btcusdt@depth20@100ms"], list.GetProperty("result").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Streams_named_in_the_url_flow_without_a_subscribe_and_depth10_has_ten_levels()
    {
        await using var simulator = await SimulatorTestOptions.StartAsync();
        var uri = new Uri(simulator.BinanceEndpoint + "?streams=btcusdt@trade/ethusdt@depth10@100ms");
        await using var client = await RawClient.ConnectAsync(uri);
        var seen = new HashSet<string>();
        await client.ReceiveUntilAsync(_ => seen.Count == 2, f =>
        {
            var stream = f.GetProperty("stream").GetString()!;
            seen.Add(stream);
            if (stream == "ethusdt@depth10@100ms")
            {
                Assert.Equal(10, f.GetProperty("data").GetProperty("b").GetArrayLength());
                Assert.Equal(10, f.GetProperty("data").GetProperty("a").GetArrayLength());
            }
            else
            {
                Assert.Equal("btcusdt@trade", stream);
            }
        });
    }

    [Fact]
    public async Task Unknown_streams_are_acked_and_never_fed()
    {
        await using var simulator = await SimulatorTestOptions.StartAsync();
        await using var client = await RawClient.ConnectAsync(simulator.BinanceEndpoint);
        await client.SendAsync("""{"method":"SUBSCRIBE","params":["btcusdt@aggTrade","xrpusdt@trade","ethusdt@trade"],"id":7}""");
        Assert.Equal(7, (await client.ReceiveJsonAsync()).GetProperty("id").GetInt32());
        var trades = 0;
        await client.ReceiveUntilAsync(_ => trades >= 20, f =>
        {
            Assert.Equal("ethusdt@trade", f.GetProperty("stream").GetString());
            trades++;
        });
    }

    [Fact]
    public async Task SkipSequence_breaks_the_pu_chain_once_and_leaves_the_skipped_trade_ids_out()
    {
        await using var simulator = await SimulatorTestOptions.StartAsync();
        await using var client = await RawClient.ConnectAsync(simulator.BinanceEndpoint);
        await client.SendAsync(Subscribe);
        await client.ReceiveJsonAsync();
        var depth = (await client.ReceiveUntilAsync(f => f.GetProperty("stream").GetString()!.Contains("depth", StringComparison.Ordinal))).GetProperty("data");
        var lastTrade = (await client.ReceiveUntilAsync(f => f.GetProperty("stream").GetString() == "btcusdt@trade")).GetProperty("data").GetProperty("t").GetInt64();

        simulator.SkipSequence(ExchangeId.Binance, "BTCUSDT", tradesToSkip: 3);

        var breaks = new List<(long Pu, long PreviousU)>();
        var missing = new List<long>();
        var depthAfterBreak = 0;
        await client.ReceiveUntilAsync(_ => missing.Count > 0 && depthAfterBreak >= 5, f =>
        {
            var data = f.GetProperty("data");
            if (f.GetProperty("stream").GetString() == "btcusdt@trade")
            {
                var t = data.GetProperty("t").GetInt64();
                for (var id = lastTrade + 1; id < t; id++) missing.Add(id);
                lastTrade = t;
                return;
            }

            if (data.GetProperty("pu").GetInt64() != depth.GetProperty("u").GetInt64())
                breaks.Add((data.GetProperty("pu").GetInt64(), depth.GetProperty("u").GetInt64()));
            if (breaks.Count > 0) depthAfterBreak++;
            depth = data;
        });

        var (pu, previousU) = Assert.Single(breaks);
        Assert.True(pu > previousU);
        Assert.Equal(3, missing.Count);
        Assert.Equal(missing.Select(m => m.ToString(CultureInfo.InvariantCulture)), simulator.SkippedTradeIds(ExchangeId.Binance, "BTCUSDT"));
        Assert.Contains(missing[0].ToString(CultureInfo.InvariantCulture), simulator.SentTradeIds(ExchangeId.Binance, "BTCUSDT"));
    }

    [Fact]
    public async Task Zero_price_frames_spend_trade_ids_without_a_fill()
    {
        var options = SimulatorTestOptions.Fast();
        options.BinanceZeroPriceTradeProbability = 0.3;
        await using var simulator = await SimulatorTestOptions.StartAsync(options);
        await using var client = await RawClient.ConnectAsync(new Uri(simulator.BinanceEndpoint + "?streams=btcusdt@trade"));
        var ids = new List<long>();
        var zeros = 0;
        await client.ReceiveUntilAsync(_ => ids.Count >= 60 && zeros > 0, f =>
        {
            var data = f.GetProperty("data");
            ids.Add(data.GetProperty("t").GetInt64());
            if (data.GetProperty("p").GetString() != "0") return;
            Assert.Equal("0", data.GetProperty("q").GetString());
            Assert.Equal("NA", data.GetProperty("X").GetString());
            zeros++;
        });
        for (var i = 1; i < ids.Count; i++) Assert.Equal(ids[i - 1] + 1, ids[i]);
    }

    [Fact]
    public async Task A_client_that_never_answers_pings_is_dropped_while_one_that_reads_stays()
    {
        var options = SimulatorTestOptions.Fast();
        options.BinancePingInterval = TimeSpan.FromMilliseconds(100);
        options.BinancePongTimeout = TimeSpan.FromMilliseconds(300);
        await using var simulator = await SimulatorTestOptions.StartAsync(options);
        await using var reader = await RawClient.ConnectAsync(new Uri(simulator.BinanceEndpoint + "?streams=btcusdt@trade"));
        var firstEvent = (await reader.ReceiveJsonAsync()).GetProperty("data").GetProperty("E").GetInt64();

        // This client never calls ReceiveAsync, so its websocket never processes a ping nor sends a pong.
        await using var deaf = await RawClient.ConnectAsync(simulator.BinanceEndpoint);
        await simulator.WaitForConnectionCountAsync(ExchangeId.Binance, 2, SimulatorTestOptions.Timeout());

        var dropped = simulator.WaitForConnectionCountAsync(ExchangeId.Binance, 1, SimulatorTestOptions.Timeout());
        // Keep reading (answering pings) for well over a pong timeout of exchange time.
        await reader.ReceiveUntilAsync(f => f.GetProperty("data").GetProperty("E").GetInt64() > firstEvent + 1_500);
        await dropped;
        Assert.Equal(1, simulator.ConnectionCount(ExchangeId.Binance));
    }

    private static decimal Price(JsonElement value) => decimal.Parse(value.GetString()!, CultureInfo.InvariantCulture);

    private static void AssertDepth20(JsonElement data)
    {
        var bids = data.GetProperty("b").EnumerateArray().Select(l => (Price(l[0]), Price(l[1]))).ToList();
        var asks = data.GetProperty("a").EnumerateArray().Select(l => (Price(l[0]), Price(l[1]))).ToList();
        Assert.Equal(20, bids.Count);
        Assert.Equal(20, asks.Count);
        for (var i = 1; i < 20; i++)
        {
            Assert.True(bids[i].Item1 < bids[i - 1].Item1, "bids descend");
            Assert.True(asks[i].Item1 > asks[i - 1].Item1, "asks ascend");
        }

        Assert.True(bids[0].Item1 < asks[0].Item1, "not crossed");
        Assert.All(bids.Concat(asks), l => Assert.True(l.Item2 > 0));
    }
}
