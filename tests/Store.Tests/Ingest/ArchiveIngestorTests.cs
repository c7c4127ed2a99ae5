using Archiver.Store.Tests.TestSupport;
using Archiver.Store.Archive;
using Archiver.Store.Buckets;
using Archiver.Store.Ingest;
using static Archiver.Store.Tests.Ingest.IngestArchive;

namespace Archiver.Store.Tests.Ingest;

public sealed class ArchiveIngestorTests : IDisposable
{
    private readonly string _archive = Directory.CreateTempSubdirectory("ingest-archive-").FullName;
    private readonly string _storeRoot = Directory.CreateTempSubdirectory("ingest-store-").FullName;
    private readonly DiskBucketStore _store = new();

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_archive, recursive: true);
        Directory.Delete(_storeRoot, recursive: true);
    }

    private IngestSummary Ingest(ArchiveIngestFilter? filter = null) =>
        new ArchiveIngestor(_store, IngestLedger.Load(IngestLedger.PathFor(_storeRoot))).Run(_archive, filter ?? ArchiveIngestFilter.All);

    private static readonly BucketKey Ticks = new("BINANCE_BTCUSDT", "1Sec", "TICK");
    private static readonly BucketKey Bars = new("BINANCE_BTCUSDT", "1Min", "OHLCV");

    /// <summary>Trades of two neighbouring hours whose exchange times overlap across the hour boundary, with an exchange-time tie between the files.</summary>
    private static (Trade[] Hour10, Trade[] Hour11) OverlappingHours()
    {
        var random = new Random(5);
        var h10 = new List<Trade>();
        var h11 = new List<Trade>();
        for (var i = 0; i < 300; i++)
        {
            var ts = Micros("2025-01-06:10", 3500 + (i * 0.333) + 0.001);
            h10.Add(new Trade(ts, ts - random.Next(500, 40_000), 100 + random.Next(-50, 50) * 0.1, random.Next(1, 9) * 0.125, i % 3 == 0 ? "sell" : "buy", $"a{i}"));
        }

        for (var i = 0; i < 300; i++)
        {
            var ts = Micros("2025-01-06:11", (i * 0.7) + 0.002);
            h11.Add(new Trade(ts, ts - random.Next(500, 80_000), 101 + random.Next(-50, 50) * 0.1, random.Next(1, 9) * 0.25, i % 5 == 0 ? "unknown" : "buy", $"b{i}"));
        }

        // A tie in exchange time between the last trade of 10:00 and the first of 11:00.
        h11[0] = h11[0] with { ExchTs = h10[^1].ExchTs };
        return (h10.ToArray(), h11.ToArray());
    }

    private static List<(long Epoch, int Nanos, double Price, double Size, sbyte Side, long Receive)> ExpectedTicks(IEnumerable<Trade> trades) =>
        trades.OrderBy(t => t.ExchTs).ThenBy(t => t.Ts)
            .Select(t => (Math.DivRem(t.ExchTs, 1_000_000L, out var us), (int)(us * 1000), t.Price, t.Size, t.Side switch { "buy" => (sbyte)1, "sell" => (sbyte)-1, _ => (sbyte)0 }, t.Ts))
            .ToList();

    private static List<(long Epoch, double Open, double High, double Low, double Close, double Volume)> ExpectedBars(IEnumerable<Trade> trades) =>
        trades.OrderBy(t => t.ExchTs).ThenBy(t => t.Ts)
            .GroupBy(t => t.ExchTs / 60_000_000L)
            .Select(g => (g.Key * 60, g.First().Price, g.Max(t => t.Price), g.Min(t => t.Price), g.Last().Price, g.Aggregate(0.0, (s, t) => s + t.Size)))
            .ToList();

    private List<(long Epoch, int Nanos, double Price, double Size, sbyte Side, long Receive)> StoredTicks()
    {
        var s = _store.Read(Ticks, ReadRequest.All);
        var e = s.Epochs;
        var n = s.Find("Nanoseconds")!.Values<int>();
        var p = s.Find("Price")!.Values<double>();
        var z = s.Find("Size")!.Values<double>();
        var d = s.Find("Side")!.Values<sbyte>();
        var r = s.Find("ReceiveMicros")!.Values<long>();
        var list = new List<(long, int, double, double, sbyte, long)>();
        for (var i = 0; i < s.RowCount; i++) list.Add((e[i], n[i], p[i], z[i], d[i], r[i]));
        return list;
    }

    private List<(long Epoch, double Open, double High, double Low, double Close, double Volume)> StoredBars()
    {
        var s = _store.Read(Bars, ReadRequest.All);
        var e = s.Epochs.ToArray();
        var c = new[] { "Open", "High", "Low", "Close", "Volume" }.Select(n => s.Find(n)!.Values<double>().ToArray()).ToArray();
        return Enumerable.Range(0, s.RowCount).Select(i => (e[i], c[0][i], c[1][i], c[2][i], c[3][i], c[4][i])).ToList();
    }

    [Fact]
    public void Trades_become_ticks_at_exchange_time_and_one_minute_bars_that_equal_a_reference_computation()
    {
        var (h10, h11) = OverlappingHours();
        WriteTrades(_archive, Binance, "2025-01-06:10", h10, rowsPerGroup: 64);
        WriteTrades(_archive, Binance, "2025-01-06:11", h11, rowsPerGroup: 64);

        var summary = Ingest();

        Assert.Equal(2, summary.FilesIngested);
        Assert.Equal(0, summary.FilesFailed);
        Assert.Equal(600, summary.Ticks);
        Assert.Equal(ExpectedTicks(h10.Concat(h11)), StoredTicks());
        var bars = StoredBars();
        Assert.Equal(ExpectedBars(h10.Concat(h11)), bars);
        Assert.True(bars.Count > 5);
        Assert.Equal(RecordKind.Variable, _store.Find(Ticks)!.Kind);
        Assert.Equal(RecordKind.Fixed, _store.Find(Bars)!.Kind);
        Assert.Equal(["Price:f8", "Size:f8", "Side:i1", "ReceiveMicros:i8"], _store.Find(Ticks)!.Elements.Select(e => e.ToString()));
        Assert.Equal(["Open:f8", "High:f8", "Low:f8", "Close:f8", "Volume:f8"], _store.Find(Bars)!.Elements.Select(e => e.ToString()));
    }

    [Fact]
    public void Ingesting_the_same_files_again_writes_nothing_and_reports_them_unchanged()
    {
        var (h10, h11) = OverlappingHours();
        WriteTrades(_archive, Binance, "2025-01-06:10", h10);
        WriteTrades(_archive, Binance, "2025-01-06:11", h11);
        Ingest();
        var ticks = StoredTicks();
        var bars = StoredBars();
        var writes = _store.WriteCalls;

        var again = Ingest();

        Assert.Equal(0, again.FilesIngested);
        Assert.Equal(2, again.FilesUnchanged);
        Assert.Equal(writes, _store.WriteCalls);
        Assert.Equal(ticks, StoredTicks());
        Assert.Equal(bars, StoredBars());

        // Only the modification time changed: hashed, still unchanged, nothing written.
        File.SetLastWriteTimeUtc(ArchivePaths.PathFor(_archive, Binance, ArchiveHour.Parse("2025-01-06:10")), DateTime.UtcNow.AddMinutes(5));
        var touched = Ingest();
        Assert.Equal(2, touched.FilesUnchanged);
        Assert.Equal(writes, _store.WriteCalls);
    }

    [Fact]
    public void A_changed_file_is_reingested_its_old_rows_disappear_and_the_neighbours_rows_in_the_overlap_stay()
    {
        var (h10, h11) = OverlappingHours();
        WriteTrades(_archive, Binance, "2025-01-06:10", h10);
        WriteTrades(_archive, Binance, "2025-01-06:11", h11);
        Ingest();

        // The 10:00 file is rewritten: half its trades, with new prices, and shifted earlier (its old span was wider).
        var changed = h10.Where((_, i) => i % 2 == 0).Select(t => t with { Price = t.Price + 7, ExchTs = t.ExchTs - 120_000_000 }).ToArray();
        WriteTrades(_archive, Binance, "2025-01-06:10", changed);
        var summary = Ingest();

        Assert.Equal(1, summary.FilesIngested);
        Assert.Equal(1, summary.FilesUnchanged);
        Assert.Equal(ExpectedTicks(changed.Concat(h11)), StoredTicks());
        Assert.Equal(ExpectedBars(changed.Concat(h11)), StoredBars());
    }

    [Fact]
    public void A_file_that_became_empty_takes_its_ticks_and_bars_with_it()
    {
        var (h10, h11) = OverlappingHours();
        WriteTrades(_archive, Binance, "2025-01-06:10", h10);
        WriteTrades(_archive, Binance, "2025-01-06:11", h11);
        Ingest();

        WriteTrades(_archive, Binance, "2025-01-06:10", []);
        Ingest();

        Assert.Equal(ExpectedTicks(h11), StoredTicks());
        Assert.Equal(ExpectedBars(h11), StoredBars());
    }

    [Theory]
    [InlineData("10 11 12")]
    [InlineData("12 11 10")]
    [InlineData("11 10 12")]
    [InlineData("10 12 11")]
    public void Files_ingested_in_any_order_give_the_same_ticks_and_bars(string hours)
    {
        var order = hours.Split(' ').Select(h => "2025-01-06:" + h).ToArray();
        var (h10, h11) = OverlappingHours();
        var h12 = h11.Select((t, i) => t with { Ts = t.Ts + 3_600_000_000L, ExchTs = t.ExchTs + 3_600_000_000L - (i < 5 ? 9_000_000 : 0), Id = "c" + i }).ToArray();
        var files = new Dictionary<string, Trade[]> { ["2025-01-06:10"] = h10, ["2025-01-06:11"] = h11, ["2025-01-06:12"] = h12 };
        foreach (var hour in order)
        {
            WriteTrades(_archive, Binance, hour, files[hour]);
            Ingest(new ArchiveIngestFilter { Start = ArchiveHour.Parse(hour), End = ArchiveHour.Parse(hour) });
        }

        Assert.Equal(ExpectedTicks(h10.Concat(h11).Concat(h12)), StoredTicks());
        Assert.Equal(ExpectedBars(h10.Concat(h11).Concat(h12)), StoredBars());
    }

    [Fact]
    public void A_corrupt_file_fails_alone_with_a_clear_error_and_stores_nothing_of_it()
    {
        var (h10, h11) = OverlappingHours();
        WriteTrades(_archive, Binance, "2025-01-06:10", h10);
        var bad = WriteTrades(_archive, Binance, "2025-01-06:11", h11);
        var bytes = File.ReadAllBytes(bad);
        Array.Fill(bytes, (byte)0x5A, bytes.Length / 3, 200);
        File.WriteAllBytes(bad, bytes);
        var truncated = WriteTrades(_archive, Binance, "2025-01-06:12", h11.Select(t => t with { Ts = t.Ts + 3_600_000_000L }).ToArray());
        File.WriteAllBytes(truncated, File.ReadAllBytes(truncated)[..100]);

        var summary = Ingest();

        Assert.Equal(1, summary.FilesIngested);
        Assert.Equal(2, summary.FilesFailed);
        Assert.Contains(summary.Failures, f => f.RelativePath.EndsWith("BTCUSDT_0611.parquet", StringComparison.Ordinal) && f.Error.Length > 0 && !f.Error.Contains('\n', StringComparison.Ordinal));
        Assert.Contains(summary.Failures, f => f.RelativePath.EndsWith("BTCUSDT_0612.parquet", StringComparison.Ordinal) && f.Error.Contains("Parquet", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(ExpectedTicks(h10), StoredTicks());
        Assert.Equal(ExpectedBars(h10), StoredBars());

        // Failed files are not in the ledger: once fixed they are ingested.
        WriteTrades(_archive, Binance, "2025-01-06:11", h11);
        var retry = Ingest(new ArchiveIngestFilter { End = ArchiveHour.Parse("2025-01-06:11") });
        Assert.Equal(1, retry.FilesIngested);
        Assert.Equal(ExpectedTicks(h10.Concat(h11)), StoredTicks());
    }

    [Fact]
    public void Rows_received_outside_the_files_hour_are_skipped_and_counted()
    {
        var rows = new[]
        {
            new Trade(Micros("2025-01-06:10", 1), Micros("2025-01-06:10", 0.5), 10, 1, "buy"),
            new Trade(Micros("2025-01-06:11", 1), Micros("2025-01-06:11", 0.5), 11, 1, "buy"),
            new Trade(Micros("2025-01-06:10", 2), Micros("2025-01-06:10", 1.5), 12, 1, "sell"),
        };
        WriteTrades(_archive, Binance, "2025-01-06:10", rows);

        var summary = Ingest();

        Assert.Equal(1, summary.SkippedRows);
        Assert.Equal(2, summary.Ticks);
        Assert.Equal(ExpectedTicks([rows[0], rows[2]]), StoredTicks());
    }

    [Fact]
    public void Books_become_best_bid_and_ask_quotes_with_NaN_for_an_empty_side()
    {
        var key = new ArchiveFileKey("hyperliquid", "kPEPE", ArchiveKind.L2Book, 2);
        var rows = new[]
        {
            new Quote(Micros("2025-01-06:10", 1), Micros("2025-01-06:10", 0.9), 1.5, 2, 1.6, 3),
            new Quote(Micros("2025-01-06:10", 2), Micros("2025-01-06:10", 1.9), null, null, 1.7, 4),
            new Quote(Micros("2025-01-06:10", 3), Micros("2025-01-06:10", 2.9), 1.4, 5, null, null),
        };
        WriteBooks(_archive, key, "2025-01-06:10", rows);

        var summary = Ingest();

        Assert.Equal(3, summary.Quotes);
        var s = _store.Read(new BucketKey("HYPERLIQUID_kPEPE", "1Sec", "QUOTE"), ReadRequest.All);
        Assert.Equal(["Epoch", "BidPrice", "BidSize", "AskPrice", "AskSize", "ReceiveMicros", "Nanoseconds"], s.Columns.Select(c => c.Name));
        Assert.Equal(rows.Select(r => r.ExchTs / 1_000_000), s.Epochs.ToArray());
        Assert.Equal([900_000_000, 900_000_000, 900_000_000], s.Find("Nanoseconds")!.Values<int>().ToArray());
        Assert.Equal([1.5, double.NaN, 1.4], s.Find("BidPrice")!.Values<double>().ToArray());
        Assert.Equal([2, double.NaN, 5], s.Find("BidSize")!.Values<double>().ToArray());
        Assert.Equal([1.6, 1.7, double.NaN], s.Find("AskPrice")!.Values<double>().ToArray());
        Assert.Equal([3, 4, double.NaN], s.Find("AskSize")!.Values<double>().ToArray());
        Assert.Equal(rows.Select(r => r.Ts), s.Find("ReceiveMicros")!.Values<long>().ToArray());
    }

    [Fact]
    public void The_filter_selects_by_exchange_ticker_and_hour_range()
    {
        var t = new[] { new Trade(Micros("2025-01-06:10", 1), Micros("2025-01-06:10", 1), 1, 1, "buy") };
        WriteTrades(_archive, Binance, "2025-01-06:10", t);
        WriteTrades(_archive, Binance, "2025-01-06:11", t.Select(x => x with { Ts = x.Ts + 3_600_000_000L, ExchTs = x.ExchTs + 3_600_000_000L }).ToArray());
        WriteTrades(_archive, new ArchiveFileKey("bybit", "ETHUSDT", ArchiveKind.Trades), "2025-01-06:10", t);
        WriteTrades(_archive, new ArchiveFileKey("binance", "ETHUSDT", ArchiveKind.Trades), "2025-01-06:10", t);
        File.WriteAllText(Path.Combine(_archive, "binance", "perp", "trades", "2025", "01", "notes.parquet"), "not an archive file");

        Assert.Equal(4, ArchiveIngestor.ListFiles(_archive, ArchiveIngestFilter.All).Count);
        Assert.Equal(3, ArchiveIngestor.ListFiles(_archive, new ArchiveIngestFilter { Exchange = "BINANCE" }).Count);
        Assert.Equal(["binance/perp/trades/2025/01/BTCUSDT_0611.parquet"],
            ArchiveIngestor.ListFiles(_archive, new ArchiveIngestFilter { Exchange = "binance", Ticker = "BTCUSDT", Start = ArchiveHour.Parse("2025-01-06:11") }).Select(f => f.RelativePath));
        Assert.Empty(ArchiveIngestor.ListFiles(_archive, new ArchiveIngestFilter { Kind = ArchiveKind.L2Book }));

        var summary = Ingest(new ArchiveIngestFilter { Ticker = "ETHUSDT" });
        Assert.Equal(2, summary.FilesIngested);
        Assert.Equal(["BINANCE_ETHUSDT", "BYBIT_ETHUSDT"], _store.Symbols());
    }

    [Fact]
    public void Symbols_are_the_uppercase_exchange_and_the_ticker_with_characters_a_key_cannot_hold_replaced()
    {
        Assert.Equal("BINANCE_BTCUSDT", IngestKeys.Symbol("binance", "BTCUSDT"));
        Assert.Equal("HYPERLIQUID_kPEPE", IngestKeys.Symbol("hyperliquid", "kPEPE"));
        Assert.Equal("HYPERLIQUID_xyz-TSLA", IngestKeys.Symbol("hyperliquid", "xyz:TSLA"));
        Assert.Equal("BYBIT_1000PEPE@X#1.0", IngestKeys.Symbol("bybit", "1000PEPE@X#1.0"));
    }

    [Fact]
    public void A_bucket_with_another_schema_fails_the_file_and_is_left_as_it_was()
    {
        _store.Create(Ticks, [new ColumnSpec("Price", ColumnType.F4)], RecordKind.Variable);
        var (h10, _) = OverlappingHours();
        WriteTrades(_archive, Binance, "2025-01-06:10", h10);

        var summary = Ingest();

        Assert.Equal(1, summary.FilesFailed);
        Assert.Contains("BINANCE_BTCUSDT/1Sec/TICK", summary.Failures[0].Error, StringComparison.Ordinal);
        Assert.Equal(0, _store.Read(Ticks, ReadRequest.All).RowCount);
        Assert.Null(_store.Find(Bars));
    }

    [Fact]
    public void The_ledger_survives_a_reload_and_a_lost_ledger_only_costs_a_reingest_with_the_same_result()
    {
        var (h10, h11) = OverlappingHours();
        WriteTrades(_archive, Binance, "2025-01-06:10", h10);
        WriteTrades(_archive, Binance, "2025-01-06:11", h11);
        Ingest();
        var ledger = IngestLedger.Load(IngestLedger.PathFor(_storeRoot));
        Assert.Equal(2, ledger.Count);
        var entry = ledger.Find("binance/perp/trades/2025/01/BTCUSDT_0610.parquet")!;
        Assert.Equal(300, entry.Rows);
        Assert.Equal(h10.Min(t => t.ExchTs) * 1000, entry.FirstNanos);
        Assert.Equal(h10.Max(t => t.ExchTs) * 1000, entry.LastNanos);
        Assert.Equal(64, entry.Sha256.Length);

        File.Delete(IngestLedger.PathFor(_storeRoot));
        var again = Ingest();

        Assert.Equal(2, again.FilesIngested);
        Assert.Equal(ExpectedTicks(h10.Concat(h11)), StoredTicks());
        Assert.Equal(ExpectedBars(h10.Concat(h11)), StoredBars());
    }
}
