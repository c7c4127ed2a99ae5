using System.Text;
using Archiver.Feeds.Binance;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;
using static Archiver.Feeds.Tests.Binance.BinanceFixture;

namespace Archiver.Feeds.Tests.Binance;

/// <summary>Bad frames, control replies and rejected books: counted, reported, skipped; the handler never throws.</summary>
public sealed class BinanceMalformedFrameTests
{
    [Fact]
    public void Malformed_frames_and_replies_are_reported_and_the_good_frames_around_them_still_count()
    {
        var protocol = new BinanceProtocol();
        var sink = new RecordingSink();
        var handler = (BinanceFrameHandler)protocol.CreateHandler([BtcBook, BtcTrades], 20, sink, IFeedControl.None, Clock);
        Assert.Contains("\"id\":1}", Assert.Single(protocol.SubscribeMessages([BtcBook, BtcTrades], 20)));
        var xrpTrades = new StreamKey(ExchangeId.Binance, "XRPUSDT", StreamKind.Trades);
        Assert.Contains("\"id\":2}", Assert.Single(protocol.SubscribeMessages([xrpTrades], 20)));
        var lines = Lines("malformed.jsonl");

        Feed(handler, lines);

        var records = sink.Records;
        Assert.Equal(9, records.Count);
        AssertEvent(records[0], FeedEventKind.Subscribed, BtcBook, 0, "SUBSCRIBE id 1 acknowledged");
        AssertEvent(records[1], FeedEventKind.Subscribed, BtcTrades, 0, "SUBSCRIBE id 1 acknowledged");
        Assert.Equal(1000, Assert.IsType<RecordedBook>(records[2]).UpdateId);
        var truncated = AssertEvent(records[3], FeedEventKind.MalformedFrame, null, 2, string.Empty);
        Assert.Contains("(at byte ", truncated.Detail, StringComparison.Ordinal);
        Assert.EndsWith(": " + lines[2][..BinanceFrameHandler.SampleLength] + "…", truncated.Detail, StringComparison.Ordinal);
        AssertEvent(records[4], FeedEventKind.ExchangeError, xrpTrades, 3, "SUBSCRIBE id 2 refused, code -1121: Invalid symbol.");
        AssertEvent(records[5], FeedEventKind.MalformedFrame, null, 4, "unknown symbol");
        AssertEvent(records[6], FeedEventKind.MalformedFrame, null, 5, "a time or id is not a non-negative integer");
        AssertEvent(records[7], FeedEventKind.MalformedFrame, null, 6, "trade lacks one of E, T, s, t, p, q, m");
        Assert.Equal(5000, Assert.IsType<Trade>(records[8]).Id.Numeric);
        Assert.Equal(4, handler.MalformedFrames);
    }

    [Fact]
    public void Replies_to_requests_the_handler_cannot_map_are_reported_for_the_connection()
    {
        var sink = new RecordingSink();
        var handler = Handler(sink);

        Feed(handler, ["{\"result\":null,\"id\":7}", "{\"error\":{\"code\":2,\"msg\":\"Invalid request\"},\"id\":null}", "{\"result\":[\"btcusdt@trade\"],\"id\":8}"]);

        Assert.Equal(2, sink.Records.Count);
        AssertEvent(sink.Records[0], FeedEventKind.Subscribed, null, 0, "request id 7 acknowledged");
        AssertEvent(sink.Records[1], FeedEventKind.ExchangeError, null, 1, "a request refused, code 2: Invalid request");
        Assert.Equal(0, handler.MalformedFrames);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[1,2]")]
    [InlineData("{}")]
    [InlineData("{\"id\":1}")]
    [InlineData("{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1,\"s\":\"BTCUSDT\"}}")]
    [InlineData("{\"stream\":\"btcusdt@trade\",\"data\":[]}")]
    [InlineData("{\"e\":\"trade\",\"E\":1,\"T\":1,\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"abc\",\"q\":\"1\",\"m\":true}")]
    [InlineData("{\"e\":\"trade\",\"E\":1,\"T\":1,\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"1\",\"q\":\"1\",\"m\":\"yes\"}")]
    [InlineData("{\"e\":\"trade\",\"E\":1,\"T\":1,\"s\":\"BTCUSDT\",\"t\":-1,\"p\":\"1\",\"q\":\"1\",\"m\":true}")]
    [InlineData("{\"e\":\"trade\",\"E\":1,\"T\":1,\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"-1\",\"q\":\"1\",\"m\":true}")]
    [InlineData("{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"u\":2,\"pu\":1,\"b\":[[\"1\",\"1\",\"1\"]],\"a\":[]}")]
    [InlineData("{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"u\":2,\"pu\":1,\"b\":[\"1\"],\"a\":[]}")]
    [InlineData("{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"u\":2,\"pu\":1,\"b\":[]}")]
    [InlineData("{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"u\":2,\"pu\":1,\"b\":[],\"a\":[]} {}")]
    [InlineData("{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"u\":2,\"pu\":1,\"b\":[],\"a\":[],}")]
    public void A_frame_that_is_not_what_binance_sends_is_counted_and_reported(string frame)
    {
        var sink = new RecordingSink();
        var handler = Handler(sink);

        handler.OnFrame(Encoding.UTF8.GetBytes(frame), ReceiveMicros(0));

        Assert.Equal(1, handler.MalformedFrames);
        var malformed = Assert.IsType<FeedEvent>(Assert.Single(sink.Records));
        Assert.Equal(FeedEventKind.MalformedFrame, malformed.Kind);
        Assert.Equal(ReceiveMicros(0), malformed.TimeMicros);
    }

    [Fact]
    public void Every_truncation_of_a_depth_or_trade_frame_is_malformed_and_never_throws()
    {
        foreach (var line in new[] { Lines("normal.jsonl")[0], Lines("normal.jsonl")[1] })
        {
            var frame = Encoding.UTF8.GetBytes(line);
            var sink = new RecordingSink();
            var handler = Handler(sink);

            for (var length = 0; length < frame.Length; length++)
                handler.OnFrame(frame.AsSpan(0, length), ReceiveMicros(length));

            Assert.Equal(frame.Length, handler.MalformedFrames);
            Assert.Equal(frame.Length, sink.Records.Count);
            Assert.All(sink.Records, r => Assert.Equal(FeedEventKind.MalformedFrame, Assert.IsType<FeedEvent>(r).Kind));

            handler.OnFrame(frame, ReceiveMicros(0));
            Assert.Equal(frame.Length + 1, sink.Records.Count);
            Assert.IsNotType<FeedEvent>(sink.Records[^1]);
        }
    }

    [Fact]
    public void Crossed_unsorted_and_too_deep_books_are_rejected_and_the_next_book_is_flagged_as_after_a_gap()
    {
        var sink = new RecordingSink();
        var handler = Handler(sink, depth: 5);
        Feed(handler,
        [
            Depth(1000, 999, bids: "[\"100.0\",\"1\"],[\"99.9\",\"1\"]", asks: "[\"100.1\",\"1\"]"),
            Depth(1002, 1000, bids: "[\"100.2\",\"1\"]", asks: "[\"100.1\",\"1\"]"),
            Depth(1004, 1002, bids: "[\"99.9\",\"1\"],[\"100.0\",\"1\"]", asks: "[\"100.1\",\"1\"]"),
            Depth(1006, 1004, bids: "[\"100.0\",\"1\"]", asks: "[\"100.2\",\"1\"],[\"100.1\",\"1\"]"),
            Depth(1008, 1006, bids: "[\"100.0\",\"1\"]", asks: string.Join(',', Enumerable.Range(1, 6).Select(i => $"[\"{100 + i}\",\"1\"]"))),
            Depth(1010, 1008, bids: "[\"0\",\"1\"]", asks: "[\"100.1\",\"1\"]"),
            Depth(1012, 1010, bids: "[\"100.0\",\"1\"]", asks: string.Join(',', Enumerable.Range(1, 5).Select(i => $"[\"{100 + i}\",\"1\"]"))),
        ]);

        Assert.Equal(5, handler.RejectedBooks);
        Assert.Equal(5, handler.MalformedFrames);
        var rejections = sink.Events.Where(e => e.Kind == FeedEventKind.MalformedFrame).ToList();
        Assert.Equal(5, rejections.Count);
        Assert.All(rejections, e => Assert.Equal(BtcBook, e.Stream));
        Assert.StartsWith("book u=1002 rejected: crossed: best bid 100.2 >= best ask 100.1", rejections[0].Detail, StringComparison.Ordinal);
        Assert.StartsWith("book u=1008 rejected: 1 bid and 6 ask levels, more than the subscribed 5", rejections[3].Detail, StringComparison.Ordinal);
        Assert.Equal(2, sink.Books.Count);
        Assert.Equal(BookFlags.FromSnapshot | BookFlags.GapBefore, sink.Books[1].Flags);
        Assert.Equal([101.0, 102, 103, 104, 105], sink.Books[1].AskPrices);
        Assert.Equal(1, handler.Gaps);
    }

    private static string Depth(long u, long pu, string bids, string asks) =>
        $"{{\"stream\":\"btcusdt@depth5@100ms\",\"data\":{{\"e\":\"depthUpdate\",\"E\":1767225600100,\"T\":1767225600099,\"s\":\"BTCUSDT\",\"U\":{pu + 1},\"u\":{u},\"pu\":{pu},\"b\":[{bids}],\"a\":[{asks}]}}}}";

    private static FeedEvent AssertEvent(object record, FeedEventKind kind, StreamKey? stream, int lineIndex, string detailStart)
    {
        var feedEvent = Assert.IsType<FeedEvent>(record);
        Assert.Equal(kind, feedEvent.Kind);
        Assert.Equal(ExchangeId.Binance, feedEvent.Exchange);
        Assert.Equal(stream, feedEvent.Stream);
        Assert.Equal(ReceiveMicros(lineIndex), feedEvent.TimeMicros);
        Assert.StartsWith(detailStart, feedEvent.Detail, StringComparison.Ordinal);
        return feedEvent;
    }
}
