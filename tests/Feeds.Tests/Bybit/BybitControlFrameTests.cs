using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Bybit;

public sealed class BybitControlFrameTests
{
    private const long T0 = 1_768_478_400_000_000;

    [Fact]
    public void Acks_pongs_and_a_failed_subscribe_become_the_right_events()
    {
        var test = new BybitTestHandler();
        test.Feed(BybitFixtures.Frames("control.jsonl"));

        Assert.Equal(
            [
                new FeedEvent(FeedEventKind.Subscribed, ExchangeId.Bybit, null, T0, 0,
                    "subscribe acknowledged (req_id \"1\", conn_id \"d2b6d5c2-4e5b-4a8e-9c1f-3b7a2e6f0d41\")"),
                new FeedEvent(FeedEventKind.ExchangeError, ExchangeId.Bybit, null, T0 + 2000, 0,
                    "subscribe failed: error:handler not found,topic:orderbook.50.NOPEUSDT (req_id \"2\")"),
            ],
            test.Sink.Events);
        Assert.Equal(0, test.Handler.MalformedFrames);
        Assert.Empty(test.Sink.Books);
        Assert.Empty(test.Sink.Trades);
    }

    [Fact]
    public void Malformed_frames_are_counted_and_reported_with_a_short_sample_never_thrown()
    {
        var test = new BybitTestHandler();
        var frames = BybitFixtures.Frames("malformed.jsonl");
        test.Feed(frames);

        Assert.Equal(frames.Length, test.Handler.MalformedFrames);
        Assert.Equal(frames.Length, test.Sink.Events.Count);
        Assert.All(test.Sink.Events, e =>
        {
            Assert.Equal(FeedEventKind.MalformedFrame, e.Kind);
            Assert.Equal(ExchangeId.Bybit, e.Exchange);
        });
        Assert.Empty(test.Sink.Books);
        Assert.Empty(test.Sink.Trades);
        Assert.Equal("bybit: book topic not subscribed here: " + System.Text.Encoding.UTF8.GetString(frames[3]).Substring(0, 120) + "…", test.Sink.Events[3].Detail);
        Assert.EndsWith("not json at all", test.Sink.Events[0].Detail, StringComparison.Ordinal);
        Assert.StartsWith("bybit: book message without a \"data\" object with \"u\"", test.Sink.Events[2].Detail, StringComparison.Ordinal);
        Assert.StartsWith("bybit: expected a non-negative decimal", test.Sink.Events[4].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_of_a_valid_frame_is_malformed_and_emits_nothing()
    {
        foreach (var frame in BybitFixtures.Frames("book-snapshot-deltas.jsonl").Take(1).Concat(BybitFixtures.Frames("trades.jsonl")))
        {
            var test = new BybitTestHandler();
            for (var cut = 0; cut < frame.Length; cut++) test.Handler.OnFrame(frame.AsSpan(0, cut), T0);

            Assert.Equal(frame.Length, test.Handler.MalformedFrames);
            Assert.Empty(test.Sink.Books);
            Assert.Empty(test.Sink.Trades);

            // The whole frame still works afterwards: the reused message state was not corrupted.
            test.Handler.OnFrame(frame, T0);
            Assert.True(test.Sink.Books.Count + test.Sink.Trades.Count > 0);
        }
    }

    [Fact]
    public void A_negative_size_in_a_delta_is_malformed_and_leaves_the_book_as_it_was()
    {
        var test = new BybitTestHandler();
        test.Feed(
        [
            "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1768478400000,\"data\":{\"s\":\"BTCUSDT\",\"b\":[[\"65000\",\"1\"]],\"a\":[[\"65000.5\",\"1\"]],\"u\":10,\"seq\":1},\"cts\":1768478399999}"u8.ToArray(),
            "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1768478400020,\"data\":{\"s\":\"BTCUSDT\",\"b\":[[\"65000\",\"-2\"]],\"a\":[],\"u\":11,\"seq\":2},\"cts\":1768478400019}"u8.ToArray(),
        ]);

        Assert.Equal(1, test.Handler.MalformedFrames);
        var book = Assert.Single(test.Sink.Books);
        Assert.Equal(10, book.UpdateId);
        Assert.StartsWith("bybit: expected a non-negative decimal", test.Sink.Events.Single(e => e.Kind == FeedEventKind.MalformedFrame).Detail, StringComparison.Ordinal);
    }
}
