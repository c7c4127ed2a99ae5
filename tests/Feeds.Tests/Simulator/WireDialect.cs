using System.Text.Json;
using Archiver.Feeds.Model;
using Archiver.Feeds.Simulator;

namespace Archiver.Feeds.Tests.Simulator;

/// <summary>What a frame carries, as a client of one exchange tells it apart.</summary>
internal enum FrameKind
{
    Other,
    Book,
    Trades,
}

/// <summary>Just enough of each exchange's wire format for the fault tests that run against all three.</summary>
internal abstract class WireDialect
{
    public static readonly WireDialect Binance = new BinanceDialect();
    public static readonly WireDialect Bybit = new BybitDialect();
    public static readonly WireDialect Hyperliquid = new HyperliquidDialect();

    public abstract ExchangeId Exchange { get; }

    public abstract string Symbol { get; }

    public StreamKey BookStream => new(Exchange, Symbol, StreamKind.Book);

    public StreamKey TradeStream => new(Exchange, Symbol, StreamKind.Trades);

    /// <summary>A request the exchange answers with <see cref="IsReply"/> (a ping, or Binance's LIST_SUBSCRIPTIONS).</summary>
    public abstract string Probe { get; }

    public static WireDialect For(ExchangeId exchange) => exchange switch
    {
        ExchangeId.Binance => Binance,
        ExchangeId.Bybit => Bybit,
        _ => Hyperliquid,
    };

    /// <summary>Connects (skipping Hyperliquid's greeting), subscribes book and trades of <see cref="Symbol"/> and
    /// waits until the simulator has both subscriptions.</summary>
    public async Task<RawClient> ConnectAndSubscribeAsync(ExchangeSimulator simulator)
    {
        var client = await RawClient.ConnectAsync(simulator.Endpoint(Exchange));
        if (Exchange == ExchangeId.Hyperliquid) Assert.Equal(HyperliquidFeedGreeting, await client.ReceiveTextAsync());
        foreach (var message in SubscribeMessages()) await client.SendAsync(message);
        await simulator.WaitForSubscriptionAsync(BookStream, SimulatorTestOptions.Timeout());
        await simulator.WaitForSubscriptionAsync(TradeStream, SimulatorTestOptions.Timeout());
        return client;
    }

    public abstract FrameKind Classify(JsonElement frame);

    /// <summary>Trade ids in a trades frame, as text.</summary>
    public abstract IEnumerable<string> TradeIds(JsonElement frame);

    public abstract bool IsReply(JsonElement frame);

    /// <summary>For exchanges with a book sequence: whether <paramref name="next"/> does not follow
    /// <paramref name="previous"/>; null when the exchange has none.</summary>
    public abstract bool? ChainBroken(JsonElement previous, JsonElement next);

    protected abstract IEnumerable<string> SubscribeMessages();

    private const string HyperliquidFeedGreeting = "Websocket connection established.";

    private sealed class BinanceDialect : WireDialect
    {
        public override ExchangeId Exchange => ExchangeId.Binance;

        public override string Symbol => "BTCUSDT";

        public override string Probe => """{"method":"LIST_SUBSCRIPTIONS","id":99}""";

        public override FrameKind Classify(JsonElement frame) =>
            !frame.TryGetProperty("stream", out var s) ? FrameKind.Other
            : s.GetString()!.EndsWith("@trade", StringComparison.Ordinal) ? FrameKind.Trades : FrameKind.Book;

        public override IEnumerable<string> TradeIds(JsonElement frame) => [frame.GetProperty("data").GetProperty("t").GetInt64().ToString()];

        public override bool IsReply(JsonElement frame) => frame.TryGetProperty("id", out var id) && id.GetInt32() == 99;

        public override bool? ChainBroken(JsonElement previous, JsonElement next) =>
            next.GetProperty("data").GetProperty("pu").GetInt64() != previous.GetProperty("data").GetProperty("u").GetInt64();

        protected override IEnumerable<string> SubscribeMessages() =>
            ["""{"method":"SUBSCRIBE","params":["btcusdt@depth20@100ms","btcusdt@trade"],"id":1}"""];
    }

    private sealed class BybitDialect : WireDialect
    {
        public override ExchangeId Exchange => ExchangeId.Bybit;

        public override string Symbol => "BTCUSDT";

        public override string Probe => """{"op":"ping","req_id":"probe"}""";

        public override FrameKind Classify(JsonElement frame) =>
            !frame.TryGetProperty("topic", out var t) ? FrameKind.Other
            : t.GetString()!.StartsWith("publicTrade.", StringComparison.Ordinal) ? FrameKind.Trades : FrameKind.Book;

        public override IEnumerable<string> TradeIds(JsonElement frame) =>
            frame.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("i").GetString()!).ToList();

        public override bool IsReply(JsonElement frame) =>
            frame.TryGetProperty("ret_msg", out var m) && m.GetString() == "pong" && frame.GetProperty("req_id").GetString() == "probe";

        public override bool? ChainBroken(JsonElement previous, JsonElement next) =>
            next.GetProperty("data").GetProperty("u").GetInt64() != previous.GetProperty("data").GetProperty("u").GetInt64() + 1;

        protected override IEnumerable<string> SubscribeMessages() =>
            ["""{"req_id":"s1","op":"subscribe","args":["orderbook.50.BTCUSDT","publicTrade.BTCUSDT"]}"""];
    }

    private sealed class HyperliquidDialect : WireDialect
    {
        public override ExchangeId Exchange => ExchangeId.Hyperliquid;

        public override string Symbol => "BTC";

        public override string Probe => """{"method":"ping"}""";

        public override FrameKind Classify(JsonElement frame) => frame.GetProperty("channel").GetString() switch
        {
            "l2Book" => FrameKind.Book,
            "trades" => FrameKind.Trades,
            _ => FrameKind.Other,
        };

        public override IEnumerable<string> TradeIds(JsonElement frame) =>
            frame.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("tid").GetInt64().ToString()).ToList();

        public override bool IsReply(JsonElement frame) => frame.GetProperty("channel").GetString() == "pong";

        public override bool? ChainBroken(JsonElement previous, JsonElement next) => null;

        protected override IEnumerable<string> SubscribeMessages() =>
        [
            """{"method":"subscribe","subscription":{"type":"l2Book","coin":"BTC"}}""",
            """{"method":"subscribe","subscription":{"type":"trades","coin":"BTC"}}""",
        ];
    }
}
