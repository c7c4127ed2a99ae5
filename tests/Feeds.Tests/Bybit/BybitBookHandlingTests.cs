using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Bybit;

public sealed class BybitBookHandlingTests
{
    private const long T0 = 1_768_478_400_000_000; // receive time of the first frame fed; each next one is 1 ms later

    [Fact]
    public void A_snapshot_and_deltas_give_the_exact_top_N_after_every_message()
    {
        var test = new BybitTestHandler(depth: 5);
        test.Feed(BybitFixtures.Frames("book-snapshot-deltas.jsonl"));

        Assert.Empty(test.Sink.Events);
        Assert.Equal(
            [
                new RecordedBook("BTCUSDT", 1_768_478_400_100_000, 1_768_478_400_098_000, T0, 100, null, 900001,
                    BookFlags.FromSnapshot | BookFlags.FirstAfterSync,
                    "65000@1.5 64999.5@2 64999@0.5 64998.5@3 64998@1",
                    "65000.5@1 65001@2.5 65001.5@0.25 65002@5 65002.5@1"),
                // Replace 65000, insert 64999.8; delete the best ask, insert 65000.9.
                new RecordedBook("BTCUSDT", 1_768_478_400_120_000, 1_768_478_400_117_000, T0 + 1000, 101, 100, 900005, BookFlags.None,
                    "65000@1.2 64999.8@0.7 64999.5@2 64999@0.5 64998.5@3",
                    "65000.9@0.3 65001@2.5 65001.5@0.25 65002@5 65002.5@1"),
                // New best bid, delete 64999.8, delete an unknown price (ignored), replace an ask size.
                new RecordedBook("BTCUSDT", 1_768_478_400_140_000, 1_768_478_400_139_000, T0 + 2000, 102, 101, 900007, BookFlags.None,
                    "65000.4@0.2 65000@1.2 64999.5@2 64999@0.5 64998.5@3",
                    "65000.9@0.3 65001@0.1 65001.5@0.25 65002@5 65002.5@1"),
                // Keys in another order (data before type and topic); the sixth ask comes into view.
                new RecordedBook("BTCUSDT", 1_768_478_400_160_000, 1_768_478_400_158_000, T0 + 3000, 103, 102, 900010, BookFlags.None,
                    "65000.4@0.2 65000@1.2 64999.5@2 64999@0.5 64998.5@3",
                    "65001@0.1 65001.5@0.25 65002@5 65002.5@1 65003@2"),
            ],
            test.Sink.Books);
        Assert.Equal(0, test.Handler.MalformedFrames);
        Assert.Equal(0, test.Handler.Gaps);
        Assert.Equal(0, test.Handler.Anomalies);
    }

    [Fact]
    public void A_u_gap_invalidates_the_book_until_the_next_snapshot_with_exactly_one_resubscribe()
    {
        var test = new BybitTestHandler(depth: 5);
        test.Feed(BybitFixtures.Frames("book-gap.jsonl"));

        Assert.Equal(
            [
                new RecordedBook("BTCUSDT", 1_768_478_401_000_000, 1_768_478_400_999_000, T0, 200, null, 910000,
                    BookFlags.FromSnapshot | BookFlags.FirstAfterSync, "65000@1 64999.5@2", "65000.5@1 65001@2"),
                new RecordedBook("BTCUSDT", 1_768_478_401_020_000, 1_768_478_401_019_000, T0 + 1000, 201, 200, 910002,
                    BookFlags.None, "65000@1.1 64999.5@2", "65000.5@1 65001@2"),
                // Frames 3 to 5 (u = 203, 204, 205) emit nothing; the fresh snapshot says a gap came before it.
                new RecordedBook("BTCUSDT", 1_768_478_401_500_000, 1_768_478_401_498_000, T0 + 5000, 300, 201, 910050,
                    BookFlags.FromSnapshot | BookFlags.FirstAfterSync | BookFlags.GapBefore, "65000@0.9 64999@0.4", "65000.5@1"),
                new RecordedBook("BTCUSDT", 1_768_478_401_520_000, 1_768_478_401_519_000, T0 + 6000, 301, 300, 910052,
                    BookFlags.None, "65000@0.9 64999@0.4", "65000.5@1 65001.5@0.7"),
            ],
            test.Sink.Books);

        var resubscribe = Assert.Single(test.Control.Resubscribes);
        Assert.Equal(BybitTestHandler.Book, resubscribe.Stream);
        Assert.Contains("expected u=202, received u=203", resubscribe.Reason, StringComparison.Ordinal);

        Assert.Equal(2, test.Sink.Events.Count);
        var gap = test.Sink.Events[0];
        Assert.Equal(FeedEventKind.GapDetected, gap.Kind);
        Assert.Equal(BybitTestHandler.Book, gap.Stream);
        Assert.Equal(T0 + 2000, gap.TimeMicros);
        Assert.Contains("expected u=202, received u=203", gap.Detail, StringComparison.Ordinal);
        var resynced = test.Sink.Events[1];
        Assert.Equal(FeedEventKind.Resynced, resynced.Kind);
        Assert.Equal(T0 + 5000, resynced.TimeMicros);
        Assert.Equal(3000, resynced.DurationMicros);

        // The event comes between the last good row and the snapshot that resynced the book.
        Assert.Same(gap, test.Sink.All[2]);
        Assert.Same(resynced, test.Sink.All[3]);
        Assert.Equal(1, test.Handler.Gaps);
        Assert.Equal(1, test.Handler.Resubscribes);
        Assert.Equal(2, test.Handler.IgnoredDeltas);
    }

    [Fact]
    public void A_u_equal_1_snapshot_mid_stream_restarts_the_chain_and_is_flagged()
    {
        var test = new BybitTestHandler(depth: 5);
        test.Feed(BybitFixtures.Frames("book-restart.jsonl"));

        Assert.Equal(
            [
                new RecordedBook("BTCUSDT", 1_768_478_402_000_000, 1_768_478_401_999_000, T0, 5000, null, 920000,
                    BookFlags.FromSnapshot | BookFlags.FirstAfterSync, "65000@1", "65000.5@1"),
                new RecordedBook("BTCUSDT", 1_768_478_402_020_000, 1_768_478_402_019_000, T0 + 1000, 5001, 5000, 920003,
                    BookFlags.None, "65000@2", "65000.5@1"),
                new RecordedBook("BTCUSDT", 1_768_478_405_000_000, 1_768_478_404_998_000, T0 + 2000, 1, 5001, 920100,
                    BookFlags.FromSnapshot | BookFlags.ExchangeRestart, "64990@3", "64991@4"),
                new RecordedBook("BTCUSDT", 1_768_478_405_020_000, 1_768_478_405_019_000, T0 + 3000, 2, 1, 920102,
                    BookFlags.None, "64990.5@0.5 64990@3", "64991@4"),
            ],
            test.Sink.Books);
        var resynced = Assert.Single(test.Sink.Events);
        Assert.Equal(FeedEventKind.Resynced, resynced.Kind);
        Assert.Contains("u=1 after u=5001", resynced.Detail, StringComparison.Ordinal);
        Assert.Empty(test.Control.Resubscribes);
        Assert.Equal(0, test.Handler.Gaps);
    }

    [Fact]
    public void A_u_equal_1_first_snapshot_is_flagged_as_a_restart_without_a_resync_event()
    {
        var test = new BybitTestHandler();
        test.Feed([Frame("snapshot", 1, """[["100","1"]]""", """[["101","1"]]""")]);

        Assert.Equal(BookFlags.FromSnapshot | BookFlags.FirstAfterSync | BookFlags.ExchangeRestart, Assert.Single(test.Sink.Books).Flags);
        Assert.Empty(test.Sink.Events);
    }

    [Fact]
    public void Deltas_before_the_first_snapshot_are_ignored_and_counted()
    {
        var test = new BybitTestHandler();
        var frames = BybitFixtures.Frames("book-snapshot-deltas.jsonl");
        test.Feed([frames[1], frames[2], frames[0], frames[1]]);

        Assert.Equal([100L, 101L], test.Sink.Books.Select(b => b.UpdateId!.Value));
        Assert.Equal(2, test.Handler.IgnoredDeltas);
        Assert.Empty(test.Sink.Events);
        Assert.Empty(test.Control.Resubscribes);
    }

    [Fact]
    public void A_reconnect_reports_the_outage_per_stream_and_flags_the_next_snapshot_and_trade()
    {
        var test = new BybitTestHandler();
        var book = BybitFixtures.Frames("book-snapshot-deltas.jsonl");
        var trades = BybitFixtures.Frames("trades.jsonl");
        test.Handler.OnConnected(T0 - 1_000_000, isReconnect: false);
        test.Feed([book[0], book[1], trades[0]]);
        test.Handler.OnDisconnected(T0 + 10_000);
        test.Sink.Clear();
        test.Handler.OnConnected(T0 + 2_010_000, isReconnect: true);

        // Deltas still in flight are not applied; the server sends a snapshot on subscribe.
        test.Feed([book[2], book[0], trades[1]], T0 + 2_020_000);

        Assert.Equal(
            [FeedEventKind.GapDetected, FeedEventKind.GapDetected, FeedEventKind.Resynced],
            test.Sink.Events.Select(e => e.Kind));
        Assert.Equal(BybitTestHandler.Book, test.Sink.Events[0].Stream);
        Assert.Equal(BybitTestHandler.Trades, test.Sink.Events[1].Stream);
        Assert.All(test.Sink.Events.Take(2), e => Assert.Equal(2_000_000, e.DurationMicros));
        Assert.All(test.Sink.Events.Take(2), e => Assert.Equal(T0 + 2_010_000, e.TimeMicros));

        var snapshot = Assert.Single(test.Sink.Books);
        Assert.Equal(BookFlags.FromSnapshot | BookFlags.FirstAfterSync | BookFlags.GapBefore, snapshot.Flags);
        Assert.Equal(100, snapshot.UpdateId);
        Assert.Equal(101, snapshot.PreviousUpdateId);

        // The first trade after the reconnect is a resend (dropped); the new one carries the flag.
        var trade = Assert.Single(test.Sink.Trades);
        Assert.Equal("0b6f2d8e-4a7c-5d13-9e05-f8c1a2b3d4e6", trade.Id.ToString());
        Assert.Equal(TradeFlags.FirstAfterReconnect, trade.Flags);
        Assert.Equal(2, test.Handler.Gaps);
        Assert.Equal(1, test.Handler.IgnoredDeltas);
        Assert.Empty(test.Control.Resubscribes);
    }

    [Fact]
    public void A_crossed_book_after_a_delta_is_an_anomaly_and_resyncs()
    {
        var test = new BybitTestHandler();
        test.Feed(
        [
            Frame("snapshot", 10, """[["100","1"],["99","1"]]""", """[["101","1"],["102","1"]]"""),
            Frame("delta", 11, """[["101.5","2"]]""", "[]"),
            Frame("delta", 12, """[["98","1"]]""", "[]"),
        ]);

        Assert.Single(test.Sink.Books);
        Assert.Equal(1, test.Handler.Anomalies);
        Assert.Equal(1, test.Handler.IgnoredDeltas);
        var gap = Assert.Single(test.Sink.Events);
        Assert.Equal(FeedEventKind.GapDetected, gap.Kind);
        Assert.Contains("crossed book after u=11 (101.5 ≥ 101)", gap.Detail, StringComparison.Ordinal);
        Assert.Single(test.Control.Resubscribes);
    }

    [Fact]
    public void A_book_beyond_50_levels_after_a_delta_is_trimmed_and_counted()
    {
        var test = new BybitTestHandler(depth: 50);
        var bids = string.Join(',', Enumerable.Range(0, 50).Select(i => $"[\"{1000 - i}\",\"1\"]"));
        var asks = string.Join(',', Enumerable.Range(0, 50).Select(i => $"[\"{1001 + i}\",\"1\"]"));
        test.Feed(
        [
            Frame("snapshot", 10, $"[{bids}]", $"[{asks}]"),
            Frame("delta", 11, """[["1000.5","7"]]""", "[]"), // a 51st bid without the delete of the worst one
        ]);

        Assert.Equal(2, test.Sink.Books.Count);
        Assert.Equal(1, test.Handler.Anomalies);
        var last = test.Sink.Books[1];
        Assert.StartsWith("1000.5@7 1000@1 ", last.Bids, StringComparison.Ordinal);
        Assert.EndsWith(" 952@1", last.Bids, StringComparison.Ordinal); // 951 was cut
        Assert.Equal(50, last.Bids.Split(' ').Length);
    }

    [Fact]
    public void Without_a_receive_time_the_frame_ts_is_used()
    {
        var test = new BybitTestHandler();
        test.Handler.OnFrame(BybitFixtures.Frames("book-snapshot-deltas.jsonl")[0], -1);

        Assert.Equal(1_768_478_400_100_000, Assert.Single(test.Sink.Books).ReceiveTimeMicros);
    }

    [Fact]
    public void Depth_cuts_the_50_level_book()
    {
        var test = new BybitTestHandler(depth: 2);
        test.Feed(BybitFixtures.Frames("book-snapshot-deltas.jsonl").Take(1));

        var book = Assert.Single(test.Sink.Books);
        Assert.Equal("65000@1.5 64999.5@2", book.Bids);
        Assert.Equal("65000.5@1 65001@2.5", book.Asks);
    }

    internal static byte[] Frame(string type, long u, string bids, string asks) =>
        System.Text.Encoding.UTF8.GetBytes(
            $$"""{"topic":"orderbook.50.BTCUSDT","type":"{{type}}","ts":1768478400000,"data":{"s":"BTCUSDT","b":{{bids}},"a":{{asks}},"u":{{u}},"seq":{{u * 10}}},"cts":1768478399999}""");
}
