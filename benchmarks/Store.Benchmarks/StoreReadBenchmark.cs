using System.Diagnostics;
using System.Globalization;
using Archiver.Store.Buckets;

namespace Archiver.Store.Benchmarks;

/// <summary>
/// <c>store</c> mode: writes N 1-minute OHLCV bars (Epoch + Open, High, Low, Close, Volume as f8) into a fresh store,
/// then reads them all back into columnar arrays in process and reports GB/s of column data (best of the runs).
/// </summary>
public static class StoreReadBenchmark
{
    public static int Run(int rows, int repeat)
    {
        var root = Path.Combine(Path.GetTempPath(), "store-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var store = BucketStore.Open(new StoreOptions { Root = root, CommitWindow = TimeSpan.Zero });
            var key = BucketKey.Parse("BTC/1Min/OHLCV");
            const long start = 1_600_000_020L / 60 * 60;
            const int batch = 100_000;
            var write = Stopwatch.StartNew();
            for (var at = 0; at < rows; at += batch)
            {
                var n = Math.Min(batch, rows - at);
                var epochs = new long[n];
                var price = new double[n];
                for (var i = 0; i < n; i++)
                {
                    epochs[i] = start + ((at + i) * 60L);
                    price[i] = 10_000 + ((at + i) % 1000);
                }

                store.Write([new BucketWrite(key, new ColumnSeries([
                    Column.From(ColumnSeries.EpochColumn, ColumnType.I8, epochs),
                    Column.From("Open", ColumnType.F8, price), Column.From("High", ColumnType.F8, price),
                    Column.From("Low", ColumnType.F8, price), Column.From("Close", ColumnType.F8, price),
                    Column.From("Volume", ColumnType.F8, price),
                ]), false)]);
            }

            write.Stop();
            store.Checkpoint();
            Console.WriteLine($"write {rows:N0} bars: {write.Elapsed.TotalMilliseconds:F0} ms ({rows / write.Elapsed.TotalSeconds / 1e6:F2} M rows/s, logged and applied)");
            var best = TimeSpan.MaxValue;
            var times = new List<double>();
            long bytes = 0;
            for (var r = 0; r < repeat; r++)
            {
                var sw = Stopwatch.StartNew();
                var series = store.Read(key, ReadRequest.All);
                sw.Stop();
                if (series.RowCount != rows) throw new InvalidOperationException($"read {series.RowCount} rows, wrote {rows}");
                bytes = series.Columns.Sum(c => (long)c.Data.Length);
                if (sw.Elapsed < best) best = sw.Elapsed;
                times.Add(sw.Elapsed.TotalSeconds);
                Console.WriteLine($"  read {r + 1}: {sw.Elapsed.TotalMilliseconds:F1} ms");
            }

            var gbs = bytes / best.TotalSeconds / 1e9;
            times.Sort();
            var median = times[times.Count / 2];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"read {rows:N0} bars (Epoch + 5 f8, {bytes / 1e6:F1} MB of column data): best {best.TotalMilliseconds:F1} ms = {gbs:F2} GB/s, median {median * 1e3:F1} ms = {bytes / median / 1e9:F2} GB/s (target >= 1 GB/s)"));
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
