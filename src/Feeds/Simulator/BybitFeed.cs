using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Archiver.Feeds.Model;
using Microsoft.AspNetCore.Http;

namespace Archiver.Feeds.Simulator;

/// <summary>
/// Bybit v5 linear: <c>orderbook.50.&lt;SYM&gt;</c> sends a <c>snapshot</c> to each new subscriber, then <c>delta</c>s to
/// all (<c>u</c> +1 each, <c>seq</c> increasing, <c>ts</c> and <c>cts</c>), size "0" deleting a level;
/// <c>publicTrade.&lt;SYM&gt;</c> sends one message per market step with a <c>data</c> array. <see cref="Restart"/> sends a
/// <c>u = 1</c> snapshot and restarts the chain.
/// </summary>
internal sealed class BybitFeed : SimulatedFeed
{
    public const int BookDepth = SimulatedMarket.Depth;

    private readonly List<BookLevel> _bidChanges = new(BookDepth * 2);
    private readonly List<BookLevel> _askChanges = new(BookDepth * 2);
    private readonly Dictionary<string, long> _lastTradePrice = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _lastTickUp = new(StringComparer.Ordinal);

    public BybitFeed(SimulatorOptions options, SimulatorSignals signals)
        : base(ExchangeId.Bybit, options, SimulatedTradeIdKind.Uuid, recentTrades: 0, signals)
    {
    }

    /// <summary>What a topic means here, or null with the reason Bybit would give.</summary>
    public StreamKey? ParseTopic(string topic, out string? error)
    {
        error = null;
        string? symbol = null;
        var kind = StreamKind.Book;
        if (topic.StartsWith("orderbook.50.", StringComparison.Ordinal)) symbol = topic["orderbook.50.".Length..];
        else if (topic.StartsWith("publicTrade.", StringComparison.Ordinal)) (symbol, kind) = (topic["publicTrade.".Length..], StreamKind.Trades);
        if (symbol is null)
        {
            error = $"error:handler not found,topic:{topic}";
            return null;
        }

        if (FindSymbol(symbol) is not { } name || name != symbol)
        {
            error = $"Invalid symbol :[{topic}]";
            return null;
        }

        return new StreamKey(ExchangeId.Bybit, name, kind);
    }

    /// <summary>The topic of a stream.</summary>
    public static string Topic(StreamKey stream) =>
        stream.Kind == StreamKind.Book ? $"orderbook.{BookDepth}.{stream.Symbol}" : $"publicTrade.{stream.Symbol}";

    /// <summary>A snapshot of the symbol's 50-level book at its current <c>u</c> (under the lock).</summary>
    public byte[] SnapshotLocked(string symbol)
    {
        var state = GetSymbol(symbol);
        var now = NowMillis();
        return BookFrame(state, "snapshot", now, now - 1, SimulatorJson.Bids(state.Market, BookDepth), SimulatorJson.Asks(state.Market, BookDepth));
    }

    /// <summary>Whether the symbol's book stream is silenced (under the lock).</summary>
    public bool IsSilencedLocked(StreamKey stream) => GetSymbol(stream.Symbol).Faults.IsSilenced(stream.Kind);

    /// <summary>A service restart for <paramref name="symbol"/>: every subscriber gets a <c>u = 1</c> snapshot and the
    /// deltas continue from 2.</summary>
    public void Restart(string symbol)
    {
        lock (Gate)
        {
            var state = GetSymbol(symbol);
            state.UpdateId = 1;
            state.Sequence += 1 + state.Market.Random.Next(0, 20);
            if (state.Faults.IsSilenced(StreamKind.Book)) return;
            BroadcastLocked(new StreamKey(ExchangeId.Bybit, state.Name, StreamKind.Book), () => SnapshotLocked(state.Name));
        }
    }

    protected override SimulatorSession CreateSession(WebSocket socket, HttpContext http, string id) =>
        new BybitSession(this, socket, http, id);

    protected override void PublishLocked(SimulatedSymbol symbol, bool bookStep, long nowMs)
    {
        var market = symbol.Market;
        var faults = symbol.Faults;
        if (bookStep)
        {
            symbol.UpdateId++;
            symbol.Sequence += 1 + market.Random.Next(0, 20);
            var matchMs = nowMs - market.Random.Next(0, 5);
            if (!faults.TryConsumeBookSkip() && !faults.IsSilenced(StreamKind.Book))
            {
                market.CopyChanges(_bidChanges, _askChanges);
                BroadcastLocked(new StreamKey(ExchangeId.Bybit, symbol.Name, StreamKind.Book),
                    () => BookFrame(symbol, "delta", nowMs, matchMs, _bidChanges, _askChanges));
            }
        }

        if (market.NewTrades.Count == 0) return;
        symbol.Sequence += 1 + market.Random.Next(0, 20);
        var sent = new List<(SimulatedTrade Trade, string Tick)>(market.NewTrades.Count);
        foreach (var trade in market.NewTrades)
        {
            var tick = TickDirection(symbol.Name, trade.PriceTicks);
            if (faults.TryConsumeTradeSkip()) symbol.SkippedTradeIds.Add(trade.Id);
            else sent.Add((trade, tick));
        }

        if (sent.Count == 0 || faults.IsSilenced(StreamKind.Trades)) return;
        BroadcastLocked(new StreamKey(ExchangeId.Bybit, symbol.Name, StreamKind.Trades), () => TradeFrame(symbol, sent, nowMs));
    }

    protected override byte[] MalformedFrame()
    {
        var symbol = SymbolNames.FirstOrDefault() ?? "BTCUSDT";
        return Encoding.UTF8.GetBytes($"{{\"topic\":\"orderbook.50.{symbol}\",\"type\":\"delta\",\"ts\":{NowMillis()},\"data\":{{\"s\":\"{symbol}\",\"b\":[[\"9");
    }

    private string TickDirection(string symbol, long price)
    {
        var up = _lastTickUp.GetValueOrDefault(symbol, true);
        string tick;
        if (!_lastTradePrice.TryGetValue(symbol, out var last) || price == last) tick = up ? "ZeroPlusTick" : "ZeroMinusTick";
        else
        {
            up = price > last;
            tick = up ? "PlusTick" : "MinusTick";
        }

        _lastTradePrice[symbol] = price;
        _lastTickUp[symbol] = up;
        return tick;
    }

    private static byte[] BookFrame(SimulatedSymbol symbol, string type, long ts, long cts, IEnumerable<BookLevel> bids, IEnumerable<BookLevel> asks) =>
        SimulatorJson.Build((symbol, type, ts, cts, bids, asks), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("topic"u8, Topic(new StreamKey(ExchangeId.Bybit, s.symbol.Name, StreamKind.Book)));
            w.WriteString("type"u8, s.type);
            w.WriteNumber("ts"u8, s.ts);
            w.WriteStartObject("data"u8);
            w.WriteString("s"u8, s.symbol.Name);
            w.WritePropertyName("b"u8);
            SimulatorJson.WriteLevels(w, s.symbol.Market, s.bids);
            w.WritePropertyName("a"u8);
            SimulatorJson.WriteLevels(w, s.symbol.Market, s.asks);
            w.WriteNumber("u"u8, s.symbol.UpdateId);
            w.WriteNumber("seq"u8, s.symbol.Sequence);
            w.WriteEndObject();
            w.WriteNumber("cts"u8, s.cts);
            w.WriteEndObject();
        });

    private static byte[] TradeFrame(SimulatedSymbol symbol, List<(SimulatedTrade Trade, string Tick)> trades, long ts) =>
        SimulatorJson.Build((symbol, trades, ts), static (w, s) =>
        {
            var market = s.symbol.Market;
            w.WriteStartObject();
            w.WriteString("topic"u8, $"publicTrade.{s.symbol.Name}");
            w.WriteString("type"u8, "snapshot"u8);
            w.WriteNumber("ts"u8, s.ts);
            w.WriteStartArray("data"u8);
            foreach (var (trade, tick) in s.trades)
            {
                w.WriteStartObject();
                w.WriteNumber("T"u8, trade.TimeMs);
                w.WriteString("s"u8, s.symbol.Name);
                w.WriteString("S"u8, trade.Side == TakerSide.Buy ? "Buy"u8 : "Sell"u8);
                w.WriteString("v"u8, market.FormatSize(trade.Lots));
                w.WriteString("p"u8, market.FormatPrice(trade.PriceTicks));
                w.WriteString("L"u8, tick);
                w.WriteString("i"u8, trade.Id);
                w.WriteBoolean("BT"u8, false);
                w.WriteBoolean("RPI"u8, false);
                w.WriteNumber("seq"u8, s.symbol.Sequence);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
}
