using System.Globalization;
using System.Reflection;
using Archiver.Store.Benchmarks;
using Archiver.Store.Parquet;
using BenchmarkDotNet.Running;

// Usage:
//   compare [--trades N] [--book N] [--repeat N]   codec vs DuckDB side by side (needs scripts/install-test-tools.sh)
//   sample DIR                                     writes one synthetic hour of trades and book into DIR
//   sizes [--trades N] [--book N]                  compressed size per column under several encodings
//   store [--ticks N] [--files N] [--repeat N] [--ingest-only]
//                                                  ingest ticks/s (with a phase breakdown), 1-minute bars vs DuckDB, reading 1M bars (issue 6)
//   store-read [--rows N] [--repeat N]             bucket store: read N 1Min OHLCV bars (Epoch + 5 f8), GB/s of column data
//   bdn [BenchmarkDotNet args]                     allocation and throughput micro-benchmarks
var mode = args.Length > 0 ? args[0] : "compare";
int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

var root = typeof(TickDataGenerator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
    .First(a => a.Key == "RepositoryRoot").Value!;
switch (mode)
{
    case "compare":
        return DuckDbComparison.Run(Option("--trades", 10_000_000), Option("--book", 1_000_000), Option("--repeat", 3), root);
    case "store":
        return StoreBenchmark.Run(storeRoot => Archiver.Store.Buckets.BucketStore.Open(new Archiver.Store.StoreOptions { Root = storeRoot }), "BucketStore (on disk)",
            Option("--ticks", 10_000_000), Option("--files", 10), Option("--repeat", 3), root, args.Contains("--ingest-only"));
    case "sizes":
        return EncodingSizeReport.Run(Option("--trades", 1_000_000), Option("--book", 100_000));
    case "sample":
        var dir = args.Length > 1 ? args[1] : Path.Combine(root, "archives");
        foreach (var (kind, file, schema, columns) in new[]
                 {
                     ("trades", "BTCUSDT_0100.parquet", TickDataGenerator.TradesSchema, TickDataGenerator.Trades(80_000)),
                     ("l2book", "BTCUSDT_depth20_0100.parquet", TickDataGenerator.BookSchema, TickDataGenerator.Book(36_000)),
                 })
        {
            var path = Path.Combine(dir, "sample", "perp", kind, "2025", "01", file);
            using var writer = ParquetFileWriter.Create(path, schema, ParquetWriterOptions.Default with { OverwriteExisting = true },
                new Dictionary<string, string> { ["exchange"] = "sample", ["symbol"] = "BTCUSDT", ["kind"] = kind });
            writer.Write(columns);
            writer.Complete();
            Console.WriteLine($"WRITE {Path.GetRelativePath(root, path)} records: {columns[0].Count} size: {new FileInfo(path).Length / 1024} KB");
        }

        return 0;
    case "store-read":
        return StoreReadBenchmark.Run(Option("--rows", 1_000_000), Option("--repeat", 10));
    case "bdn":
        BenchmarkSwitcher.FromAssembly(typeof(TickDataGenerator).Assembly).Run(args[1..]);
        return 0;
    default:
        Console.Error.WriteLine($"error: unknown mode '{mode}' (compare, store, store-read, sample, sizes, bdn)");
        return 2;
}
