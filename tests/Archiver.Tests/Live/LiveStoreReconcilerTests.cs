using Archiver.Cli.Archiving;
using Archiver.Cli.Live;
using Archiver.Feeds;
using Archiver.Feeds.Model;
using Archiver.Store.Archive;
using Archiver.Store.Buckets;
using Archiver.Store.Ingest;
using Archiver.Store.Tests.Ingest;
using Archiver.Tests.Hosting;
using Microsoft.Extensions.Logging;
using static Archiver.Tests.Live.LiveFeed;

namespace Archiver.Tests.Live;

/// <summary>
/// The service reconciles each closed hour into the store it holds open: whatever the live writer missed or stored
/// twice, the store ends equal to a fresh ingest of the archive, without harming anything when a file is bad.
/// </summary>
public sealed class LiveStoreReconcilerTests
{
    private static readonly DateTimeOffset Hour18 = new(2025, 1, 1, 18, 0, 0, TimeSpan.Zero);
    private static readonly string Btc = "BINANCE_BTCUSDT";
    private static readonly string Eth = "BINANCE_ETHUSDT";
    private static readonly string HyperBtc = "HYPERLIQUID_BTC";

    /// <summary>
    /// Trades received from <paramref name="firstReceive"/> on, about 1.2 s apart, matched up to 3 s before they arrive on
    /// a 10 ms grid (equal exchange times, late trades crossing minutes), ids from <paramref name="firstId"/>.
    /// </summary>
    private static List<Trade> Trades(long firstReceive, int count, int seed, long firstId, string symbol = "BTCUSDT")
    {
        var random = new Random(seed);
        var trades = new List<Trade>(count);
        var receive = firstReceive;
        for (var i = 0; i < count; i++)
        {
            receive += random.Next(1, 2_400_000);
            var exchange = receive - random.Next(0, 3_000_000);
            exchange -= exchange % 10_000;
            trades.Add(Trade(exchange, 100 + (random.Next(0, 400) * 0.25), random.Next(1, 1000) * 0.001, firstId + i,
                (TakerSide)random.Next(0, 3), symbol: symbol, receiveMicros: receive));
        }

        return trades;
    }

    private static CapturedLog[] Events(ReconcileRig rig, int id) => rig.Logs.Where(e => e.EventId.Id == id).ToArray();

    [Fact]
    public async Task Records_dropped_for_the_store_are_stored_after_the_hour_close_and_the_hour_equals_a_fresh_ingest_byte_for_byte()
    {
        await using var rig = new ReconcileRig(Hour18.AddMinutes(30), new LiveStoreOptions { QueueCapacity = 16 });
        rig.Reconciler.Start(rig.Store);
        await rig.Reconciler.WaitIdleAsync();
        var trades = Trades(Hour + 60_000_000, 1200, seed: 3, firstId: 1);
        for (var i = 0; i < trades.Count; i++)
        {
            rig.Trade(trades[i]);
            if (i % 3 == 0) rig.Book(Book(trades[i].ExchangeTimeMicros, 99 + (i % 7), 1 + (i % 5), 101 + (i % 3), 2));
            if (i % 40 == 39) rig.Writer.Flush();
        }

        rig.Writer.Flush();
        Assert.True(rig.Writer.Dropped > 500, $"the tiny queue dropped records ({rig.Writer.Dropped})");

        var files = await rig.CloseAsync(Hour18.AddHours(1).AddSeconds(11));
        Assert.Equal(2, files.Count);
        var fresh = rig.FreshIngest();
        Assert.NotEqual(ReconcileRig.Contents(fresh, Btc, HyperBtc), ReconcileRig.Contents(rig.Store, Btc, HyperBtc));
        await rig.ReconcileAsync(files);

        Assert.Equal(ReconcileRig.Contents(fresh, Btc, HyperBtc), ReconcileRig.Contents(rig.Store, Btc, HyperBtc));
        Assert.Equal(trades.Count, rig.Store.Read(IngestKeys.Ticks(Btc), ReadRequest.All).RowCount);
        Assert.Equal(2, rig.Reconciler.FilesIngested);
        var line = Assert.Single(Events(rig, 1411));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal("2025-01-01:18", line["Hour"]);
        Assert.Equal("hour close", line["Trigger"]);
        Assert.Equal(2, line["Ingested"]);
        Assert.Equal(0, line["Failed"]);
        Assert.Equal((long)trades.Count, line["Ticks"]);
        Assert.Single(Events(rig, 1410));

        // `archiver ingest` later, with the same ledger, finds nothing to do.
        var manual = new ArchiveIngestor(rig.Store, IngestLedger.Load(IngestLedger.PathFor(rig.StoreRoot))).Run(rig.Options.ArchiveRoot, ArchiveIngestFilter.All);
        Assert.Equal((0, 2), (manual.FilesIngested, manual.FilesUnchanged));
    }

    [Fact]
    public async Task The_reconciliation_rewrite_is_kept_off_the_ws_streams_while_live_flushes_are_streamed()
    {
        await using var rig = new ReconcileRig(Hour18.AddMinutes(30));
        var seen = new StreamFlagObserver();
        rig.Store.AddObserver(seen);
        rig.Reconciler.Start(rig.Store);
        await rig.Reconciler.WaitIdleAsync();
        foreach (var trade in Trades(Hour + 60_000_000, 60, seed: 5, firstId: 1)) rig.Trade(trade);
        rig.Writer.Flush();
        var live = seen.Take();
        Assert.Contains(live, n => n.Key == IngestKeys.Ticks(Btc).ToString());
        Assert.All(live, n => Assert.False(n.Suppressed, $"live write of {n.Key} kept off the streams"));

        var files = await rig.CloseAsync(Hour18.AddHours(1).AddSeconds(11));
        await rig.ReconcileAsync(files);

        var repaired = seen.Take();
        Assert.Contains(repaired, n => n.Key == IngestKeys.Ticks(Btc).ToString());
        Assert.Contains(repaired, n => n.Key == IngestKeys.Bars(Btc).ToString());
        Assert.All(repaired, n => Assert.True(n.Suppressed, $"reconciliation write of {n.Key} would be streamed"));
    }

    /// <summary>Records each committed write's bucket and whether it was made inside <see cref="Store.Server.Streaming.StreamPushes.Suppress"/>.</summary>
    private sealed class StreamFlagObserver : IBucketWriteObserver
    {
        private readonly List<(string Key, bool Suppressed)> _notices = [];

        public void OnWritten(IBucketStore store, BucketWriteNotice notice)
        {
            lock (_notices) _notices.Add((notice.Bucket.Key.ToString(), Store.Server.Streaming.StreamPushes.Suppressed));
        }

        public List<(string Key, bool Suppressed)> Take()
        {
            lock (_notices)
            {
                var taken = _notices.ToList();
                _notices.Clear();
                return taken;
            }
        }
    }

    [Fact]
    public async Task Trades_a_restart_stored_twice_through_the_subscribe_backfill_are_stored_once_after_the_hour_close()
    {
        await using var rig = new ReconcileRig(Hour18.AddMinutes(40));
        var trades = Trades(Hour + 60_000_000, 800, seed: 5, firstId: 1);
        for (var i = 0; i < trades.Count; i++)
        {
            rig.Trade(trades[i]);
            if (i % 50 == 49) rig.Writer.Flush();
        }

        rig.Writer.Flush();

        // The service restarts: a new writer (its duplicate check starts empty) receives the last 100 trades again.
        rig.Restart();
        rig.Reconciler.Start(rig.Store);
        await rig.Reconciler.WaitIdleAsync();
        foreach (var original in trades[^100..])
        {
            var again = original;
            again.ReceiveTimeMicros += 20 * Minute;
            again.Flags = TradeFlags.Backfilled;
            rig.Trade(again);
        }

        rig.Writer.Flush();
        Assert.Equal(trades.Count + 100, rig.Store.Read(IngestKeys.Ticks(Btc), ReadRequest.All).RowCount);

        var files = await rig.CloseAsync(Hour18.AddHours(1).AddSeconds(11));
        await rig.ReconcileAsync(files);

        Assert.Equal(trades.Count, rig.Store.Read(IngestKeys.Ticks(Btc), ReadRequest.All).RowCount);
        Assert.Equal(ReconcileRig.Contents(rig.FreshIngest(), Btc), ReconcileRig.Contents(rig.Store, Btc));
    }

    [Fact]
    public async Task A_reconciled_hour_then_live_trades_of_the_next_hour_in_a_reconciled_minute_and_a_late_trade_leave_what_ingest_gives()
    {
        await using var rig = new ReconcileRig(Hour18.AddMinutes(30));
        rig.Reconciler.Start(rig.Store);
        await rig.Reconciler.WaitIdleAsync();
        var next = Hour + (60 * Minute);
        foreach (var t in Trades(Hour + 60_000_000, 600, seed: 7, firstId: 1)) rig.Trade(t);

        // Received just before 19:00 but matched just after it (clocks differ): the 18:00 file touches the minute 19:00.
        rig.Trade(Trade(next + 5_000, 130, 0.5, 10_001, receiveMicros: next - 10_000));
        rig.Trade(Trade(next + 10_000, 90, 7, 10_002, receiveMicros: next - 5_000), live: false); // dropped for the store
        rig.Writer.Flush();
        for (var i = 0; i < 10; i++) rig.Trade(Trade(next + 50_000 + (i * 500_000), 110 + i, 0.1, 20_001 + i, receiveMicros: next + 100_000 + (i * 500_000)));
        rig.Writer.Flush(); // the writer now keeps the bar of 19:00 in memory

        await rig.ReconcileAsync(await rig.CloseAsync(Hour18.AddHours(1).AddSeconds(11)));
        Assert.Contains(90.0, Values<double>(ReadAll(rig.Store, IngestKeys.Ticks(Btc)), "Price"));

        // More trades of 19:00 after the reconciliation: the kept bar is stale (the ingest added the dropped trade), so the
        // writer must notice the foreign write and read the minute back.
        for (var i = 0; i < 10; i++) rig.Trade(Trade(next + 20_000_000 + (i * 1_000_000), 120 + i, 0.2, 20_101 + i, receiveMicros: next + 20_100_000 + (i * 1_000_000)));
        rig.Writer.Flush();
        Assert.Equal(BarsFromTicks(ReadAll(rig.Store, IngestKeys.Ticks(Btc))), Bars(ReadAll(rig.Store, IngestKeys.Bars(Btc))));

        // A late trade of 18:00 (a clock step back) and trades of later minutes of 19:00.
        rig.Trade(Trade(Hour + (30 * Minute) - 100_000, 95, 3, 10_003, receiveMicros: Hour + (30 * Minute)));
        rig.Writer.Flush();
        foreach (var t in Trades(next + (5 * Minute), 300, seed: 9, firstId: 30_001)) rig.Trade(t);
        rig.Writer.Flush();

        var files = await rig.CloseAsync(Hour18.AddHours(2).AddSeconds(11));
        Assert.Equal(2, files.Count); // 18:00 rewritten with the late trade, and 19:00
        var fresh = rig.FreshIngest();
        Assert.Equal(ReconcileRig.Contents(fresh, Btc), ReconcileRig.Contents(rig.Store, Btc)); // the live writer alone got here
        await rig.ReconcileAsync(files);
        Assert.Equal(ReconcileRig.Contents(fresh, Btc), ReconcileRig.Contents(rig.Store, Btc));
        Assert.Equal(3, rig.Reconciler.FilesIngested);
        Assert.Equal(["2025-01-01:18", "2025-01-01:18", "2025-01-01:19"], Events(rig, 1411).Select(e => (string)e["Hour"]!));
    }

    [Fact]
    public async Task A_corrupt_file_is_logged_leaves_its_stored_rows_unchanged_while_the_others_are_reconciled_and_is_retried_at_the_next_hour_close()
    {
        await using var rig = new ReconcileRig(Hour18.AddMinutes(30));
        rig.Reconciler.Start(rig.Store);
        await rig.Reconciler.WaitIdleAsync();
        var btc = Trades(Hour + 60_000_000, 300, seed: 11, firstId: 1);
        var eth = Trades(Hour + 60_000_000, 300, seed: 12, firstId: 1, symbol: "ETHUSDT");
        for (var i = 0; i < btc.Count; i++)
        {
            rig.Trade(btc[i], live: i % 5 != 0);
            rig.Trade(eth[i], live: i % 7 != 0);
        }

        rig.Writer.Flush();
        var files = await rig.CloseAsync(Hour18.AddHours(1).AddSeconds(11));
        var btcFile = Assert.Single(files, f => f.Contains("BTCUSDT", StringComparison.Ordinal));
        var complete = await File.ReadAllBytesAsync(btcFile);
        await File.WriteAllBytesAsync(btcFile, complete[..(complete.Length / 2)]);
        var btcBefore = ReconcileRig.Contents(rig.Store, Btc);

        await rig.ReconcileAsync(files);

        var failed = Assert.Single(Events(rig, 1412));
        Assert.Equal(LogLevel.Warning, failed.Level);
        Assert.Equal("binance/perp/trades/2025/01/BTCUSDT_0118.parquet", failed["Path"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)failed["Error"]));
        Assert.Equal(btcBefore, ReconcileRig.Contents(rig.Store, Btc));
        Assert.Equal(eth.Count, rig.Store.Read(IngestKeys.Ticks(Eth), ReadRequest.All).RowCount);
        Assert.Equal((1L, 1L), (rig.Reconciler.FilesIngested, rig.Reconciler.FilesFailed));
        Assert.Null(IngestLedger.Load(IngestLedger.PathFor(rig.StoreRoot)).Find("binance/perp/trades/2025/01/BTCUSDT_0118.parquet"));

        // Repaired (e.g. restored from the bucket), it is taken at the next hour close, which wrote nothing itself.
        await File.WriteAllBytesAsync(btcFile, complete);
        await rig.ReconcileAsync(await rig.CloseAsync(Hour18.AddHours(2).AddSeconds(11)));

        Assert.Equal((2L, 1L), (rig.Reconciler.FilesIngested, rig.Reconciler.FilesFailed));
        Assert.Equal(ReconcileRig.Contents(rig.FreshIngest(), Btc, Eth), ReconcileRig.Contents(rig.Store, Btc, Eth));
        Assert.Single(Events(rig, 1412));
    }

    [Fact]
    public async Task At_start_up_the_closed_hours_within_the_lookback_not_yet_in_the_ledger_are_reconciled_and_older_hours_are_left_to_ingest()
    {
        var now = new DateTimeOffset(2025, 2, 1, 6, 30, 0, TimeSpan.Zero); // the lookback crosses into January
        await using var rig = new ReconcileRig(now, store: new InMemoryBucketStore());
        string Write(string hour, int seed)
        {
            var h = ArchiveHour.Parse(hour);
            var rows = Trades(h.StartMicros, 20, seed, firstId: seed * 100).ToArray();
            Assert.True(ArchiveHour.FromMicros(rows[^1].ReceiveTimeMicros) == h);
            var key = new ArchiveFileKey("binance", "BTCUSDT", ArchiveKind.Trades);
            ArchiveFileWriter.Write(rig.Options.ArchiveRoot, key, h, [new("journal", "segment-1")], (_, sink) => Replay(rows, sink));
            return ArchivePaths.RelativePath(key, h);
        }

        var older = Write("2025-01-31:05", 1);
        var first = Write("2025-01-31:06", 2);
        var known = Write("2025-01-31:20", 3);
        var last = Write("2025-02-01:05", 4);
        var open = Write("2025-02-01:06", 5);
        var ledger = IngestLedger.Load(IngestLedger.PathFor(rig.StoreRoot));
        var before = new ArchiveIngestor(rig.Store, ledger).Run(rig.Options.ArchiveRoot, new ArchiveIngestFilter { Start = ArchiveHour.Parse("2025-01-31:20"), End = ArchiveHour.Parse("2025-01-31:20") });
        Assert.Equal(1, before.FilesIngested);

        rig.Reconciler.Start(rig.Store);
        await rig.Reconciler.WaitIdleAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, rig.Reconciler.FilesIngested);
        var reloaded = IngestLedger.Load(IngestLedger.PathFor(rig.StoreRoot));
        Assert.All(new[] { first, known, last }, f => Assert.NotNull(reloaded.Find(f)));
        Assert.All(new[] { older, open }, f => Assert.Null(reloaded.Find(f)));
        var hours = Values<long>(ReadAll(rig.Store, IngestKeys.Ticks(Btc)), IngestSchemas.ReceiveMicros).Select(r => ArchiveHour.FromMicros(r).ToString()).Distinct().Order();
        Assert.Equal(["2025-01-31:06", "2025-01-31:20", "2025-02-01:05"], hours);
        var starting = Assert.Single(Events(rig, 1410));
        Assert.Equal("2025-01-31:06", starting["FirstHour"]);
        Assert.Equal("2025-01-31:05", starting["OlderHour"]);
        Assert.Equal(["2025-01-31:06", "2025-02-01:05"], Events(rig, 1411).Select(e => (string)e["Hour"]!));
        Assert.All(Events(rig, 1411), e => Assert.Equal("start-up", e["Trigger"]));

        // `archiver ingest` afterwards takes only what the service left: the older hour and the (then closed) open one.
        var manual = new ArchiveIngestor(rig.Store, reloaded).Run(rig.Options.ArchiveRoot, ArchiveIngestFilter.All);
        Assert.Equal((2, 3), (manual.FilesIngested, manual.FilesUnchanged));
    }

    [Fact]
    public async Task With_reconciliation_off_the_store_keeps_the_live_rows_and_no_ledger_is_written()
    {
        var store = new FailableBucketStore();
        await using var rig = new ReconcileRig(Hour18.AddMinutes(30), new LiveStoreOptions { Reconcile = false }, store);
        rig.Reconciler.Start(rig.Store);
        var trades = Trades(Hour + 60_000_000, 200, seed: 13, firstId: 1);
        for (var i = 0; i < trades.Count; i++) rig.Trade(trades[i], live: i % 4 != 0);
        rig.Writer.Flush();
        var before = ReconcileRig.Contents(rig.Store, Btc);
        var writes = store.Inner.WriteCalls;

        var files = await rig.CloseAsync(Hour18.AddHours(1).AddSeconds(11));
        Assert.Single(files);
        await rig.ReconcileAsync(files);

        Assert.Equal(writes, store.Inner.WriteCalls);
        Assert.Equal(before, ReconcileRig.Contents(rig.Store, Btc));
        Assert.False(File.Exists(IngestLedger.PathFor(rig.StoreRoot)));
        Assert.Equal(0, rig.Reconciler.FilesIngested);
        Assert.Single(Events(rig, 1416));
        Assert.Empty(Events(rig, 1410));
    }

    [Fact]
    public async Task With_live_quotes_off_only_the_trades_files_are_reconciled()
    {
        await using var rig = new ReconcileRig(Hour18.AddMinutes(30), new LiveStoreOptions { Quotes = false, QueueCapacity = 16 });
        rig.Reconciler.Start(rig.Store);
        await rig.Reconciler.WaitIdleAsync();
        var trades = Trades(Hour + 60_000_000, 200, seed: 19, firstId: 1);
        for (var i = 0; i < trades.Count; i++)
        {
            rig.Trade(trades[i]);
            rig.Book(Book(trades[i].ExchangeTimeMicros, 99, 1, 101 + (i % 3), 2));
        }

        rig.Writer.Flush();
        var files = await rig.CloseAsync(Hour18.AddHours(1).AddSeconds(11));
        Assert.Equal(2, files.Count);
        await rig.ReconcileAsync(files);

        Assert.Equal(1, rig.Reconciler.FilesIngested);
        Assert.Null(rig.Store.Find(IngestKeys.Quotes(HyperBtc)));
        Assert.Equal(ReconcileRig.Contents(rig.FreshIngest(), Btc), ReconcileRig.Contents(rig.Store, Btc));
    }

    [Fact]
    public async Task A_shutdown_during_a_reconciliation_stops_between_files_and_the_next_start_completes_it()
    {
        var store = new FailableBucketStore();
        await using var rig = new ReconcileRig(Hour18.AddMinutes(30), store: store);
        rig.Reconciler.Start(rig.Store);
        await rig.Reconciler.WaitIdleAsync();
        foreach (var t in Trades(Hour + 60_000_000, 200, seed: 17, firstId: 1)) rig.Trade(t, live: false);
        foreach (var t in Trades(Hour + 60_000_000, 200, seed: 18, firstId: 1, symbol: "ETHUSDT")) rig.Trade(t, live: false);
        var files = await rig.CloseAsync(Hour18.AddHours(1).AddSeconds(11));
        Assert.Equal(2, files.Count);

        // Shutdown arrives while the first file (BTCUSDT) is being written.
        var reconciler = rig.Reconciler;
        Task? stopping = null;
        store.BeforeWrite = _ => stopping ??= reconciler.StopAsync();
        reconciler.OnHourClosed(files);
        await reconciler.WaitIdleAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await stopping!.WaitAsync(TimeSpan.FromSeconds(60));
        store.BeforeWrite = null;

        Assert.Equal(200, rig.Store.Read(IngestKeys.Ticks(Btc), ReadRequest.All).RowCount);
        Assert.Null(rig.Store.Find(IngestKeys.Ticks(Eth)));
        var ledger = IngestLedger.Load(IngestLedger.PathFor(rig.StoreRoot));
        Assert.NotNull(ledger.Find("binance/perp/trades/2025/01/BTCUSDT_0118.parquet"));
        Assert.Null(ledger.Find("binance/perp/trades/2025/01/ETHUSDT_0118.parquet"));
        Assert.Single(Events(rig, 1415));

        // The next run's start-up reconciliation takes the rest.
        await reconciler.DisposeAsync();
        rig.Restart();
        rig.Reconciler.Start(rig.Store);
        await rig.Reconciler.WaitIdleAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, rig.Reconciler.FilesIngested);
        Assert.Equal(ReconcileRig.Contents(rig.FreshIngest(), Btc, Eth), ReconcileRig.Contents(rig.Store, Btc, Eth));
    }

    [Fact]
    public async Task A_ledger_that_cannot_be_saved_fails_the_run_once_and_the_next_hour_close_reconciles_again()
    {
        await using var rig = new ReconcileRig(Hour18.AddMinutes(30), store: new InMemoryBucketStore());
        rig.Reconciler.Start(rig.Store);
        await rig.Reconciler.WaitIdleAsync();
        foreach (var t in Trades(Hour + 60_000_000, 100, seed: 23, firstId: 1)) rig.Trade(t, live: false);
        var files = await rig.CloseAsync(Hour18.AddHours(1).AddSeconds(11));
        var blocker = Path.GetDirectoryName(IngestLedger.PathFor(rig.StoreRoot))!;
        Directory.CreateDirectory(rig.StoreRoot);
        await File.WriteAllTextAsync(blocker, "a file where the ledger's folder should be");

        await rig.ReconcileAsync(files); // completes: a lasting failure is not retried in a loop

        var failed = Assert.Single(Events(rig, 1414));
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.Equal("hour close", failed["Trigger"]);
        Assert.Equal(100, rig.Store.Read(IngestKeys.Ticks(Btc), ReadRequest.All).RowCount); // written, but not in a ledger

        File.Delete(blocker);
        await rig.ReconcileAsync(await rig.CloseAsync(Hour18.AddHours(2).AddSeconds(11)));

        Assert.NotNull(IngestLedger.Load(IngestLedger.PathFor(rig.StoreRoot)).Find("binance/perp/trades/2025/01/BTCUSDT_0118.parquet"));
        Assert.Equal("retry of a failed reconciliation", Events(rig, 1411)[^1]["Trigger"]);
        Assert.Equal(ReconcileRig.Contents(rig.FreshIngest(), Btc), ReconcileRig.Contents(rig.Store, Btc));
        Assert.Single(Events(rig, 1414));
    }

    [Fact]
    public async Task Live_records_queued_while_the_reconciler_writes_wait_for_the_files_of_the_pause_and_are_flushed_when_it_ends()
    {
        var store = new FailableBucketStore();
        var live = new LiveStoreOptions { FlushInterval = TimeSpan.FromHours(1) }; // the pause never ends by time here
        await using var rig = new ReconcileRig(Hour18.AddMinutes(30), live, store);
        rig.Reconciler.Start(rig.Store);
        await rig.Reconciler.WaitIdleAsync();
        foreach (var t in Trades(Hour + 60_000_000, 100, seed: 21, firstId: 1)) rig.Trade(t, live: false);
        foreach (var t in Trades(Hour + 60_000_000, 100, seed: 22, firstId: 1, symbol: "ETHUSDT")) rig.Trade(t, live: false);
        var files = await rig.CloseAsync(Hour18.AddHours(1).AddSeconds(11));

        // A trade of the next hour arrives while the first file is written; nobody flushes the writer but the reconciler.
        var writes = new List<bool>();
        store.BeforeWrite = batch =>
        {
            writes.Add(batch.Any(w => w.Replace is not null));
            if (writes.Count == 1) rig.Writer.OnTrade(Trade(Hour + (61 * Minute), 150, 2, 99_999, receiveMicros: Hour + (61 * Minute) + 300));
        };
        await rig.ReconcileAsync(files);

        Assert.Equal([true, true, false], writes); // both files in one pause, then the live flush
        Assert.Equal(1, rig.Writer.Flushes);
        Assert.Equal(0, rig.Writer.Pending);
        Assert.Equal(101, rig.Store.Read(IngestKeys.Ticks(Btc), ReadRequest.All).RowCount);
        Assert.Equal(BarsFromTicks(ReadAll(rig.Store, IngestKeys.Ticks(Btc))), Bars(ReadAll(rig.Store, IngestKeys.Bars(Btc))));
    }

    [Fact]
    public void The_ingest_store_section_holds_each_files_read_back_and_write_and_nothing_else_writes_outside_it()
    {
        var root = Directory.CreateTempSubdirectory("archiver-section-").FullName;
        try
        {
            var key = new ArchiveFileKey("binance", "BTCUSDT", ArchiveKind.Trades);
            foreach (var (hour, seed) in new[] { ("2025-01-01:18", 1), ("2025-01-01:19", 2) })
            {
                var h = ArchiveHour.Parse(hour);
                var rows = Trades(h.StartMicros, 50, seed, firstId: seed * 1000).Where(t => ArchiveHour.FromMicros(t.ReceiveTimeMicros) == h).ToArray();
                ArchiveFileWriter.Write(root, key, h, [new("journal", "segment-1")], (_, sink) => Replay(rows, sink));
            }

            var store = new FailableBucketStore();
            var inside = false;
            var sections = 0;
            var outside = 0;
            store.BeforeWrite = _ => outside += inside ? 0 : 1;
            var ingestor = new ArchiveIngestor(store, IngestLedger.Load(Path.Combine(root, "ledger.json")))
            {
                StoreSection = section =>
                {
                    sections++;
                    inside = true;
                    try
                    {
                        section();
                    }
                    finally
                    {
                        inside = false;
                    }
                },
            };

            var summary = ingestor.Run(root, ArchiveIngestFilter.All);

            Assert.Equal(2, summary.FilesIngested);
            Assert.Equal(2, sections);
            Assert.Equal(2, store.Inner.WriteCalls);
            Assert.Equal(0, outside);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Replay(Trade[] rows, IFeedSink sink)
    {
        foreach (var t in rows) sink.OnTrade(t);
    }
}
