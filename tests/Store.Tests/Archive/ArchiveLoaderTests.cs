using Archiver.Store.Archive;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;
using static Archiver.Store.Tests.Archive.ArchiveTestFiles;

namespace Archiver.Store.Tests.Archive;

public sealed class ArchiveLoaderTests : IDisposable
{
    private const long Second = 1_000_000;
    private static readonly ArchiveFileKey TradesKey = new("binance", "BTCUSDT", ArchiveKind.Trades);
    private static readonly ArchiveFileKey BookKey = new("binance", "BTCUSDT", ArchiveKind.L2Book, 2);

    private readonly string _root = Directory.CreateTempSubdirectory("archive-loader-").FullName;
    private readonly List<(ArchiveHour File, Trade Row)> _written = [];

    public ArchiveLoaderTests()
    {
        // 22:00 holds a stray row from the hour before and one on the next hour's first instant (a late file close);
        // 23:00 is written out of order with a tie on ts; 00:00 is missing; 01:00 spans several row groups.
        Write("2025-01-05:22",
            T(At("2025-01-05:22", 1 * Second), 97_000.5, "buy", "a1"),
            T(At("2025-01-05:22", 2 * Second), 97_001.0, "sell", "a2"),
            T(At("2025-01-05:22", -1), 96_999.0, "buy", "a0"),
            T(At("2025-01-05:22", (3600 * Second) - 1), 97_002.25, "sell", "a3"),
            T(At("2025-01-05:23"), 97_003.0, "buy", "a4"));
        Write("2025-01-05:23",
            T(At("2025-01-05:23", 50 * Second), 97_010.0, "sell", "b3"),
            T(At("2025-01-05:23", 10 * Second), 97_011.0, "buy", "b1"),
            T(At("2025-01-05:23", 30 * Second), 97_012.0, "buy", "b2a"),
            T(At("2025-01-05:23", 0), 97_013.0, "sell", "b0"),
            T(At("2025-01-05:23", 30 * Second), 97_014.0, "sell", "b2b"),
            T(At("2025-01-05:23", 20 * Second), 97_015.0, "buy", "b1b"));
        Write("2025-01-06:01", Enumerable.Range(0, 10).Select(i => T(At("2025-01-06:01", i * 300 * Second), 97_100 + i, i % 2 == 0 ? "buy" : "sell", $"c{i}")).ToArray());
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Trade T(long ts, double price, string side, string id) => new(ts, price, Math.Round(price / 1e6, 6), side, id, id.Length);

    private void Write(string hour, params Trade[] rows)
    {
        WriteTrades(_root, TradesKey, hour, rows);
        _written.AddRange(rows.Select(r => (ArchiveHour.Parse(hour), r)));
    }

    /// <summary>
    /// What a load of [first, last] must return: the rows of the range's files (in file order) whose ts lies in the
    /// range, stably sorted by ts. A row filed under an hour outside the range is not looked for.
    /// </summary>
    private List<Trade> Expected(string first, string last)
    {
        ArchiveHour a = ArchiveHour.Parse(first), b = ArchiveHour.Parse(last);
        return _written.Where(w => w.File >= a && w.File <= b && w.Row.Ts >= a.StartMicros && w.Row.Ts < b.EndMicros)
            .Select(w => w.Row).OrderBy(t => t.Ts).ToList();
    }

    private static void AssertTrades(IReadOnlyList<Trade> expected, RowGroupData table)
    {
        Assert.Equal(expected.Count, table.RowCount);
        Assert.Equal(["ts", "exch_ts", "price", "size", "side", "trade_id", "flags"], table.Columns.Select(c => c.Field.Name));
        Assert.Equal(expected.Select(t => t.Ts), table.Get<long>("ts").Span.ToArray());
        Assert.Equal(expected.Select(t => t.ExchTs), table.Get<long>("exch_ts").Span.ToArray());
        Assert.Equal(expected.Select(t => t.Price), table.Get<double>("price").Span.ToArray());
        Assert.Equal(expected.Select(t => t.Size), table.Get<double>("size").Span.ToArray());
        Assert.Equal(expected.Select(t => t.Side), Enumerable.Range(0, expected.Count).Select(i => table.GetBinary("side").GetString(i)));
        Assert.Equal(expected.Select(t => t.TradeId), Enumerable.Range(0, expected.Count).Select(i => table.GetBinary("trade_id").GetString(i)));
        Assert.Equal(expected.Select(t => t.Flags), table.Get<int>("flags").Span.ToArray());
        Assert.Equal(ArchiveSchemas.Trades.Fields, table.Columns.Select(c => c.Field));
    }

    [Fact]
    public void Plan_lists_present_and_missing_hours_in_order()
    {
        var range = ArchiveLoader.Plan(_root, TradesKey, ArchiveHour.Parse("2025-01-05:21"), ArchiveHour.Parse("2025-01-06:02"));

        Assert.Equal(["2025-01-05:22", "2025-01-05:23", "2025-01-06:01"], range.Files.Select(f => f.Hour.ToString()));
        Assert.Equal(["2025-01-05:21", "2025-01-06:00", "2025-01-06:02"], range.Missing.Select(h => h.ToString()));
        Assert.Equal(6, range.HourCount);
        Assert.Equal(Path.GetFullPath(_root), range.Root);
        Assert.Equal(ArchiveHour.Parse("2025-01-05:21").StartMicros, range.StartMicros);
        Assert.Equal(ArchiveHour.Parse("2025-01-06:03").StartMicros, range.EndMicros);
        Assert.All(range.Files, f => Assert.Equal(ArchivePaths.PathFor(_root, TradesKey, f.Hour), f.Path));
    }

    [Fact]
    public void ListPaths_gives_the_existing_files_in_hour_order_like_only_paths()
    {
        var paths = ArchiveLoader.ListPaths(_root, TradesKey, ArchiveHour.Parse("2025-01-05:22"), ArchiveHour.Parse("2025-01-06:01"));

        Assert.Equal(
            new[] { "binance/perp/trades/2025/01/BTCUSDT_0522.parquet", "binance/perp/trades/2025/01/BTCUSDT_0523.parquet", "binance/perp/trades/2025/01/BTCUSDT_0601.parquet" }
                .Select(p => Path.GetFullPath(Path.Combine(_root, p))),
            paths);
        Assert.All(paths, p => Assert.True(File.Exists(p)));
        Assert.Empty(ArchiveLoader.ListPaths(_root, TradesKey, ArchiveHour.Parse("2025-01-06:00"), ArchiveHour.Parse("2025-01-06:00")));
        Assert.Empty(ArchiveLoader.ListPaths(_root, BookKey, ArchiveHour.Parse("2025-01-05:22"), ArchiveHour.Parse("2025-01-06:01")));
    }

    [Fact]
    public void Load_returns_the_range_sorted_by_ts_with_exact_values_and_a_stable_order_for_ties()
    {
        var table = ArchiveLoader.Load(_root, TradesKey, ArchiveHour.Parse("2025-01-05:22"), ArchiveHour.Parse("2025-01-06:01"));

        var expected = Expected("2025-01-05:22", "2025-01-06:01");
        Assert.Equal(20, expected.Count); // everything but the stray row from 21:59
        AssertTrades(expected, table);
        // The 23:00:00 row of the 22:00 file comes before 23:00's own rows at that instant (file order), and the tie
        // at 23:00:30 keeps the order of the file.
        var ids = Enumerable.Range(0, (int)table.RowCount).Select(i => table.GetBinary("trade_id").GetString(i)!).ToArray();
        Assert.Equal(["a1", "a2", "a3", "a4", "b0", "b1", "b1b", "b2a", "b2b", "b3", "c0"], ids[..11]);
    }

    [Fact]
    public void Load_cuts_rows_outside_the_range_even_inside_a_file()
    {
        var only22 = ArchiveLoader.Load(_root, TradesKey, ArchiveHour.Parse("2025-01-05:22"), ArchiveHour.Parse("2025-01-05:22"));
        AssertTrades(Expected("2025-01-05:22", "2025-01-05:22"), only22);
        Assert.Equal(["a1", "a2", "a3"], Enumerable.Range(0, 3).Select(i => only22.GetBinary("trade_id").GetString(i)));

        // 21:00 has no file, but the 22:00 file's stray row belongs to it; 23:00 gets the row the 22:00 file holds.
        var from21 = ArchiveLoader.Load(_root, TradesKey, ArchiveHour.Parse("2025-01-05:21"), ArchiveHour.Parse("2025-01-05:23"));
        AssertTrades(Expected("2025-01-05:21", "2025-01-05:23"), from21);
        Assert.Equal("a0", from21.GetBinary("trade_id").GetString(0));

        var only23 = ArchiveLoader.Load(_root, TradesKey, ArchiveHour.Parse("2025-01-05:23"), ArchiveHour.Parse("2025-01-05:23"));
        AssertTrades(Expected("2025-01-05:23", "2025-01-05:23"), only23);
        Assert.Equal(6, only23.RowCount); // a4 (23:00:00, filed under 22:00) is outside the files of the range
    }

    [Fact]
    public void Load_skips_missing_hours_and_an_all_missing_range_is_empty_with_the_schema()
    {
        var range = ArchiveLoader.Plan(_root, TradesKey, ArchiveHour.Parse("2025-01-05:23"), ArchiveHour.Parse("2025-01-06:01"));
        Assert.Equal(["2025-01-06:00"], range.Missing.Select(h => h.ToString()));
        AssertTrades(Expected("2025-01-05:23", "2025-01-06:01"), ArchiveLoader.Load(range));

        var empty = ArchiveLoader.Load(_root, TradesKey, ArchiveHour.Parse("2025-01-06:00"), ArchiveHour.Parse("2025-01-06:00"));
        AssertTrades([], empty);
        var emptyBook = ArchiveLoader.Load(_root, BookKey, ArchiveHour.Parse("2025-01-06:00"), ArchiveHour.Parse("2025-01-06:00"), ["ts", "ask_px_1"]);
        Assert.Equal(0, emptyBook.RowCount);
        Assert.Equal(["ts", "ask_px_1"], emptyBook.Columns.Select(c => c.Field.Name));
        Assert.Throws<ArgumentException>(() => ArchiveLoader.Load(_root, TradesKey, ArchiveHour.Parse("2025-01-06:00"), ArchiveHour.Parse("2025-01-06:00"), ["bid_px_0"]));
    }

    [Fact]
    public void Projection_keeps_the_asked_columns_in_the_asked_order_still_sorted_and_cut_on_ts()
    {
        var start = ArchiveHour.Parse("2025-01-05:22");
        var end = ArchiveHour.Parse("2025-01-05:23");
        var expected = Expected("2025-01-05:22", "2025-01-05:23");

        var table = ArchiveLoader.Load(_root, TradesKey, start, end, ["trade_id", "price"]);
        Assert.Equal(["trade_id", "price"], table.Columns.Select(c => c.Field.Name));
        Assert.Equal(expected.Count, table.RowCount);
        Assert.Equal(expected.Select(t => t.Price), table.Get<double>("price").Span.ToArray());
        Assert.Equal(expected.Select(t => t.TradeId), Enumerable.Range(0, expected.Count).Select(i => table.GetBinary("trade_id").GetString(i)));

        var withTs = ArchiveLoader.Load(_root, TradesKey, start, end, ["price", "ts"]);
        Assert.Equal(expected.Select(t => t.Ts), withTs.Get<long>("ts").Span.ToArray());

        var e = Assert.Throws<ArgumentException>(() => ArchiveLoader.Load(_root, TradesKey, start, end, ["price", "nope"]));
        Assert.Contains("nope", e.Message);
        Assert.Throws<ArgumentException>(() => ArchiveLoader.Load(_root, TradesKey, start, end, ["price", "price"]));
    }

    [Fact]
    public void An_end_before_the_start_is_refused_with_both_hours_named()
    {
        var start = ArchiveHour.Parse("2025-01-06:01");
        var end = ArchiveHour.Parse("2025-01-05:22");
        foreach (var call in new Action[]
                 {
                     () => ArchiveLoader.ListPaths(_root, TradesKey, start, end),
                     () => ArchiveLoader.Plan(_root, TradesKey, start, end),
                     () => ArchiveLoader.Load(_root, TradesKey, start, end),
                 })
        {
            var e = Assert.Throws<ArgumentException>(call);
            Assert.Contains("The end hour 2025-01-05:22 is before the start hour 2025-01-06:01", e.Message);
        }
    }

    [Fact]
    public void A_corrupt_file_fails_the_load_naming_the_file()
    {
        var path = ArchivePaths.PathFor(_root, TradesKey, ArchiveHour.Parse("2025-01-06:00"));
        File.WriteAllBytes(path, "PAR1 this is not a parquet file PAR1"u8.ToArray());

        var e = Assert.Throws<ParquetFormatException>(() => ArchiveLoader.Load(_root, TradesKey, ArchiveHour.Parse("2025-01-05:22"), ArchiveHour.Parse("2025-01-06:01")));
        Assert.Equal(path, e.FilePath);
        Assert.Contains(path, e.Message);

        // Truncating a good file is caught too.
        var good = ArchivePaths.PathFor(_root, TradesKey, ArchiveHour.Parse("2025-01-06:01"));
        var bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(good, bytes[..(bytes.Length / 2)]);
        e = Assert.Throws<ParquetFormatException>(() => ArchiveLoader.Load(_root, TradesKey, ArchiveHour.Parse("2025-01-06:01"), ArchiveHour.Parse("2025-01-06:01")));
        Assert.Equal(good, e.FilePath);
    }

    [Fact]
    public void A_file_whose_columns_disagree_with_the_first_is_refused_naming_both()
    {
        var path = ArchivePaths.PathFor(_root, TradesKey, ArchiveHour.Parse("2025-01-06:00"));
        var schema = new ParquetSchema(ParquetField.Timestamp("ts", TimeUnit.Micros), ParquetField.Float("price"));
        using (var writer = ParquetFileWriter.Create(path, schema))
        {
            writer.Write(new ColumnData<long>(schema[0], [At("2025-01-06:00", 5)]), new ColumnData<float>(schema[1], [1f]));
            writer.Complete();
        }

        var e = Assert.Throws<ParquetFormatException>(() =>
            ArchiveLoader.Load(_root, TradesKey, ArchiveHour.Parse("2025-01-05:23"), ArchiveHour.Parse("2025-01-06:00"), ["ts", "price"]));
        Assert.Equal(path, e.FilePath);
        Assert.Equal("price", e.Column);
        Assert.Contains("BTCUSDT_0523.parquet", e.Message);
    }

    [Fact]
    public void Nanosecond_and_millisecond_timestamps_are_cut_in_their_own_unit()
    {
        var key = new ArchiveFileKey("bybit", "ETHUSDT", ArchiveKind.Trades);
        foreach (var (unit, perMicro, name) in new[] { (TimeUnit.Nanos, 1000L, "2025-03-01:10"), (TimeUnit.Millis, -1000L, "2025-03-01:11") })
        {
            var schema = new ParquetSchema(ParquetField.Timestamp("ts", unit), ParquetField.Int64("n"));
            var hour = ArchiveHour.Parse(name);
            long[] micros = [hour.StartMicros - 1000, hour.StartMicros, hour.EndMicros - 1000, hour.EndMicros];
            var values = micros.Select(m => perMicro > 0 ? m * perMicro : m / -perMicro).ToArray();
            using var writer = ParquetFileWriter.Create(ArchivePaths.PathFor(_root, key, hour), schema);
            writer.Write(new ColumnData<long>(schema[0], values), new ColumnData<long>(schema[1], [0L, 1, 2, 3]));
            writer.Complete();
        }

        var nanos = ArchiveLoader.Load(_root, key, ArchiveHour.Parse("2025-03-01:10"), ArchiveHour.Parse("2025-03-01:10"));
        Assert.Equal([1L, 2], nanos.Get<long>("n").Span.ToArray());
        Assert.Equal(TimeUnit.Nanos, nanos["ts"].Field.TimeUnit);
        var millis = ArchiveLoader.Load(_root, key, ArchiveHour.Parse("2025-03-01:11"), ArchiveHour.Parse("2025-03-01:11"));
        Assert.Equal([1L, 2], millis.Get<long>("n").Span.ToArray());
    }

    [Fact]
    public void L2book_files_load_wide_with_nulls_where_the_book_was_thin()
    {
        double?[] L(params double?[] v) => v;
        var first = new[]
        {
            new Book(At("2025-01-05:22", 2 * Second), 102, L(97_000, 96_999.5), L(1.5, 2), L(97_000.5, null), L(0.25, null)),
            new Book(At("2025-01-05:22", 1 * Second), 101, L(96_990, null), L(3, null), L(96_990.5, 96_991), L(4, 5)),
        };
        var second = new[]
        {
            new Book(At("2025-01-05:23", 0), 201, L(97_100, 97_099), L(1, 2), L(97_101, 97_102), L(3, 4)),
            new Book(At("2025-01-05:23", 7), null, L(null, null), L(null, null), L(97_105, null), L(0.5, null)),
        };
        WriteBooks(_root, BookKey, "2025-01-05:22", first);
        WriteBooks(_root, BookKey, "2025-01-05:23", second);

        var table = ArchiveLoader.Load(_root, BookKey, ArchiveHour.Parse("2025-01-05:22"), ArchiveHour.Parse("2025-01-05:23"));

        var expected = first.Concat(second).OrderBy(b => b.Ts).ToArray();
        Assert.Equal(4, table.RowCount);
        Assert.Equal(ArchiveSchemas.L2Book(2).Fields.Select(f => f.Name), table.Columns.Select(c => c.Field.Name));
        Assert.Equal(expected.Select(b => b.Ts), table.Get<long>("ts").Span.ToArray());
        Assert.Equal(expected.Select(b => b.UpdateId), Values<long>(table, "update_id"));
        Assert.Equal(expected.Select(b => b.UpdateId - 1), Values<long>(table, "prev_update_id"));
        Assert.Equal(expected.Select(_ => (long?)null), Values<long>(table, "exch_tx_ts"));
        for (var i = 0; i < 2; i++)
        {
            var level = i;
            Assert.Equal(expected.Select(b => b.BidPx[level]), Values<double>(table, $"bid_px_{i}"));
            Assert.Equal(expected.Select(b => b.BidSz[level]), Values<double>(table, $"bid_sz_{i}"));
            Assert.Equal(expected.Select(b => b.AskPx[level]), Values<double>(table, $"ask_px_{i}"));
            Assert.Equal(expected.Select(b => b.AskSz[level]), Values<double>(table, $"ask_sz_{i}"));
        }

        var projected = ArchiveLoader.Load(_root, BookKey, ArchiveHour.Parse("2025-01-05:23"), ArchiveHour.Parse("2025-01-05:23"), ["ask_px_1", "bid_px_0"]);
        Assert.Equal([97_102.0, null], Values<double>(projected, "ask_px_1"));
        Assert.Equal([97_100.0, null], Values<double>(projected, "bid_px_0"));
        Assert.True(projected["ask_px_1"].Field.IsNullable);
    }

    private static T?[] Values<T>(RowGroupData table, string column)
        where T : unmanaged
    {
        var c = table.Get<T>(column);
        return Enumerable.Range(0, c.Count).Select(i => c.HasValue(i) ? (T?)c.Values[i] : null).ToArray();
    }

    [Fact]
    public void Many_row_groups_across_many_files_load_in_order()
    {
        var key = new ArchiveFileKey("hyperliquid", "BTC", ArchiveKind.Trades);
        var expected = new List<Trade>();
        var random = new Random(42);
        foreach (var hour in ArchiveHour.Range(ArchiveHour.Parse("2024-02-28:22"), ArchiveHour.Parse("2024-03-01:01")))
        {
            var rows = Enumerable.Range(0, 50)
                .Select(i => new Trade(hour.StartMicros + random.NextInt64(ArchiveHour.MicrosPerHour), i, 1, i % 3 == 0 ? "sell" : "buy", $"{hour}-{i}", i % 256))
                .OrderBy(t => t.Ts)
                .ToArray();
            WriteTrades(_root, key, hour.ToString(), rows, rowsPerGroup: 7);
            expected.AddRange(rows);
        }

        var start = ArchiveHour.Parse("2024-02-29:00");
        var end = ArchiveHour.Parse("2024-02-29:23");
        var table = ArchiveLoader.Load(_root, key, start, end);
        AssertTrades(expected.Where(t => t.Ts >= start.StartMicros && t.Ts < end.EndMicros).ToList(), table);
        Assert.Equal(24 * 50, table.RowCount);
    }
}
