using System.Globalization;
using Archiver.Feeds.Model;
using static Archiver.Feeds.Tests.Hyperliquid.HyperliquidFixtureData;
using static Archiver.Feeds.Tests.Hyperliquid.HyperliquidFixtures;

namespace Archiver.Feeds.Tests.Hyperliquid;

/// <summary>The recorded-style fixtures replayed through the handler, with every record asserted.</summary>
public sealed class HyperliquidFixtureTests
{
    [Fact]
    public void A_first_connection_yields_the_exact_books_trades_and_events()
    {
        var sink = new RecordingSink();
        var handler = NewHandler(sink);

        FeedConnect(handler);

        Assert.Equal(
            [
                (FeedEventKind.Subscribed, (StreamKey?)BtcBook),
                (FeedEventKind.Subscribed, BtcTrades),
                (FeedEventKind.Subscribed, EthBook),
                (FeedEventKind.Subscribed, EthTrades),
                (FeedEventKind.ExchangeError, null),
                (FeedEventKind.MalformedFrame, BtcTrades),
            ],
            sink.Events.Select(e => (e.Kind, e.Stream)));
        Assert.All(sink.Events, e => Assert.Equal(ExchangeId.Hyperliquid, e.Exchange));
        Assert.Equal("subscribed to l2Book BTC", sink.Events[0].Detail);
        Assert.Equal("Already subscribed: {\"type\":\"trades\",\"coin\":\"BTC\"} (harmless: the stream stays subscribed)", sink.Events[4].Detail);
        Assert.Equal(ReceiveBase + 13, sink.Events[4].TimeMicros);
        Assert.Contains("frame of 71 bytes: {\"channel\":\"trades\",\"data\":[{\"coin\":\"BTC\",\"side\":\"B\",\"px\":\"97003\",\"sz\":", sink.Events[5].Detail, StringComparison.Ordinal);

        Assert.Equal(3, sink.Books.Count);
        AssertBook(sink.Books[0], "BTC", T0Millis + 500, ReceiveBase + 7, BookFlags.FromSnapshot | BookFlags.FirstAfterSync, BtcBids1, BtcAsks1);
        AssertBook(sink.Books[1], "ETH", T0Millis + 500, ReceiveBase + 8, BookFlags.FromSnapshot | BookFlags.FirstAfterSync, EthBids1, EthAsks1);
        AssertBook(sink.Books[2], "BTC", T0Millis + 1100, ReceiveBase + 11, BookFlags.FromSnapshot, BtcBids2, BtcAsks2);

        var btc = sink.Trades.Where(t => t.Symbol == "BTC").ToList();
        var eth = sink.Trades.Where(t => t.Symbol == "ETH").ToList();
        Assert.Equal([.. BtcBackfill, .. BtcLive1, .. BtcLive2], btc.Select(t => t.Id.Numeric));
        Assert.Equal([.. EthBackfill, .. EthLive], eth.Select(t => t.Id.Numeric));
        Assert.Equal(TradeFlags.Backfilled | TradeFlags.FirstAfterReconnect, btc[0].Flags);
        Assert.All(btc.Skip(1).Take(29), t => Assert.Equal(TradeFlags.Backfilled, t.Flags));
        Assert.All(btc.Skip(30), t => Assert.Equal(TradeFlags.None, t.Flags));
        Assert.Equal(TradeFlags.Backfilled | TradeFlags.FirstAfterReconnect, eth[0].Flags);
        Assert.All(eth.Skip(30), t => Assert.Equal(TradeFlags.None, t.Flags));
        Assert.All(btc.Take(30), t => Assert.Equal(ReceiveBase + 5, t.ReceiveTimeMicros));

        // The first live batch, field by field.
        Assert.Equal(
            [
                Expected("BTC", T0Millis + 1000, ReceiveBase + 9, 97018, 0.3199, TakerSide.Buy, 363143130554957),
                Expected("BTC", T0Millis + 1500, ReceiveBase + 9, 96980, 0.4148, TakerSide.Sell, 1120209042232711),
                Expected("BTC", T0Millis + 2500, ReceiveBase + 9, 97019, 0.3686, TakerSide.Buy, 87923179518733),
                Expected("BTC", T0Millis + 3000, ReceiveBase + 9, 97002, 0.2357, TakerSide.Buy, 653354227318013),
            ],
            btc.Skip(30).Take(4).Select(Describe));
        Assert.Equal(Expected("ETH", T0Millis + 2500, ReceiveBase + 12, 3400.2, 0.184, TakerSide.Buy, 1004444094666111), Describe(eth[^1]));

        Assert.Equal(1, handler.MalformedFrames);
        Assert.Equal(0, handler.DuplicateTradesDropped);
        Assert.Equal(60, handler.BackfilledTradesKept);
        Assert.Equal(0, handler.Anomalies);
    }

    [Fact]
    public void After_a_reconnect_the_backfill_keeps_only_the_trades_printed_during_the_outage()
    {
        var sink = new RecordingSink();
        var handler = NewHandler(sink);
        FeedConnect(handler);
        sink.Clear();

        FeedReconnect(handler);

        const long outage = ReconnectedAt - DisconnectedAt;
        Assert.Equal(
            [
                (FeedEventKind.GapDetected, (StreamKey?)BtcBook, ReconnectedAt, outage),
                (FeedEventKind.GapDetected, BtcTrades, ReconnectedAt, outage),
                (FeedEventKind.GapDetected, EthBook, ReconnectedAt, outage),
                (FeedEventKind.GapDetected, EthTrades, ReconnectedAt, outage),
                (FeedEventKind.Subscribed, BtcBook, ReconnectReceiveBase, 0),
                (FeedEventKind.Subscribed, BtcTrades, ReconnectReceiveBase + 1, 0),
                (FeedEventKind.Subscribed, EthBook, ReconnectReceiveBase + 2, 0),
                (FeedEventKind.Subscribed, EthTrades, ReconnectReceiveBase + 3, 0),
                (FeedEventKind.Resynced, BtcTrades, ReconnectReceiveBase + 4, 0),
                (FeedEventKind.Resynced, EthTrades, ReconnectReceiveBase + 5, 0),
            ],
            sink.Events.Select(e => (e.Kind, e.Stream, e.TimeMicros, e.DurationMicros)));
        Assert.Equal(
            "connection lost from 2026-01-01T00:00:06.000000Z to 2026-01-01T00:00:26.000000Z (20000 ms); the subscribe backfill recovers the most recent trades",
            sink.Events[1].Detail);
        Assert.StartsWith("subscribe backfill: kept 12 trades not seen before, dropped 18 already emitted; it overlaps", sink.Events[8].Detail, StringComparison.Ordinal);
        Assert.StartsWith("subscribe backfill: kept 0 trades not seen before, dropped 30 already emitted; it overlaps", sink.Events[9].Detail, StringComparison.Ordinal);

        // 18 of BTC's 30 backfilled trades and all 30 of ETH's were archived before the outage.
        Assert.Equal([.. BtcOutage, .. BtcAfter], sink.Trades.Select(t => t.Id.Numeric));
        Assert.All(sink.Trades, t => Assert.Equal("BTC", t.Symbol));
        Assert.Equal(TradeFlags.Backfilled | TradeFlags.FirstAfterReconnect, sink.Trades[0].Flags);
        Assert.All(sink.Trades.Skip(1).Take(11), t => Assert.Equal(TradeFlags.Backfilled, t.Flags));
        Assert.All(sink.Trades.Skip(12), t => Assert.Equal(TradeFlags.None, t.Flags));
        Assert.Equal(T0Millis * 1000 + 16_500_000, sink.Trades[0].ExchangeTimeMicros);
        Assert.All(sink.Trades.Take(12), t => Assert.Equal(ReconnectReceiveBase + 4, t.ReceiveTimeMicros));

        Assert.Equal(48, handler.DuplicateTradesDropped);
        Assert.Equal(72, handler.BackfilledTradesKept);
        Assert.Equal(1, handler.MalformedFrames);

        Assert.Equal(["BTC", "ETH"], sink.Books.Select(b => b.Symbol));
        Assert.All(sink.Books, b => Assert.Equal(BookFlags.FromSnapshot | BookFlags.FirstAfterSync | BookFlags.GapBefore, b.Flags));
        Assert.All(sink.Books, b => Assert.Equal(20, b.BidPrices.Length));
        Assert.All(sink.Books, b => Assert.Equal(20, b.AskPrices.Length));
        Assert.Equal(3401.2, sink.Books[1].BidPrices[0]);
        Assert.Equal(3401.3, sink.Books[1].AskPrices[0]);
    }

    [Fact]
    public void A_replay_of_bare_frames_uses_the_exchange_time_as_the_receive_time()
    {
        var sink = new RecordingSink();
        var handler = NewHandler(sink);

        FeedConnect(handler, unknownReceiveTimes: true);

        Assert.Equal(69, sink.Trades.Count);
        Assert.All(sink.Trades, t => Assert.Equal(t.ExchangeTimeMicros, t.ReceiveTimeMicros));
        Assert.All(sink.Books, b => Assert.Equal(b.ExchangeTimeMicros, b.ReceiveTimeMicros));
        Assert.Equal((T0Millis + 1100) * 1000, sink.Books[^1].ReceiveTimeMicros);
    }

    [Fact]
    public void Books_are_cut_to_the_configured_depth()
    {
        var sink = new RecordingSink();
        var handler = NewHandler(sink, depth: 5);

        FeedConnect(handler);

        AssertBook(sink.Books[0], "BTC", T0Millis + 500, ReceiveBase + 7, BookFlags.FromSnapshot | BookFlags.FirstAfterSync, BtcBids1[..5], BtcAsks1[..5]);
        AssertBook(sink.Books[1], "ETH", T0Millis + 500, ReceiveBase + 8, BookFlags.FromSnapshot | BookFlags.FirstAfterSync, EthBids1, EthAsks1);
    }

    [Fact]
    public void Every_truncation_of_every_fixture_frame_is_counted_as_malformed_and_emits_nothing()
    {
        var sink = new CountingSink();
        var handler = NewHandler(sink);
        var frames = Lines("connect.jsonl").Concat(Lines("reconnect.jsonl")).ToArray();
        var cuts = 0L;
        foreach (var frame in frames)
        {
            for (var length = 0; length < frame.Length; length++)
            {
                handler.OnFrame(frame.AsSpan(0, length), ReceiveBase);
                cuts++;
            }
        }

        Assert.Equal(cuts, handler.MalformedFrames);
        Assert.Equal(cuts, sink.Events);
        Assert.Equal(0, sink.Trades);
        Assert.Equal(0, sink.Books);
    }

    private static void AssertBook(
        BookRecord book, string symbol, long exchangeMillis, long receiveMicros, BookFlags flags,
        (string Px, string Sz)[] bids, (string Px, string Sz)[] asks)
    {
        Assert.Equal(symbol, book.Symbol);
        Assert.Equal(exchangeMillis * 1000, book.ExchangeTimeMicros);
        Assert.Equal(receiveMicros, book.ReceiveTimeMicros);
        Assert.Null(book.UpdateId);
        Assert.Equal(flags, book.Flags);
        Assert.Equal(bids.Select(l => Parse(l.Px)), book.BidPrices);
        Assert.Equal(bids.Select(l => Parse(l.Sz)), book.BidSizes);
        Assert.Equal(asks.Select(l => Parse(l.Px)), book.AskPrices);
        Assert.Equal(asks.Select(l => Parse(l.Sz)), book.AskSizes);
    }

    private static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static string Expected(string symbol, long exchangeMillis, long receiveMicros, double price, double size, TakerSide side, long id) =>
        $"{symbol} {exchangeMillis * 1000} {receiveMicros} {price.ToString(CultureInfo.InvariantCulture)} {size.ToString(CultureInfo.InvariantCulture)} {side} {id}";

    private static string Describe(Trade t) =>
        $"{t.Symbol} {t.ExchangeTimeMicros} {t.ReceiveTimeMicros} {t.Price.ToString(CultureInfo.InvariantCulture)} {t.Size.ToString(CultureInfo.InvariantCulture)} {t.Side} {t.Id.Numeric}";
}
