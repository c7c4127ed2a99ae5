using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Archiver.Feeds.Model;
using Microsoft.AspNetCore.Http;

namespace Archiver.Feeds.Simulator;

/// <summary>
/// Binance USD-M on <c>/public/stream</c>: combined frames <c>{"stream":…,"data":…}</c> for
/// <c>&lt;sym&gt;@depth{5,10,20}[@100ms|@250ms|@500ms]</c> (the full top N each time, <c>pu</c> = the previous frame's
/// <c>u</c> of the symbol) and <c>&lt;sym&gt;@trade</c> (one frame per trade, <c>t</c> consecutive per symbol, now and
/// then a <c>p:"0"</c> frame that spends an id without a fill). Pings with websocket control frames.
/// </summary>
internal sealed class BinanceFeed : SimulatedFeed
{
    private readonly Dictionary<string, byte[]> _frameCache = new(StringComparer.Ordinal);

    public BinanceFeed(SimulatorOptions options, SimulatorSignals signals)
        : base(ExchangeId.Binance, options, SimulatedTradeIdKind.Consecutive, recentTrades: 0, signals)
    {
    }

    /// <summary>What a stream name means here; unknown names and symbols get a null key (acknowledged, never fed).</summary>
    public BinanceStream ParseStream(string name)
    {
        var parts = name.Split('@');
        if (parts.Length < 2 || FindSymbol(parts[0]) is not { } symbol || parts[0] != parts[0].ToLowerInvariant())
            return new BinanceStream(name, null, 0);
        if (parts.Length == 2 && parts[1] == "trade")
            return new BinanceStream(name, new StreamKey(ExchangeId.Binance, symbol, StreamKind.Trades), 0);
        var depth = parts[1] switch { "depth5" => 5, "depth10" => 10, "depth20" => 20, _ => 0 };
        var speedOk = parts.Length == 2 || (parts.Length == 3 && parts[2] is "100ms" or "250ms" or "500ms");
        return depth > 0 && speedOk
            ? new BinanceStream(name, new StreamKey(ExchangeId.Binance, symbol, StreamKind.Book), depth)
            : new BinanceStream(name, null, 0);
    }

    protected override WebSocketAcceptContext CreateAcceptContext() => new()
    {
        KeepAliveInterval = Options.BinancePingInterval,
        KeepAliveTimeout = Options.BinancePongTimeout,
    };

    protected override SimulatorSession CreateSession(WebSocket socket, HttpContext http, string id) =>
        new BinanceSession(this, socket, http, id, http.Request.Query["streams"].ToString());

    protected override void PublishLocked(SimulatedSymbol symbol, bool bookStep, long nowMs)
    {
        var market = symbol.Market;
        var faults = symbol.Faults;
        if (bookStep)
        {
            var previous = symbol.UpdateId;
            var first = previous + 1;
            var last = previous + 1 + market.Random.Next(0, 40);
            symbol.UpdateId = last;
            var transactionMs = nowMs - market.Random.Next(0, 5);
            if (!faults.TryConsumeBookSkip() && !faults.IsSilenced(StreamKind.Book))
            {
                var key = new StreamKey(ExchangeId.Binance, symbol.Name, StreamKind.Book);
                _frameCache.Clear();
                foreach (BinanceSession session in Sessions)
                {
                    foreach (var stream in session.Streams)
                    {
                        if (stream.Key != key) continue;
                        if (!_frameCache.TryGetValue(stream.Name, out var frame))
                        {
                            frame = DepthFrame(stream, market, nowMs, transactionMs, first, last, previous);
                            _frameCache.Add(stream.Name, frame);
                        }

                        session.Enqueue(frame);
                    }
                }
            }
        }

        var tradeKey = new StreamKey(ExchangeId.Binance, symbol.Name, StreamKind.Trades);
        var tradeStream = symbol.Name.ToLowerInvariant() + "@trade";
        foreach (var trade in market.NewTrades)
        {
            var zero = market.Random.NextDouble() < Options.BinanceZeroPriceTradeProbability;
            if (faults.TryConsumeTradeSkip())
            {
                symbol.SkippedTradeIds.Add(trade.Id);
                continue;
            }

            if (faults.IsSilenced(StreamKind.Trades)) continue;
            BroadcastLocked(tradeKey, () => TradeFrame(tradeStream, market, trade, nowMs, zero));
        }
    }

    protected override byte[] MalformedFrame()
    {
        var symbol = SymbolNames.FirstOrDefault()?.ToLowerInvariant() ?? "btcusdt";
        return Encoding.UTF8.GetBytes($"{{\"stream\":\"{symbol}@trade\",\"data\":{{\"e\":\"trade\",\"E\":{NowMillis()},\"T\":");
    }

    private static byte[] DepthFrame(BinanceStream stream, SimulatedMarket market, long eventMs, long transactionMs, long first, long last, long previous) =>
        SimulatorJson.Build((stream, market, eventMs, transactionMs, first, last, previous), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("stream"u8, s.stream.Name);
            w.WriteStartObject("data"u8);
            w.WriteString("e"u8, "depthUpdate"u8);
            w.WriteNumber("E"u8, s.eventMs);
            w.WriteNumber("T"u8, s.transactionMs);
            w.WriteString("s"u8, s.market.Symbol);
            w.WriteNumber("U"u8, s.first);
            w.WriteNumber("u"u8, s.last);
            w.WriteNumber("pu"u8, s.previous);
            w.WritePropertyName("b"u8);
            SimulatorJson.WriteLevels(w, s.market, SimulatorJson.Bids(s.market, s.stream.Depth));
            w.WritePropertyName("a"u8);
            SimulatorJson.WriteLevels(w, s.market, SimulatorJson.Asks(s.market, s.stream.Depth));
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static byte[] TradeFrame(string stream, SimulatedMarket market, SimulatedTrade trade, long eventMs, bool zero) =>
        SimulatorJson.Build((stream, market, trade, eventMs, zero), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("stream"u8, s.stream);
            w.WriteStartObject("data"u8);
            w.WriteString("e"u8, "trade"u8);
            w.WriteNumber("E"u8, s.eventMs);
            w.WriteNumber("T"u8, s.trade.TimeMs);
            w.WriteString("s"u8, s.market.Symbol);
            w.WriteNumber("t"u8, long.Parse(s.trade.Id, CultureInfo.InvariantCulture));
            w.WriteString("p"u8, s.zero ? "0" : s.market.FormatPrice(s.trade.PriceTicks));
            w.WriteString("q"u8, s.zero ? "0" : s.market.FormatSize(s.trade.Lots));
            w.WriteString("X"u8, s.zero ? "NA"u8 : "MARKET"u8);
            w.WriteBoolean("m"u8, s.trade.Side == TakerSide.Sell);
            w.WriteEndObject();
            w.WriteEndObject();
        });
}
