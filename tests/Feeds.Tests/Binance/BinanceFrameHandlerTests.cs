using Archiver.Feeds.Model;
using static Archiver.Feeds.Tests.Binance.BinanceFixture;

namespace Archiver.Feeds.Tests.Binance;

/// <summary>The fixture sequences, fed line by line, and the exact records they must produce.</summary>
public sealed class BinanceFrameHandlerTests
{
    private const BookFlags Snapshot = BookFlags.FromSnapshot;
    private const BookFlags FirstSnapshot = BookFlags.FromSnapshot | BookFlags.FirstAfterSync;

    [Fact]
    public void A_normal_sequence_yields_every_book_and_trade_with_exact_values()
    {
        var sink = new RecordingSink();
        var handler = Handler(sink);
        var lines = Lines("normal.jsonl");

        Feed(handler, lines);

        var records = sink.Records;
        Assert.Equal(8, records.Count);
        AssertBook(records[0], lines[0], "BTCUSDT", BaseMicros + 100_000, 0, 1000, 999, FirstSnapshot);
        AssertTrade(records[1], "BTCUSDT", BaseMicros + 149_000, 1, 97000.20, 0.015, TakerSide.Buy, 5000, TradeFlags.None);
        AssertBook(records[2], lines[2], "ETHUSDT", BaseMicros + 180_000, 2, 2000, 1999, FirstSnapshot);
        AssertTrade(records[3], "ETHUSDT", BaseMicros + 189_000, 3, 3400.51, 1.25, TakerSide.Sell, 7000, TradeFlags.None);
        AssertTrade(records[4], "BTCUSDT", BaseMicros + 194_000, 4, 97000.10, 0.002, TakerSide.Sell, 5001, TradeFlags.None);
        AssertBook(records[5], lines[5], "BTCUSDT", BaseMicros + 200_000, 5, 1004, 1000, Snapshot);
        AssertBook(records[6], lines[6], "ETHUSDT", BaseMicros + 280_000, 6, 2003, 2000, Snapshot);
        AssertTrade(records[7], "BTCUSDT", BaseMicros + 289_000, 7, 97000.20, 12.0, TakerSide.Buy, 5002, TradeFlags.None);
        AssertCounters(handler, malformed: 0, zeroPrice: 0, duplicates: 0, gaps: 0);
    }

    [Fact]
    public void Book_levels_are_the_exact_values_of_the_wire_strings()
    {
        var sink = new RecordingSink();
        Feed(Handler(sink), Lines("normal.jsonl").Take(1));

        var book = Assert.Single(sink.Books);
        Assert.Equal(20, book.BidPrices.Length);
        Assert.Equal(20, book.AskPrices.Length);
        Assert.Equal([97000.10, 97000.00, 96999.90], book.BidPrices[..3]);
        Assert.Equal([0.012, 0.049, 0.036], book.BidSizes[..3]);
        Assert.Equal([97000.20, 97000.30, 97000.40], book.AskPrices[..3]);
        Assert.Equal([0.045, 0.032, 0.019], book.AskSizes[..3]);
        Assert.Equal(96998.20, book.BidPrices[19]);
        Assert.Equal(97002.10, book.AskPrices[19]);
    }

    [Fact]
    public void A_pu_break_flags_the_book_and_reports_the_gap_but_keeps_the_book()
    {
        var sink = new RecordingSink();
        var handler = Handler(sink);
        var lines = Lines("pu-break.jsonl");

        Feed(handler, lines);

        var records = sink.Records;
        Assert.Equal(5, records.Count);
        AssertBook(records[0], lines[0], "BTCUSDT", BaseMicros + 100_000, 0, 1000, 999, FirstSnapshot);
        AssertBook(records[1], lines[1], "BTCUSDT", BaseMicros + 200_000, 1, 1004, 1000, Snapshot);
        var gap = Assert.IsType<FeedEvent>(records[2]);
        Assert.Equal(FeedEventKind.GapDetected, gap.Kind);
        Assert.Equal(BtcBook, gap.Stream);
        Assert.Equal(ReceiveMicros(2), gap.TimeMicros);
        Assert.Equal(200_000, gap.DurationMicros);
        Assert.Equal("pu=1007 but the previous book had u=1004: depth updates after 1004 were lost", gap.Detail);
        AssertBook(records[3], lines[2], "BTCUSDT", BaseMicros + 400_000, 2, 1010, 1007, Snapshot | BookFlags.GapBefore);
        AssertBook(records[4], lines[3], "BTCUSDT", BaseMicros + 500_000, 3, 1013, 1010, Snapshot);
        AssertCounters(handler, malformed: 0, zeroPrice: 0, duplicates: 0, gaps: 1);
    }

    [Fact]
    public void A_trade_id_jump_flags_the_next_trade_and_names_the_missing_ids()
    {
        var sink = new RecordingSink();
        var handler = Handler(sink);

        Feed(handler, Lines("trade-gap.jsonl"));

        var records = sink.Records;
        Assert.Equal(5, records.Count);
        AssertTrade(records[0], "BTCUSDT", BaseMicros + 99_000, 0, 97000.20, 0.015, TakerSide.Buy, 5000, TradeFlags.None);
        AssertTrade(records[1], "BTCUSDT", BaseMicros + 109_000, 1, 97000.10, 0.002, TakerSide.Sell, 5001, TradeFlags.None);
        var gap = Assert.IsType<FeedEvent>(records[2]);
        Assert.Equal(FeedEventKind.GapDetected, gap.Kind);
        Assert.Equal(BtcTrades, gap.Stream);
        Assert.Equal(ReceiveMicros(2), gap.TimeMicros);
        Assert.Equal(140_000, gap.DurationMicros);
        Assert.Equal("trade ids 5002..5004 missing (3 trades)", gap.Detail);
        AssertTrade(records[3], "BTCUSDT", BaseMicros + 249_000, 2, 97000.30, 0.1, TakerSide.Buy, 5005, TradeFlags.IdGapBefore);
        AssertTrade(records[4], "BTCUSDT", BaseMicros + 259_000, 3, 97000.30, 0.004, TakerSide.Buy, 5006, TradeFlags.None);
        AssertCounters(handler, malformed: 0, zeroPrice: 0, duplicates: 0, gaps: 1);
    }

    [Fact]
    public void Zero_price_trades_are_dropped_but_their_ids_count_as_seen()
    {
        var sink = new RecordingSink();
        var handler = Handler(sink);

        Feed(handler, Lines("zero-price.jsonl"));

        var records = sink.Records;
        Assert.Equal(4, records.Count);
        AssertTrade(records[0], "BTCUSDT", BaseMicros + 99_000, 0, 97000.20, 0.015, TakerSide.Buy, 5000, TradeFlags.None);
        AssertTrade(records[1], "BTCUSDT", BaseMicros + 119_000, 2, 97000.10, 0.002, TakerSide.Sell, 5002, TradeFlags.None);
        var gap = Assert.IsType<FeedEvent>(records[2]);
        Assert.Equal(FeedEventKind.GapDetected, gap.Kind);
        Assert.Equal("trade id 5004 missing", gap.Detail);
        Assert.Equal(20_000, gap.DurationMicros);
        AssertTrade(records[3], "BTCUSDT", BaseMicros + 149_000, 4, 97000.30, 0.1, TakerSide.Buy, 5005, TradeFlags.IdGapBefore);
        AssertCounters(handler, malformed: 0, zeroPrice: 2, duplicates: 0, gaps: 1);
    }

    [Fact]
    public void Frames_repeated_by_a_rotation_overlap_are_emitted_once()
    {
        var sink = new RecordingSink();
        var handler = Handler(sink);
        var lines = Lines("rotation-duplicates.jsonl");

        Feed(handler, lines);

        var records = sink.Records;
        Assert.Equal(6, records.Count);
        AssertBook(records[0], lines[0], "BTCUSDT", BaseMicros + 100_000, 0, 1000, 999, FirstSnapshot);
        AssertTrade(records[1], "BTCUSDT", BaseMicros + 149_000, 1, 97000.20, 0.015, TakerSide.Buy, 5000, TradeFlags.None);
        AssertBook(records[2], lines[2], "BTCUSDT", BaseMicros + 200_000, 2, 1004, 1000, Snapshot);
        AssertTrade(records[3], "BTCUSDT", BaseMicros + 209_000, 3, 97000.10, 0.002, TakerSide.Sell, 5001, TradeFlags.None);
        AssertBook(records[4], lines[7], "BTCUSDT", BaseMicros + 300_000, 7, 1008, 1004, Snapshot);
        AssertTrade(records[5], "BTCUSDT", BaseMicros + 309_000, 9, 97000.30, 0.1, TakerSide.Buy, 5002, TradeFlags.None);
        AssertCounters(handler, malformed: 0, zeroPrice: 0, duplicates: 5, gaps: 0);
    }

    [Fact]
    public void A_bare_replayed_frame_takes_its_event_time_as_the_receive_time()
    {
        var sink = new RecordingSink();
        var handler = Handler(sink);
        var lines = Lines("normal.jsonl");

        handler.OnFrame(System.Text.Encoding.UTF8.GetBytes(lines[0]), -1);
        handler.OnFrame(System.Text.Encoding.UTF8.GetBytes(lines[1]), -1);

        Assert.Equal(BaseMicros + 100_000, Assert.Single(sink.Books).ReceiveTimeMicros);
        var trade = Assert.Single(sink.Trades);
        Assert.Equal(BaseMicros + 150_000, trade.ReceiveTimeMicros);
        Assert.Equal(BaseMicros + 149_000, trade.ExchangeTimeMicros);
    }

    [Fact]
    public void A_payload_without_the_combined_stream_wrapper_gives_the_same_records()
    {
        var wrapped = new RecordingSink();
        var bare = new RecordingSink();
        var lines = Lines("normal.jsonl").Take(2).ToArray();
        var payloads = lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("data").GetRawText()).ToArray();

        Feed(Handler(wrapped), lines);
        Feed(Handler(bare), payloads);

        Assert.Equal(2, bare.Records.Count);
        var (expected, actual) = (wrapped.Books[0], bare.Books[0]);
        Assert.Equal(expected with { BidPrices = [], BidSizes = [], AskPrices = [], AskSizes = [] }, actual with { BidPrices = [], BidSizes = [], AskPrices = [], AskSizes = [] });
        Assert.Equal(expected.BidPrices, actual.BidPrices);
        Assert.Equal(expected.AskSizes, actual.AskSizes);
        Assert.Equal(wrapped.Trades[0], bare.Trades[0]);
    }

    [Fact]
    public void After_a_reconnect_each_stream_reports_the_outage_and_flags_its_next_record()
    {
        var sink = new RecordingSink();
        var handler = Handler(sink);
        var lines = Lines("normal.jsonl");
        Feed(handler, lines.Take(2));
        sink.Records.Clear();

        handler.OnDisconnected(BaseMicros + 160_000);
        handler.OnConnected(BaseMicros + 2_160_000, isReconnect: true);
        Feed(handler, lines.Skip(2));

        var gaps = sink.Records.Take(4).Cast<FeedEvent>().ToList();
        Assert.Equal(AllStreams, gaps.Select(g => g.Stream!.Value));
        Assert.All(gaps, g =>
        {
            Assert.Equal(FeedEventKind.GapDetected, g.Kind);
            Assert.Equal(BaseMicros + 2_160_000, g.TimeMicros);
            Assert.Equal(2_000_000, g.DurationMicros);
        });
        var records = sink.Records.Skip(4).ToList();
        Assert.Equal(6, records.Count);
        AssertBook(records[0], lines[2], "ETHUSDT", BaseMicros + 180_000, 0, 2000, 1999, FirstSnapshot | BookFlags.GapBefore);
        AssertTrade(records[1], "ETHUSDT", BaseMicros + 189_000, 1, 3400.51, 1.25, TakerSide.Sell, 7000, TradeFlags.FirstAfterReconnect);
        AssertTrade(records[2], "BTCUSDT", BaseMicros + 194_000, 2, 97000.10, 0.002, TakerSide.Sell, 5001, TradeFlags.FirstAfterReconnect);
        AssertBook(records[3], lines[5], "BTCUSDT", BaseMicros + 200_000, 3, 1004, 1000, FirstSnapshot | BookFlags.GapBefore);
        AssertBook(records[4], lines[6], "ETHUSDT", BaseMicros + 280_000, 4, 2003, 2000, Snapshot);
        AssertTrade(records[5], "BTCUSDT", BaseMicros + 289_000, 5, 97000.20, 12.0, TakerSide.Buy, 5002, TradeFlags.None);
        Assert.Equal(4, handler.Gaps);
    }

    [Fact]
    public void A_first_connect_marks_the_next_book_as_first_after_sync_without_reporting_a_gap()
    {
        var sink = new RecordingSink();
        var handler = Handler(sink);
        var lines = Lines("pu-break.jsonl");
        Feed(handler, lines.Take(1));

        handler.OnConnected(BaseMicros + 150_000, isReconnect: false);
        Feed(handler, lines.Skip(1).Take(1));

        Assert.Equal(2, sink.Records.Count);
        Assert.Equal(FirstSnapshot, sink.Books[1].Flags);
        Assert.Equal(0, handler.Gaps);
    }

    private static void AssertBook(object record, string line, string symbol, long exchangeMicros, int lineIndex, long updateId, long previousUpdateId, BookFlags flags)
    {
        var book = Assert.IsType<RecordedBook>(record);
        Assert.Equal(symbol, book.Symbol);
        Assert.Equal(exchangeMicros, book.ExchangeTimeMicros);
        Assert.Equal(exchangeMicros - 2_000, book.TransactionTimeMicros);
        Assert.Equal(ReceiveMicros(lineIndex), book.ReceiveTimeMicros);
        Assert.Equal(updateId, book.UpdateId);
        Assert.Equal(previousUpdateId, book.PreviousUpdateId);
        Assert.Equal(flags, book.Flags);
        var expected = Levels(line);
        Assert.Equal(expected.BidPrices, book.BidPrices);
        Assert.Equal(expected.BidSizes, book.BidSizes);
        Assert.Equal(expected.AskPrices, book.AskPrices);
        Assert.Equal(expected.AskSizes, book.AskSizes);
    }

    private static void AssertTrade(object record, string symbol, long exchangeMicros, int lineIndex, double price, double size, TakerSide side, long id, TradeFlags flags)
    {
        var trade = Assert.IsType<Trade>(record);
        Assert.Equal(ExchangeId.Binance, trade.Exchange);
        Assert.Equal(symbol, trade.Symbol);
        Assert.Equal(exchangeMicros, trade.ExchangeTimeMicros);
        Assert.Equal(ReceiveMicros(lineIndex), trade.ReceiveTimeMicros);
        Assert.Equal(price, trade.Price);
        Assert.Equal(size, trade.Size);
        Assert.Equal(side, trade.Side);
        Assert.Equal(id, trade.Id.Numeric);
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), trade.Id.ToString());
        Assert.Equal(flags, trade.Flags);
    }

    private static void AssertCounters(Archiver.Feeds.Binance.BinanceFrameHandler handler, long malformed, long zeroPrice, long duplicates, long gaps)
    {
        Assert.Equal(malformed, handler.MalformedFrames);
        Assert.Equal(zeroPrice, handler.ZeroPriceTradesDropped);
        Assert.Equal(duplicates, handler.DuplicatesDropped);
        Assert.Equal(gaps, handler.Gaps);
    }
}
