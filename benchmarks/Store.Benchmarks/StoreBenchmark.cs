using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Archiver.Store.Buckets;
using Archiver.Store.Diagnostics;
using Archiver.Store.Ingest;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;

namespace Archiver.Store.Benchmarks;

/// <summary>
/// The store benchmarks of issue 6, side by side in one run: (1) ingest ticks/s from archive Parquet files into an
/// <see cref="IBucketStore"/> (target ≥ 5M/s end to end: read, decode, merge, bars, write); (2) ten million ticks from
/// one Parquet file into 1-minute bars in process vs DuckDB (threads=1) doing the same GROUP BY on the same file
/// (target: faster); (3) reading one million 1-minute bars (Epoch + five f8 columns) back as columns, in GB/s (target
/// ≥ 1). The store comes from a factory (the engine at integration; an in-memory stand-in before).
/// </summary>
internal static class StoreBenchmark
{
    public static int Run(Func<string, IBucketStore> openStore, string storeName, int ticks, int files, int repeat, string repositoryRoot, bool ingestOnly = false)
    {
        var work = Directory.CreateTempSubdirectory("store-bench-").FullName;
        try
        {
            Console.WriteLine($"store: {storeName}");
            Console.WriteLine($"writing {files} hourly archive files of {ticks / files:N0} trades ...");
            var archive = Path.Combine(work, "archive");
            var paths = ArchiveTradesGenerator.WriteHours(archive, files, ticks / files);
            IReadOnlyList<(StorePhase Phase, double Seconds)> phases = [];
            var fastest = double.MaxValue;
            var ingest = Best(repeat, () =>
            {
                var storeRoot = Path.Combine(work, "store-" + Guid.NewGuid().ToString("N"));
                IReadOnlyList<(StorePhase Phase, double Seconds)> these;
                double seconds, cpuSeconds;
                IngestSummary summary;
                using (var store = openStore(storeRoot))
                {
                    PhaseClock.Reset();
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var clock = Stopwatch.StartNew();
                    summary = new ArchiveIngestor(store, IngestLedger.Load(IngestLedger.PathFor(storeRoot))).Run(archive, ArchiveIngestFilter.All);
                    seconds = clock.Elapsed.TotalSeconds;
                    cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                    these = PhaseClock.Snapshot();
                }

                if (summary.FilesFailed > 0) throw new InvalidOperationException(summary.Failures[0].Error);
                Directory.Delete(storeRoot, recursive: true);
                Console.WriteLine($"  ingest run: {summary.Ticks:N0} ticks in {seconds:F3} s = {summary.Ticks / seconds / 1e6:F2}M ticks/s ({cpuSeconds:F3} s of CPU)");
                if (seconds < fastest)
                {
                    fastest = seconds;
                    phases = these;
                }

                return (seconds, summary.Ticks);
            });
            var ingestRate = ingest.Count / ingest.Seconds;
            Console.WriteLine($"  ingest: {ingest.Count:N0} ticks in {ingest.Seconds:F3} s = {ingestRate / 1e6:F2}M ticks/s");
            Console.WriteLine("  where ingest time goes (wall clock per phase; phases on other threads can overlap):");
            foreach (var (phase, s) in phases)
                Console.WriteLine($"    {phase,-12} {s,8:F3} s  {s / ingest.Seconds * 100,5:F1}%");

            if (ingestOnly) return 0;
            Console.WriteLine($"writing one file of {ticks:N0} trades for the bar comparison ...");
            var big = Path.Combine(work, "trades.parquet");
            var price = 970_000L;
            ArchiveTradesGenerator.Write(big, new Archive.ArchiveHour(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc)), ticks, new Random(7), ref price);
            var ours = Best(repeat, () =>
            {
                var clock = Stopwatch.StartNew();
                var bars = BarsFromParquet(big);
                return (clock.Elapsed.TotalSeconds, (long)bars);
            });
            Console.WriteLine($"  bars in process: {ours.Count:N0} bars from {ticks:N0} ticks in {ours.Seconds:F3} s");
            Console.WriteLine("  running DuckDB (threads=1) on the same file ...");
            var duck = DuckDbBars(repositoryRoot, big, repeat);
            Console.WriteLine($"  bars in DuckDB {duck.Version}: {duck.Bars:N0} bars in {duck.Seconds:F3} s");

            var query = QueryBars(openStore, Path.Combine(work, "query-store"), 1_000_000, repeat);

            Console.WriteLine();
            Console.WriteLine($"Store benchmarks ({storeName}), best of {repeat}; ratios > 1 mean ours is faster or above target");
            Console.WriteLine($"  ingest from Parquet      {ingestRate / 1e6,8:F2}M ticks/s   target 5M/s     ratio {ingestRate / 5e6:F2}");
            Console.WriteLine($"  {ticks / 1e6,3:F0}M ticks -> 1Min bars  {ours.Seconds,8:F3} s         DuckDB {duck.Seconds:F3} s   ratio {duck.Seconds / ours.Seconds:F2}" +
                              (duck.Bars == ours.Count ? string.Empty : $"  (bar counts differ: {ours.Count} vs {duck.Bars})"));
            Console.WriteLine($"  read 1M 1Min bars        {query.GbPerSecond,8:F2} GB/s      target 1 GB/s   ratio {query.GbPerSecond:F2}  ({query.Bytes / 1e6:F1} MB in {query.Seconds * 1000:F1} ms)");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Reads exch_ts, price and size with projection, sorts by exchange time if needed, builds the bars.</summary>
    private static int BarsFromParquet(string path)
    {
        using var reader = ParquetFileReader.Open(path);
        var n = (int)reader.RowCount;
        var times = new long[n];
        var prices = new double[n];
        var sizes = new double[n];
        var at = 0;
        string[] columns = ["exch_ts", "price", "size"];
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var data = reader.ReadRowGroup(g, columns);
            ((ColumnData<long>)data.Columns[0]).Span.CopyTo(times.AsSpan(at));
            ((ColumnData<double>)data.Columns[1]).Span.CopyTo(prices.AsSpan(at));
            ((ColumnData<double>)data.Columns[2]).Span.CopyTo(sizes.AsSpan(at));
            at += data.Columns[0].Count;
        }

        int[] order = [];
        if (!TickOrder.IsSorted(times))
        {
            order = new int[n];
            long[]? scratch = null;
            TickOrder.Sort(times, order, ref scratch);
        }

        var minutes = (int)(((times.Max() - times.Min()) / MinuteBarBuilder.MicrosPerMinute) + 2);
        var epoch = new long[minutes];
        var o = new double[minutes];
        var h = new double[minutes];
        var l = new double[minutes];
        var c = new double[minutes];
        var v = new double[minutes];
        return MinuteBarBuilder.Build(times, order, MinuteBarBuilder.MicrosPerMinute, prices, sizes, epoch, o, h, l, c, v);
    }

    private static (double Seconds, long Bars, string Version) DuckDbBars(string root, string file, int repeat)
    {
        var script = Path.Combine(root, "benchmarks", "duckdb", "bars.mjs");
        var start = new ProcessStartInfo("node", [script, "--trades", file, "--repeat", repeat.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"DuckDB bars failed (run scripts/install-test-tools.sh first?): {stderr.Result}");
        using var json = JsonDocument.Parse(stdout);
        var r = json.RootElement;
        return (r.GetProperty("seconds").GetDouble(), r.GetProperty("bars").GetInt64(), r.GetProperty("duckdbVersion").GetString() ?? "?");
    }

    /// <summary>Writes one million 1-minute bars (Epoch + five f8), then times reading them all back as columns.</summary>
    private static (double Seconds, long Bytes, double GbPerSecond) QueryBars(Func<string, IBucketStore> openStore, string root, int bars, int repeat)
    {
        using var store = openStore(root);
        var key = IngestKeys.Bars("BENCH_BARS");
        var epoch = new long[bars];
        var values = new double[bars];
        for (var i = 0; i < bars; i++)
        {
            epoch[i] = 1_500_000_000L - (1_500_000_000L % 60) + (60L * i);
            values[i] = 100 + (i % 1000 * 0.01);
        }

        var columns = new List<Column> { new(ColumnSeries.EpochColumn, ColumnType.I8, MemoryMarshal.AsBytes(epoch.AsSpan()).ToArray()) };
        foreach (var name in new[] { "Open", "High", "Low", "Close", "Volume" })
            columns.Add(new Column(name, ColumnType.F8, MemoryMarshal.AsBytes(values.AsSpan()).ToArray()));
        store.Write([new BucketWrite(key, new ColumnSeries(columns), IsVariableLength: false)]);
        long bytes = 0;
        var best = Best(repeat + 2, () =>
        {
            var clock = Stopwatch.StartNew();
            var series = store.Read(key, ReadRequest.All);
            var seconds = clock.Elapsed.TotalSeconds;
            bytes = series.Columns.Sum(c => (long)c.Data.Length);
            if (series.RowCount != bars) throw new InvalidOperationException($"read {series.RowCount} bars, wrote {bars}");
            return (seconds, bytes);
        });
        return (best.Seconds, bytes, bytes / best.Seconds / 1e9);
    }

    private static (double Seconds, long Count) Best(int repeat, Func<(double Seconds, long Count)> action)
    {
        (double Seconds, long Count) best = (double.MaxValue, 0);
        for (var i = 0; i < repeat; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var r = action();
            if (r.Seconds < best.Seconds) best = r;
        }

        return best;
    }
}
