using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Benchmarks;

/// <summary>
/// Deterministic synthetic tick data shaped like the archives: a trades table (timestamp, price, size, side, trade id)
/// and a depth-20 book table (timestamps, ids, 80 price/size columns), with realistic price walks, tick sizes and
/// bursty arrival times so that encodings behave as they do on exchange data.
/// </summary>
public static class TickDataGenerator
{
    public const long StartMicros = 1_735_689_600_000_000L; // 2025-01-01T00:00:00Z

    public static readonly ParquetSchema TradesSchema = new(
        ParquetField.Timestamp("ts", TimeUnit.Micros),
        ParquetField.Double("price"),
        ParquetField.Double("size"),
        ParquetField.String("side"),
        ParquetField.Int64("trade_id"));

    public static readonly ParquetSchema BookSchema = new(BookFields());

    private static IEnumerable<ParquetField> BookFields()
    {
        yield return ParquetField.Timestamp("ts", TimeUnit.Micros);
        yield return ParquetField.Timestamp("exch_ts", TimeUnit.Micros);
        yield return ParquetField.Int64("update_id");
        yield return ParquetField.Int64("prev_update_id");
        foreach (var side in new[] { "bid", "ask" })
        {
            for (var level = 0; level < 20; level++) yield return ParquetField.Double($"{side}_px_{level}");
            for (var level = 0; level < 20; level++) yield return ParquetField.Double($"{side}_sz_{level}");
        }
    }

    /// <summary>A trades table of <paramref name="rows"/> rows.</summary>
    public static ColumnData[] Trades(int rows, int seed = 42)
    {
        var random = new Random(seed);
        var ts = new long[rows];
        var price = new double[rows];
        var size = new double[rows];
        var sides = new BinaryValueBuilder(rows, rows * 4);
        var ids = new long[rows];
        var t = StartMicros;
        var ticks = 970_000L; // price in 0.1 ticks
        var id = 5_800_000_000L;
        for (var i = 0; i < rows; i++)
        {
            // Bursts: most trades arrive within a few ms of the previous one, some after a pause.
            t += random.Next(100) < 80 ? random.Next(0, 2000) : random.Next(2000, 400_000);
            if (random.Next(100) < 30) ticks += random.Next(-3, 4);
            ts[i] = t;
            price[i] = ticks / 10.0;
            size[i] = Math.Round(0.001 * (1 + (int)Math.Floor(-Math.Log(1 - random.NextDouble()) * 40)), 3);
            sides.Add(random.Next(2) == 0 ? "buy"u8 : "sell"u8);
            id += 1 + (random.Next(100) < 2 ? random.Next(1, 5) : 0);
            ids[i] = id;
        }

        var s = TradesSchema;
        return
        [
            new ColumnData<long>(s[0], ts), new ColumnData<double>(s[1], price), new ColumnData<double>(s[2], size),
            new BinaryColumnData(s[3], sides.ToValues()), new ColumnData<long>(s[4], ids),
        ];
    }

    /// <summary>A depth-20 book table of <paramref name="rows"/> snapshots (one per 100 ms update, like Binance).</summary>
    public static ColumnData[] Book(int rows, int seed = 43)
    {
        var random = new Random(seed);
        var columns = new ColumnData[BookSchema.Fields.Count];
        var ts = new long[rows];
        var exch = new long[rows];
        var update = new long[rows];
        var previous = new long[rows];
        var levels = new double[80][];
        for (var c = 0; c < 80; c++) levels[c] = new double[rows];
        var sizes = new double[40];
        for (var c = 0; c < 40; c++) sizes[c] = Math.Round(random.NextDouble() * 5, 3);
        var mid = 970_000L;
        var t = StartMicros;
        var u = 7_000_000_000_000L;
        for (var i = 0; i < rows; i++)
        {
            t += 100_000 + random.Next(-3000, 3000);
            exch[i] = t - random.Next(2000, 40_000);
            ts[i] = t;
            previous[i] = u;
            u += random.Next(1, 60);
            update[i] = u;
            if (random.Next(100) < 25) mid += random.Next(-2, 3);
            // A few levels change size each update; most stay as they were.
            for (var k = random.Next(1, 6); k > 0; k--) sizes[random.Next(40)] = Math.Round(random.NextDouble() * 5, 3);
            for (var level = 0; level < 20; level++)
            {
                levels[level][i] = (mid - 1 - level) / 10.0;           // bid_px
                levels[20 + level][i] = sizes[level];                  // bid_sz
                levels[40 + level][i] = (mid + 1 + level) / 10.0;      // ask_px
                levels[60 + level][i] = sizes[20 + level];             // ask_sz
            }
        }

        var s = BookSchema;
        columns[0] = new ColumnData<long>(s[0], ts);
        columns[1] = new ColumnData<long>(s[1], exch);
        columns[2] = new ColumnData<long>(s[2], update);
        columns[3] = new ColumnData<long>(s[3], previous);
        for (var c = 0; c < 80; c++) columns[4 + c] = new ColumnData<double>(s[4 + c], levels[c]);
        return columns;
    }
}
