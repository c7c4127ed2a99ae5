using System.Text;
using Archiver.Feeds.Hyperliquid;
using Archiver.Feeds.Model;
using static Archiver.Feeds.Tests.Hyperliquid.HyperliquidFixtures;

namespace Archiver.Feeds.Tests.Hyperliquid;

/// <summary>Single-frame behaviour: ordering of fields, anomalies, resubscribes, odd frames.</summary>
public sealed class HyperliquidFrameHandlerTests
{
    private const long Receive = (T0Millis * 1000) + 1;

    private readonly RecordingSink _sink = new();
    private readonly HyperliquidFrameHandler _handler;

    public HyperliquidFrameHandlerTests() => _handler = NewHandler(_sink);

    [Fact]
    public void Data_before_channel_and_unknown_fields_parse_the_same()
    {
        Feed("""{"data":{"levels":[[{"n":1,"sz":"2.5","px":"100.5"}],[{"px":"101","sz":"1","n":2,"extra":{"a":[1]}}]],"time":1767225600000,"coin":"ETH","fast":false},"channel":"l2Book"}""");
        Feed("""{"channel":"trades","data":[{"users":["0xa","0xb"],"tid":7,"time":1767225600001,"hash":"0x00","sz":"0.5","px":"100.75","side":"A","coin":"ETH"}]}""");

        var book = Assert.Single(_sink.Books);
        Assert.Equal([100.5], book.BidPrices);
        Assert.Equal([2.5], book.BidSizes);
        Assert.Equal([101.0], book.AskPrices);
        Assert.Equal([1.0], book.AskSizes);
        var trade = Assert.Single(_sink.Trades);
        Assert.Equal((100.75, 0.5, TakerSide.Sell, 7L, "7"), (trade.Price, trade.Size, trade.Side, trade.Id.Numeric, trade.Id.ToString()));
        Assert.Equal(0, _handler.MalformedFrames);
    }

    [Fact]
    public void A_crossed_book_is_dropped_counted_reported_once_and_the_next_book_flags_the_gap()
    {
        Feed(Book(1000, bid: "101", ask: "101"));
        Feed(Book(1500, bid: "102", ask: "101"));
        Feed(Book(2000, bid: "100", ask: "101"));
        Feed(Book(2500, bid: "100", ask: "101.5"));

        Assert.Equal(2, _handler.Anomalies);
        var gap = Assert.Single(_sink.Events);
        Assert.Equal((FeedEventKind.GapDetected, (StreamKey?)EthBook), (gap.Kind, gap.Stream));
        Assert.Contains("crossed book (best bid 101, best ask 101)", gap.Detail, StringComparison.Ordinal);
        Assert.Equal(
            [BookFlags.FromSnapshot | BookFlags.FirstAfterSync | BookFlags.GapBefore, BookFlags.FromSnapshot],
            _sink.Books.Select(b => b.Flags));
        Assert.Equal([(T0Millis + 2000) * 1000, (T0Millis + 2500) * 1000], _sink.Books.Select(b => b.ExchangeTimeMicros));
    }

    [Fact]
    public void Unsorted_or_non_positive_books_are_anomalies_too()
    {
        Feed("""{"channel":"l2Book","data":{"coin":"ETH","time":1767225601000,"levels":[[{"px":"100","sz":"1","n":1},{"px":"100.5","sz":"1","n":1}],[]]}}""");
        Feed("""{"channel":"l2Book","data":{"coin":"ETH","time":1767225602000,"levels":[[],[{"px":"100","sz":"0","n":1}]]}}""");

        Assert.Equal(2, _handler.Anomalies);
        Assert.Empty(_sink.Books);
        Assert.Equal(0, _handler.MalformedFrames);
    }

    [Fact]
    public void An_empty_book_is_emitted()
    {
        Feed("""{"channel":"l2Book","data":{"coin":"ETH","time":1767225601000,"levels":[[],[]]}}""");

        var book = Assert.Single(_sink.Books);
        Assert.Empty(book.BidPrices);
        Assert.Empty(book.AskPrices);
    }

    [Fact]
    public void A_book_no_newer_than_the_last_one_is_dropped()
    {
        Feed(Book(2000, bid: "100", ask: "101"));
        Feed(Book(2000, bid: "100", ask: "101"));
        Feed(Book(1500, bid: "100", ask: "101"));

        Assert.Single(_sink.Books);
        Assert.Equal(2, _handler.StaleBooksDropped);
    }

    [Fact]
    public void A_resubscribe_after_an_unsubscribe_starts_a_new_sync_and_a_new_backfill()
    {
        Feed(Trades((1000, 1), (1001, 2)));
        Feed(Book(1000, bid: "100", ask: "101"));
        Feed(Trades((1002, 3)));
        Feed(Ack("unsubscribe", "trades", "ETH"));
        Feed(Ack("unsubscribe", "l2Book", "ETH"));
        Feed(Ack("subscribe", "trades", "ETH"));
        Feed(Ack("subscribe", "l2Book", "ETH"));
        Feed(Trades((1001, 2), (1002, 3), (1003, 4)));
        Feed(Book(3000, bid: "100", ask: "101"));
        Feed(Trades((1004, 5)));

        Assert.Equal([1L, 2, 3, 4, 5], _sink.Trades.Select(t => t.Id.Numeric));
        Assert.Equal(
            [
                TradeFlags.Backfilled | TradeFlags.FirstAfterReconnect, TradeFlags.Backfilled, TradeFlags.None,
                TradeFlags.Backfilled | TradeFlags.FirstAfterReconnect, TradeFlags.None,
            ],
            _sink.Trades.Select(t => t.Flags));
        Assert.Equal(
            [BookFlags.FromSnapshot | BookFlags.FirstAfterSync, BookFlags.FromSnapshot | BookFlags.FirstAfterSync | BookFlags.GapBefore],
            _sink.Books.Select(b => b.Flags));
        Assert.Equal(
            [FeedEventKind.Subscribed, FeedEventKind.Subscribed, FeedEventKind.Resynced],
            _sink.Events.Select(e => e.Kind));
        Assert.Equal(2, _handler.DuplicateTradesDropped);
    }

    [Fact]
    public void A_backfill_that_does_not_overlap_what_was_seen_is_reported_as_a_possible_gap()
    {
        Feed(Trades((1000, 1)));
        _handler.OnDisconnected(Receive);
        _handler.OnConnected(Receive + 60_000_000, isReconnect: true);
        _sink.Clear();

        Feed(Trades((50_000, 10), (50_001, 11)));

        Assert.Equal([TradeFlags.Backfilled | TradeFlags.FirstAfterReconnect, TradeFlags.Backfilled], _sink.Trades.Select(t => t.Flags));
        var gap = Assert.Single(_sink.Events);
        Assert.Equal((FeedEventKind.GapDetected, (StreamKey?)EthTrades), (gap.Kind, gap.Stream));
        Assert.Contains("does not overlap", gap.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Trades_with_the_same_tid_at_another_time_are_distinct()
    {
        Feed(Trades((1000, 42), (1001, 42), (1000, 42)));

        Assert.Equal([(T0Millis + 1000) * 1000, (T0Millis + 1001) * 1000], _sink.Trades.Select(t => t.ExchangeTimeMicros));
        Assert.Equal(1, _handler.DuplicateTradesDropped);
    }

    [Theory]
    [InlineData("Websocket connection established.")]
    [InlineData("Websocket connection established.\r\n")]
    [InlineData("""{"channel":"pong"}""")]
    public void The_greeting_and_pongs_are_ignored(string frame)
    {
        Feed(frame);

        Assert.Empty(_sink.Events);
        Assert.Equal(0, _handler.MalformedFrames);
    }

    [Theory]
    [InlineData("", "does not contain any JSON tokens")]
    [InlineData("Websocket connection closed.", "'W' is an invalid start of a value")]
    [InlineData("[1]", "a frame must be a JSON object")]
    [InlineData("""{"channel":"l2Book"}""", "no \"data\"")]
    [InlineData("""{"data":[]}""", "no \"channel\"")]
    [InlineData("""{"channel":"allMids","data":{}}""", "unknown channel \"allMids\"")]
    [InlineData("""{"channel":"trades","data":[]} x""", "after a single JSON value")]
    [InlineData("""{"channel":"trades","data":[{"coin":"SOL","side":"B","px":"1","sz":"1","time":1767225600000,"tid":1}]}""", "trades of a coin not subscribed here: SOL")]
    [InlineData("""{"channel":"trades","data":[{"coin":"ETH","side":"X","px":"1","sz":"1","time":1767225600000,"tid":1}]}""", "\"side\" must be \"B\" or \"A\"")]
    [InlineData("""{"channel":"trades","data":[{"coin":"ETH","side":"B","px":"-1","sz":"1","time":1767225600000,"tid":1}]}""", "\"px\" is not a non-negative decimal")]
    [InlineData("""{"channel":"trades","data":[{"coin":"ETH","side":"B","px":"1","sz":"1","time":1767225600000,"tid":-1}]}""", "\"tid\" must be a non-negative integer")]
    [InlineData("""{"channel":"trades","data":[{"coin":"ETH","side":"B","px":"1","sz":"1","tid":1}]}""", "a trade without one of")]
    [InlineData("""{"channel":"l2Book","data":{"coin":"ETH","time":1767225600000,"levels":[[]]}}""", "\"levels\"")]
    [InlineData("""{"channel":"l2Book","data":{"coin":"ETH","time":"1767225600000","levels":[[],[]]}}""", "\"time\" must be a positive integer")]
    [InlineData("""{"channel":"error","data":{"a":1}}""", "error \"data\" must be a string")]
    public void Malformed_frames_are_counted_reported_with_a_sample_and_emit_nothing(string frame, string reason)
    {
        Feed(frame);

        Assert.Equal(1, _handler.MalformedFrames);
        var malformed = Assert.Single(_sink.Events);
        Assert.Equal(FeedEventKind.MalformedFrame, malformed.Kind);
        Assert.Contains(reason, malformed.Detail, StringComparison.Ordinal);
        Assert.Contains(frame[..Math.Min(frame.Length, HyperliquidFrameHandler.SampleChars)], malformed.Detail, StringComparison.Ordinal);
        Assert.Empty(_sink.Trades);
        Assert.Empty(_sink.Books);
    }

    [Fact]
    public void A_frame_with_a_bad_trade_emits_none_of_its_trades()
    {
        Feed("""{"channel":"trades","data":[{"coin":"ETH","side":"B","px":"1","sz":"1","time":1767225600000,"tid":1},{"coin":"ETH","side":"B","px":"x","sz":"1","time":1767225600000,"tid":2}]}""");
        Feed(Trades((1000, 3)));

        Assert.Equal([3L], _sink.Trades.Select(t => t.Id.Numeric));
        Assert.Equal(TradeFlags.Backfilled | TradeFlags.FirstAfterReconnect, _sink.Trades[0].Flags);
    }

    [Fact]
    public void The_sample_of_a_long_malformed_frame_is_cut()
    {
        var frame = "{\"channel\":\"trades\",\"data\":[" + new string(' ', 500) + "}";
        Feed(frame);

        var detail = Assert.Single(_sink.Events).Detail;
        Assert.EndsWith(frame[..HyperliquidFrameHandler.SampleChars] + "…", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Escaped_strings_are_unescaped()
    {
        Feed("""{"channel":"trades","data":[{"coin":"\u0045TH","side":"\u0042","px":"1\u002e5","sz":"2","time":1767225600000,"tid":9}]}""");

        var trade = Assert.Single(_sink.Trades);
        Assert.Equal(("ETH", TakerSide.Buy, 1.5), (trade.Symbol, trade.Side, trade.Price));
    }

    [Fact]
    public void The_handler_refuses_streams_of_other_exchanges_and_depths_above_20()
    {
        var control = Handling.IFeedControl.None;
        Assert.Throws<ArgumentException>(() => new HyperliquidFrameHandler(
            [new StreamKey(ExchangeId.Binance, "BTCUSDT", StreamKind.Book)], 20, _sink, control, TimeProvider.System));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HyperliquidFrameHandler(AllStreams, 21, _sink, control, TimeProvider.System));
        Assert.Throws<ArgumentException>(() => new HyperliquidFrameHandler([], 20, _sink, control, TimeProvider.System));
    }

    private void Feed(string frame) => _handler.OnFrame(Encoding.UTF8.GetBytes(frame), Receive);

    private static string Book(long offsetMillis, string bid, string ask) =>
        $$$"""{"channel":"l2Book","data":{"coin":"ETH","time":{{{T0Millis + offsetMillis}}},"levels":[[{"px":"{{{bid}}}","sz":"1","n":1}],[{"px":"{{{ask}}}","sz":"2","n":1}]]}}""";

    private static string Trades(params (long OffsetMillis, long Tid)[] trades) =>
        """{"channel":"trades","data":[""" +
        string.Join(",", trades.Select(t => $$$"""{"coin":"ETH","side":"B","px":"100","sz":"1","time":{{{T0Millis + t.OffsetMillis}}},"hash":"0x00","tid":{{{t.Tid}}},"users":["0xa","0xb"]}""")) +
        "]}";

    private static string Ack(string method, string type, string coin) =>
        $$$$"""{"channel":"subscriptionResponse","data":{"method":"{{{{method}}}}","subscription":{"type":"{{{{type}}}}","coin":"{{{{coin}}}}"}}}""";
}
