using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Archiver.Feeds.Model;
using Microsoft.AspNetCore.Http;

namespace Archiver.Feeds.Simulator;

/// <summary>
/// Hyperliquid: a non-JSON greeting on connect; <c>l2Book</c> full 20-level snapshots (<c>px</c>, <c>sz</c>, <c>n</c>);
/// <c>trades</c> batches of <c>WsTrade</c> (random 50-bit <c>tid</c>, side B/A), and on every trades subscribe first
/// the last ~30 trades the market printed, including those a client missed while it was away.
/// </summary>
internal sealed class HyperliquidFeed : SimulatedFeed
{
    public const int BookDepth = 20;
    public const string Greeting = "Websocket connection established.";

    public HyperliquidFeed(SimulatorOptions options, SimulatorSignals signals)
        : base(ExchangeId.Hyperliquid, options, SimulatedTradeIdKind.Random50Bit, options.HyperliquidBackfillTrades, signals)
    {
    }

    /// <summary>The recent-trades backfill for a new trades subscriber, or null when there is none (under the lock).</summary>
    public byte[]? BackfillLocked(StreamKey stream)
    {
        if (TryGetSymbol(stream.Symbol) is not { } symbol || symbol.Name != stream.Symbol) return null;
        if (symbol.Faults.IsSilenced(StreamKind.Trades) || symbol.Market.RecentTrades.Count == 0) return null;
        return TradesFrame(symbol.Market, symbol.Market.RecentTrades);
    }

    protected override SimulatorSession CreateSession(WebSocket socket, HttpContext http, string id) =>
        new HyperliquidSession(this, socket, http, id);

    protected override void PublishLocked(SimulatedSymbol symbol, bool bookStep, long nowMs)
    {
        var market = symbol.Market;
        var faults = symbol.Faults;
        if (bookStep && !faults.TryConsumeBookSkip() && !faults.IsSilenced(StreamKind.Book))
            BroadcastLocked(new StreamKey(ExchangeId.Hyperliquid, symbol.Name, StreamKind.Book), () => BookFrame(market, nowMs));

        if (market.NewTrades.Count == 0) return;
        var sent = new List<SimulatedTrade>(market.NewTrades.Count);
        foreach (var trade in market.NewTrades)
        {
            if (faults.TryConsumeTradeSkip()) symbol.SkippedTradeIds.Add(trade.Id);
            else sent.Add(trade);
        }

        if (sent.Count == 0 || faults.IsSilenced(StreamKind.Trades)) return;
        BroadcastLocked(new StreamKey(ExchangeId.Hyperliquid, symbol.Name, StreamKind.Trades), () => TradesFrame(market, sent));
    }

    protected override byte[] MalformedFrame()
    {
        var coin = SymbolNames.FirstOrDefault() ?? "BTC";
        return Encoding.UTF8.GetBytes($"{{\"channel\":\"l2Book\",\"data\":{{\"coin\":\"{coin}\",\"time\":{NowMillis()},\"levels\":[[{{\"px\":");
    }

    private static byte[] BookFrame(SimulatedMarket market, long timeMs) =>
        SimulatorJson.Build((market, timeMs), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("channel"u8, "l2Book"u8);
            w.WriteStartObject("data"u8);
            w.WriteString("coin"u8, s.market.Symbol);
            w.WriteNumber("time"u8, s.timeMs);
            w.WriteStartArray("levels"u8);
            WriteSide(w, s.market, SimulatorJson.Bids(s.market, BookDepth));
            WriteSide(w, s.market, SimulatorJson.Asks(s.market, BookDepth));
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static void WriteSide(Utf8JsonWriter w, SimulatedMarket market, IEnumerable<BookLevel> levels)
    {
        w.WriteStartArray();
        foreach (var level in levels)
        {
            w.WriteStartObject();
            w.WriteString("px"u8, market.FormatPrice(level.PriceTicks));
            w.WriteString("sz"u8, market.FormatSize(level.Lots));
            w.WriteNumber("n"u8, 1 + (int)((level.Lots * 7 + level.PriceTicks) % 23));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static byte[] TradesFrame(SimulatedMarket market, IEnumerable<SimulatedTrade> trades) =>
        SimulatorJson.Build((market, trades), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("channel"u8, "trades"u8);
            w.WriteStartArray("data"u8);
            foreach (var trade in s.trades)
            {
                var tid = long.Parse(trade.Id, CultureInfo.InvariantCulture);
                w.WriteStartObject();
                w.WriteString("coin"u8, s.market.Symbol);
                w.WriteString("side"u8, trade.Side == TakerSide.Buy ? "B"u8 : "A"u8);
                w.WriteString("px"u8, s.market.FormatPrice(trade.PriceTicks));
                w.WriteString("sz"u8, s.market.FormatSize(trade.Lots));
                w.WriteNumber("time"u8, trade.TimeMs);
                w.WriteString("hash"u8, Hex(tid, 4));
                w.WriteNumber("tid"u8, tid);
                w.WriteStartArray("users"u8);
                w.WriteStringValue(Address(tid, 0));
                w.WriteStringValue(Address(tid, 1));
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });

    /// <summary>One of 16 made-up user addresses, chosen by the trade id (so a re-sent trade looks the same).</summary>
    private static string Address(long tid, int party) => Hex((((tid >> (4 * party)) & 0xF) * 7919) + party, 3)[..42];

    /// <summary>"0x" and <paramref name="words"/> × 16 hex digits derived from <paramref name="value"/> (splitmix64).</summary>
    private static string Hex(long value, int words)
    {
        var text = new StringBuilder("0x", 2 + (words * 16));
        var state = (ulong)value;
        for (var i = 0; i < words; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            text.Append(z.ToString("x16", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
