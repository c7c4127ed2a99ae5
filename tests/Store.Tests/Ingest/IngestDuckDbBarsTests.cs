using Archiver.Store.Tests.TestSupport;
using System.Globalization;
using Archiver.Store.Buckets;
using Archiver.Store.Ingest;
using Archiver.Store.Tests.Interop;
using static Archiver.Store.Tests.Ingest.IngestArchive;

namespace Archiver.Store.Tests.Ingest;

/// <summary>
/// The one-minute bars ingest computes equal bars DuckDB computes on its own from the same Parquet trades file: a
/// GROUP BY over time_bucket of the exchange time, open and close as the first and last price ordered by (exch_ts, file
/// row), high and low as max and min, volume as the sum. The file has exchange times out of order and ties; sizes are
/// multiples of 1/8, so every sum is exact in any order.
/// </summary>
public sealed class IngestDuckDbBarsTests : IDisposable
{
    private readonly string _archive = Directory.CreateTempSubdirectory("ingest-duck-").FullName;
    private readonly string _storeRoot = Directory.CreateTempSubdirectory("ingest-duck-store-").FullName;

    public void Dispose()
    {
        Directory.Delete(_archive, recursive: true);
        Directory.Delete(_storeRoot, recursive: true);
    }

    [Fact]
    public void One_minute_bars_from_ingest_equal_the_bars_duckdb_groups_from_the_same_parquet_file()
    {
        var random = new Random(11);
        var trades = new List<Trade>();
        var ts = Micros("2025-03-02:14", 0.0005);
        for (var i = 0; i < 20_000; i++)
        {
            ts += random.Next(1, 360_000);
            if (ts >= Micros("2025-03-02:15", 0)) break;
            // Exchange time lags the receive time by up to 2 s: out of order, some trades in the previous hour.
            var exch = i % 97 == 0 && trades.Count > 0 ? trades[^1].ExchTs : ts - random.Next(100, 2_000_000);
            trades.Add(new Trade(ts, exch, Math.Round(60_000 + (random.NextDouble() * 500), 1), random.Next(1, 80) / 8.0, random.Next(2) == 0 ? "buy" : "sell", $"{i}"));
        }

        var path = WriteTrades(_archive, Binance, "2025-03-02:14", trades, rowsPerGroup: 4096);
        using var store = new DiskBucketStore();
        var summary = new ArchiveIngestor(store, IngestLedger.Load(IngestLedger.PathFor(_storeRoot))).Run(_archive, ArchiveIngestFilter.All);
        Assert.Equal(trades.Count, summary.Ticks);

        var bars = store.Read(new BucketKey("BINANCE_BTCUSDT", "1Min", "OHLCV"), ReadRequest.All);
        var file = path.Replace("'", "''", StringComparison.Ordinal);
        var duck = NodeTools.QueryWithDuckDb(
            "SELECT epoch_us(time_bucket(INTERVAL 1 minute, exch_ts)) // 1000000 AS epoch, " +
            "first(price ORDER BY exch_ts, file_row_number) AS open, max(price) AS high, min(price) AS low, " +
            "last(price ORDER BY exch_ts, file_row_number) AS close, sum(size) AS volume " +
            $"FROM read_parquet('{file}', file_row_number = true) GROUP BY 1 ORDER BY 1");

        Assert.True(duck.RowCount > 55, $"only {duck.RowCount} minutes");
        Assert.Equal(duck.ColumnText("epoch").Select(t => long.Parse(t!, CultureInfo.InvariantCulture)), bars.Epochs.ToArray());
        foreach (var (ours, theirs) in new[] { ("Open", "open"), ("High", "high"), ("Low", "low"), ("Close", "close"), ("Volume", "volume") })
        {
            Assert.Equal(duck.ColumnText(theirs).Select(t => double.Parse(t!, CultureInfo.InvariantCulture)), bars.Find(ours)!.Values<double>().ToArray());
        }
    }
}
