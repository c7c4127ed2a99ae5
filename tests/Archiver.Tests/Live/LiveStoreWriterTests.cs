using Archiver.Cli.Live;
using Archiver.Feeds.Model;
using Archiver.Store.Aggregation;
using Archiver.Store.Buckets;
using Archiver.Store.Ingest;
using Archiver.Tests.Hosting;
using Archiver.Tests.Journal;
using Microsoft.Extensions.Logging;
using static Archiver.Tests.Live.LiveFeed;

namespace Archiver.Tests.Live;

public sealed class LiveStoreWriterTests : IDisposable
{
    private static readonly BucketKey BtcTicks = IngestKeys.Ticks("BINANCE_BTCUSDT");
    private static readonly BucketKey BtcBars = IngestKeys.Bars("BINANCE_BTCUSDT");

    private readonly FailableBucketStore _store = new();
    private readonly LogCapture _logs = new();
    private readonly ILoggerFactory _loggers;

    public LiveStoreWriterTests()
    {
        _loggers = LoggerFactory.Create(b => b.AddProvider(_logs));
    }

    public void Dispose() => _loggers.Dispose();

    private LiveStoreWriter Writer(LiveStoreOptions? options = null, bool attach = true)
    {
        var writer = new LiveStoreWriter(options ?? new LiveStoreOptions(), _loggers.CreateLogger<LiveStoreWriter>());
        if (attach) writer.Attach(_store);
        return writer;
    }

    [Fact]
    public void Trades_become_ticks_at_their_exchange_time_with_price_size_side_and_receive_micros_in_ingests_schema()
    {
        var writer = Writer();
        writer.OnTrade(Trade(Hour + 1_234_567, 97_000.5, 0.25, 1, TakerSide.Buy, receiveMicros: Hour + 1_300_000));
        writer.OnTrade(Trade(Hour + 1_234_567, 97_001.0, 0.5, 2, TakerSide.Sell, receiveMicros: Hour + 1_300_001));
        writer.OnTrade(Trade(Hour + 2_000_001, 96_999.0, 1.5, 3, TakerSide.Unknown, receiveMicros: Hour + 2_000_500));

        Assert.Equal(3, writer.Flush());

        var info = _store.Find(BtcTicks)!;
        Assert.Equal(RecordKind.Variable, info.Kind);
        Assert.Equal(IngestSchemas.Ticks, info.Elements);
        var ticks = ReadAll(_store, BtcTicks);
        Assert.Equal([(Hour / 1_000_000) + 1, (Hour / 1_000_000) + 1, (Hour / 1_000_000) + 2], ticks.Epochs.ToArray());
        Assert.Equal([234_567_000, 234_567_000, 1_000], Values<int>(ticks, ColumnSeries.NanosecondsColumn));
        Assert.Equal([97_000.5, 97_001.0, 96_999.0], Values<double>(ticks, IngestSchemas.Price));
        Assert.Equal([0.25, 0.5, 1.5], Values<double>(ticks, IngestSchemas.Size));
        Assert.Equal([(sbyte)1, (sbyte)-1, (sbyte)0], Values<sbyte>(ticks, IngestSchemas.Side));
        Assert.Equal([Hour + 1_300_000, Hour + 1_300_001, Hour + 2_000_500], Values<long>(ticks, IngestSchemas.ReceiveMicros));
        Assert.Equal(1, _store.Inner.WriteCalls);
        Assert.Equal(3, writer.TicksWritten);
    }

    [Fact]
    public void One_flush_is_one_store_write_holding_every_symbols_ticks_and_the_bars_MinuteBarBuilder_computes_from_them()
    {
        var writer = Writer();
        var random = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            // Out of order within the batch, three minutes, three symbols.
            var t = Hour + random.NextInt64(0, 3 * Minute);
            writer.OnTrade(Trade(t, 100 + random.Next(0, 50), 0.1 * random.Next(1, 9), i, exchange: ExchangeId.Binance, symbol: "BTCUSDT"));
            writer.OnTrade(Trade(t, 10 + random.Next(0, 5), 1.0 * random.Next(1, 9), i, exchange: ExchangeId.Bybit, symbol: "ETHUSDT"));
            writer.OnTrade(Trade(t, 1 + random.Next(0, 5), 2.0, i, exchange: ExchangeId.Hyperliquid, symbol: "kPEPE"));
        }

        writer.Flush();

        Assert.Equal(1, _store.Inner.WriteCalls);
        Assert.Equal(["BINANCE_BTCUSDT", "BYBIT_ETHUSDT", "HYPERLIQUID_kPEPE"], _store.Symbols());
        foreach (var symbol in _store.Symbols())
        {
            var ticks = ReadAll(_store, IngestKeys.Ticks(symbol));
            Assert.Equal(300, ticks.RowCount);
            var bars = Bars(ReadAll(_store, IngestKeys.Bars(symbol)));
            Assert.Equal(3, bars.Length);
            Assert.Equal(BarsFromTicks(ticks), bars);
            Assert.Equal(RecordKind.Fixed, _store.Find(IngestKeys.Bars(symbol))!.Kind);
            Assert.Equal(IngestSchemas.Bars, _store.Find(IngestKeys.Bars(symbol))!.Elements);
        }
    }

    [Fact]
    public void A_minute_spanning_flushes_keeps_its_first_open_and_takes_the_latest_close_and_the_whole_volume()
    {
        var writer = Writer();
        writer.OnTrade(Trade(Hour + 1_000_000, 100, 1, 1));
        writer.OnTrade(Trade(Hour + 2_000_000, 105, 2, 2));
        writer.Flush();
        Assert.Equal([(Hour / 1_000_000, 100.0, 105.0, 100.0, 105.0, 3.0)], Bars(ReadAll(_store, BtcBars)));

        writer.OnTrade(Trade(Hour + 30_000_000, 99, 4, 3));
        writer.Flush();
        writer.OnTrade(Trade(Hour + 59_999_999, 101, 0.5, 4));
        writer.OnTrade(Trade(Hour + Minute, 200, 1, 5));
        writer.Flush();

        Assert.Equal(
            [(Hour / 1_000_000, 100.0, 105.0, 99.0, 101.0, 7.5), ((Hour + Minute) / 1_000_000, 200.0, 200.0, 200.0, 200.0, 1.0)],
            Bars(ReadAll(_store, BtcBars)));
        Assert.Equal(3, _store.Inner.WriteCalls);
    }

    [Fact]
    public void A_late_trade_recomputes_its_own_minute_and_leaves_the_others_alone()
    {
        var writer = Writer();
        writer.OnTrade(Trade(Hour + 10_000_000, 100, 1, 1));
        writer.OnTrade(Trade(Hour + 50_000_000, 102, 1, 2));
        writer.OnTrade(Trade(Hour + Minute + 5_000_000, 110, 3, 3));
        writer.Flush();
        var before = Bars(ReadAll(_store, BtcBars));

        // Matched before everything of its minute, received after the next minute was stored.
        writer.OnTrade(Trade(Hour + 1_000_000, 90, 2, 4, receiveMicros: Hour + Minute + 6_000_000));
        writer.Flush();

        var after = Bars(ReadAll(_store, BtcBars));
        Assert.Equal((Hour / 1_000_000, 90.0, 102.0, 90.0, 102.0, 4.0), after[0]);
        Assert.Equal(before[1], after[1]);
        var ticks = ReadAll(_store, BtcTicks);
        Assert.Equal([Hour + 1_000_000, Hour + 10_000_000, Hour + 50_000_000, Hour + Minute + 5_000_000], Micros(ticks));
        Assert.Equal(BarsFromTicks(ticks), after);
    }

    [Fact]
    public void Equal_exchange_times_keep_arrival_order_across_flushes_so_the_close_is_the_last_received()
    {
        var writer = Writer();
        writer.OnTrade(Trade(Hour + 5_000_000, 100, 1, 1, receiveMicros: Hour + 5_000_100));
        writer.Flush();
        writer.OnTrade(Trade(Hour + 5_000_000, 101, 1, 2, receiveMicros: Hour + 5_000_200));
        writer.OnTrade(Trade(Hour + 5_000_000, 102, 1, 3, receiveMicros: Hour + 5_000_200));
        writer.Flush();

        Assert.Equal([100.0, 101.0, 102.0], Values<double>(ReadAll(_store, BtcTicks), IngestSchemas.Price));
        Assert.Equal((Hour / 1_000_000, 100.0, 102.0, 100.0, 102.0, 3.0), Assert.Single(Bars(ReadAll(_store, BtcBars))));
    }

    [Fact]
    public void In_order_trades_continue_the_kept_bar_over_many_flushes_without_reading_stored_ticks_back()
    {
        var writer = Writer();
        var random = new Random(11);
        var t = Hour;
        for (var flush = 0; flush < 200; flush++)
        {
            for (var i = 0; i < 20; i++)
            {
                t += random.NextInt64(0, 60_000); // up to 60 ms apart, equal times included: 200 flushes span several minutes
                writer.OnTrade(Trade(t, 100 + random.Next(0, 20) + (0.5 * random.Next(0, 2)), 0.1 * random.Next(1, 30), (flush * 20) + i));
            }

            writer.Flush();
        }

        Assert.Equal(0, writer.BarReadBacks);
        var ticks = ReadAll(_store, BtcTicks);
        Assert.Equal(4000, ticks.RowCount);
        var bars = Bars(ReadAll(_store, BtcBars));
        Assert.True(bars.Length >= 3);
        Assert.Equal(BarsFromTicks(ticks), bars);
    }

    [Fact]
    public void A_late_trade_reads_its_minute_back_once_and_the_next_in_order_flush_continues_from_memory_again()
    {
        var writer = Writer();
        writer.OnTrade(Trade(Hour + 10_000_000, 100, 1, 1));
        writer.OnTrade(Trade(Hour + 20_000_000, 101, 1, 2));
        writer.Flush();
        writer.OnTrade(Trade(Hour + 5_000_000, 99, 1, 3));
        writer.Flush();
        writer.OnTrade(Trade(Hour + 30_000_000, 103, 2, 4));
        writer.OnTrade(Trade(Hour + Minute + 1, 104, 3, 5));
        writer.Flush();

        Assert.Equal(1, writer.BarReadBacks);
        Assert.Equal(
            [(Hour / 1_000_000, 99.0, 103.0, 99.0, 103.0, 5.0), ((Hour + Minute) / 1_000_000, 104.0, 104.0, 104.0, 104.0, 3.0)],
            Bars(ReadAll(_store, BtcBars)));
    }

    [Fact]
    public void A_tick_written_by_someone_else_into_the_current_minute_is_counted_in_the_next_bar()
    {
        var writer = Writer();
        writer.OnTrade(Trade(Hour + 10_000_000, 100, 1, 1));
        writer.Flush();

        // A client of the server adds a tick before the kept one (the latest stored tick stays the writer's).
        var epoch = (Hour + 5_000_000) / 1_000_000;
        _store.Write([new BucketWrite(BtcTicks, new ColumnSeries(
        [
            new Column(ColumnSeries.EpochColumn, ColumnType.I8, BitConverter.GetBytes(epoch)),
            new Column(IngestSchemas.Price, ColumnType.F8, BitConverter.GetBytes(500.0)),
            new Column(IngestSchemas.Size, ColumnType.F8, BitConverter.GetBytes(7.0)),
            new Column(IngestSchemas.Side, ColumnType.I1, new byte[] { 0 }),
            new Column(IngestSchemas.ReceiveMicros, ColumnType.I8, BitConverter.GetBytes(Hour)),
            new Column(ColumnSeries.NanosecondsColumn, ColumnType.I4, BitConverter.GetBytes(0)),
        ]), IsVariableLength: true)]);
        writer.OnTrade(Trade(Hour + 20_000_000, 101, 1, 2));
        writer.Flush();

        Assert.Equal(1, writer.BarReadBacks);
        Assert.Equal((Hour / 1_000_000, 500.0, 500.0, 100.0, 101.0, 9.0), Assert.Single(Bars(ReadAll(_store, BtcBars))));
    }

    [Fact]
    public void A_tick_bucket_destroyed_and_recreated_between_flushes_is_not_continued_from_memory()
    {
        var writer = Writer();
        writer.OnTrade(Trade(Hour + 10_000_000, 100, 1, 1));
        writer.Flush();
        Assert.True(_store.Destroy(BtcTicks));
        _store.Create(BtcTicks, IngestSchemas.Ticks, RecordKind.Variable);

        writer.OnTrade(Trade(Hour + 20_000_000, 101, 2, 2));
        writer.Flush();

        Assert.Equal((Hour / 1_000_000, 101.0, 101.0, 101.0, 101.0, 2.0), Assert.Single(Bars(ReadAll(_store, BtcBars))));
        Assert.Equal(BarsFromTicks(ReadAll(_store, BtcTicks)), Bars(ReadAll(_store, BtcBars)));
    }

    [Fact]
    public void A_trade_delivered_twice_is_stored_once_like_the_archive_keeps_it()
    {
        var writer = Writer();
        writer.OnTrade(Trade(Hour + 1_000, 100, 1, 42));
        writer.Flush();
        writer.OnTrade(Trade(Hour + 1_000, 100, 1, 42));
        writer.OnTrade(Trade(Hour + 2_000, 100, 1, 42));
        writer.Flush();

        Assert.Equal([Hour + 1_000, Hour + 2_000], Micros(ReadAll(_store, BtcTicks)));
        Assert.Equal(1, writer.Duplicates);
        Assert.Equal(2.0, Assert.Single(Bars(ReadAll(_store, BtcBars))).Volume);
    }

    [Fact]
    public void A_full_queue_drops_for_the_store_only_counts_and_warns_while_the_archive_gets_every_trade()
    {
        var writer = Writer(new LiveStoreOptions { QueueCapacity = 4 });
        var archive = new CollectingSink();
        var tee = new TeeFeedSink(archive, writer);
        for (var i = 0; i < 10; i++) tee.OnTrade(Trade(Hour + (i * 1000), 100 + i, 1, i));

        Assert.Equal(10, archive.Trades.Count);
        Assert.Equal(6, writer.Dropped);
        Assert.Equal(4, writer.Flush());
        Assert.Equal([100.0, 101.0, 102.0, 103.0], Values<double>(ReadAll(_store, BtcTicks), IngestSchemas.Price));
        var warning = Assert.Single(_logs.Entries, e => e.EventId.Id == 1402);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(6L, warning["Dropped"]);
        Assert.Equal(6L, warning["Total"]);

        // Room again after the flush.
        tee.OnTrade(Trade(Hour + 20_000, 120, 1, 20));
        writer.Flush();
        Assert.Equal(5, ReadAll(_store, BtcTicks).RowCount);
        Assert.Equal(6, writer.Dropped);
    }

    [Fact]
    public async Task Stopping_writes_everything_still_queued_before_returning_and_drops_what_comes_after()
    {
        // The loop would flush only after an hour: everything stored was written by the stop.
        var writer = Writer(new LiveStoreOptions { FlushInterval = TimeSpan.FromHours(1) }, attach: false);
        writer.Start(_store);
        for (var i = 0; i < 1000; i++) writer.OnTrade(Trade(Hour + (i * 100_000), 100 + (i % 7), 1, i));
        writer.OnBook(Book(Hour, 99, 1, 101, 2));
        Assert.Equal(0, _store.Inner.WriteCalls);

        await writer.StopAsync();

        Assert.Equal(1000, ReadAll(_store, BtcTicks).RowCount);
        Assert.Equal(2, ReadAll(_store, BtcBars).RowCount);
        Assert.Equal(1, ReadAll(_store, IngestKeys.Quotes("HYPERLIQUID_BTC")).RowCount);
        Assert.Equal(0, writer.Pending);
        writer.OnTrade(Trade(Hour + 1, 1, 1, 5000));
        Assert.Equal(1, writer.Dropped);
        Assert.Single(_logs.Entries, e => e.EventId.Id == 1405);
    }

    [Fact]
    public void A_failing_store_is_logged_and_counted_and_neither_throws_into_the_feed_nor_stops_later_flushes()
    {
        var writer = Writer();
        var archive = new CollectingSink();
        var tee = new TeeFeedSink(archive, writer);
        tee.OnTrade(Trade(Hour + 1_000, 100, 1, 1));
        tee.OnTrade(Trade(Hour + 2_000, 101, 1, 2));
        _store.FailWrites = true;

        Assert.Equal(2, writer.Flush());
        tee.OnTrade(Trade(Hour + 3_000, 102, 1, 3));
        _store.FailWrites = false;
        writer.Flush();

        Assert.Equal(3, archive.Trades.Count);
        Assert.Equal(1, writer.FailedFlushes);
        Assert.Equal(2, writer.LostRecords);
        Assert.Equal([102.0], Values<double>(ReadAll(_store, BtcTicks), IngestSchemas.Price));
        var error = Assert.Single(_logs.Entries, e => e.EventId.Id == 1403);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Contains("disk full (test)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbol_whose_bucket_has_other_columns_is_refused_once_and_the_others_are_still_stored()
    {
        _store.Create(BtcTicks, [new ColumnSpec("Price", ColumnType.F4)], RecordKind.Variable);
        var writer = Writer();
        writer.OnTrade(Trade(Hour + 1_000, 100, 1, 1));
        writer.OnTrade(Trade(Hour + 1_000, 3000, 1, 1, exchange: ExchangeId.Bybit, symbol: "ETHUSDT"));
        writer.Flush();
        writer.OnTrade(Trade(Hour + 2_000, 100, 1, 2));
        writer.Flush();

        Assert.Equal(0, ReadAll(_store, BtcTicks).RowCount);
        Assert.Null(_store.Find(BtcBars));
        Assert.Equal(1, ReadAll(_store, IngestKeys.Ticks("BYBIT_ETHUSDT")).RowCount);
        Assert.Equal(2, writer.Refused);
        Assert.Equal(0, writer.FailedFlushes);
        var refusal = Assert.Single(_logs.Entries, e => e.EventId.Id == 1404);
        Assert.Equal("BINANCE_BTCUSDT", refusal["Symbol"]);
    }

    [Fact]
    public void Quotes_are_written_on_a_top_of_book_change_at_most_once_per_interval_with_NaN_for_an_empty_side()
    {
        var writer = Writer(new LiveStoreOptions { QuoteInterval = TimeSpan.FromMilliseconds(100) });
        writer.OnBook(Book(Hour, 99, 1, 101, 2));                         // first: written
        writer.OnBook(Book(Hour + 10_000, 99, 1, 101, 2));                // unchanged
        writer.OnBook(Book(Hour + 50_000, 99.5, 1, 101, 2));              // changed, too soon
        writer.OnBook(Book(Hour + 100_000, 99.5, 1, 101, 2));             // differs from the last written, interval passed: written
        writer.OnBook(Book(Hour + 150_000, 99.5, 1, 101, 2));             // unchanged
        writer.OnBook(Book(Hour + 400_000, double.NaN, 0, 101, 3));       // changed: written
        writer.Flush();

        var key = IngestKeys.Quotes("HYPERLIQUID_BTC");
        Assert.Equal(IngestSchemas.Quotes, _store.Find(key)!.Elements);
        var quotes = ReadAll(_store, key);
        Assert.Equal([Hour, Hour + 100_000, Hour + 400_000], Micros(quotes));
        Assert.Equal([99.0, 99.5, double.NaN], Values<double>(quotes, IngestSchemas.BidPrice));
        Assert.Equal([1.0, 1.0, double.NaN], Values<double>(quotes, IngestSchemas.BidSize));
        Assert.Equal([101.0, 101.0, 101.0], Values<double>(quotes, IngestSchemas.AskPrice));
        Assert.Equal([2.0, 2.0, 3.0], Values<double>(quotes, IngestSchemas.AskSize));
        Assert.Equal([Hour + 300, Hour + 100_300, Hour + 400_300], Values<long>(quotes, IngestSchemas.ReceiveMicros));
        Assert.Equal(3, writer.QuotesWritten);
    }

    [Fact]
    public void The_bar_write_drives_the_registered_on_disk_aggregation()
    {
        _store.AddObserver(new OnDiskAggregator([new Store.AggregationRule { On = "*/1Min/OHLCV", Destinations = ["5Min"] }]));
        var writer = Writer();
        writer.OnTrade(Trade(Hour + 1_000_000, 100, 1, 1));
        writer.OnTrade(Trade(Hour + (3 * Minute), 120, 2, 2));
        writer.Flush();
        writer.OnTrade(Trade(Hour + (4 * Minute), 90, 3, 3));
        writer.Flush();

        var five = Bars(ReadAll(_store, new BucketKey("BINANCE_BTCUSDT", "5Min", "OHLCV")));
        Assert.Equal([(Hour / 1_000_000, 100.0, 120.0, 90.0, 90.0, 6.0)], five);
    }
}
