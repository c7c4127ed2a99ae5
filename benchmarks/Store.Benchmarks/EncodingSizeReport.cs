using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Benchmarks;

/// <summary>
/// Writes the benchmark tables under several encoding choices and prints each column's compressed size, to choose
/// defaults from measurements rather than guesses.
/// </summary>
internal static class EncodingSizeReport
{
    public static int Run(int tradeRows, int bookRows)
    {
        var variants = new (string Name, ParquetWriterOptions Options)[]
        {
            ("default", ParquetWriterOptions.Default),
            ("z6", ParquetWriterOptions.Default with { CompressionLevel = 6 }),
            ("z9", ParquetWriterOptions.Default with { CompressionLevel = 9 }),
            ("pg512k", ParquetWriterOptions.Default with { MaxRowsPerPage = 512 * 1024, PageTargetBytes = 4 << 20 }),
            ("pg512k-z6", ParquetWriterOptions.Default with { MaxRowsPerPage = 512 * 1024, PageTargetBytes = 4 << 20, CompressionLevel = 6 }),
            ("pg1m-z9", ParquetWriterOptions.Default with { MaxRowsPerPage = 1024 * 1024, PageTargetBytes = 8 << 20, CompressionLevel = 9 }),
            ("bss", ParquetWriterOptions.Default with { IntegerEncoding = ParquetEncoding.DeltaBinaryPacked, FloatingPointEncoding = ParquetEncoding.ByteStreamSplit }),
        };
        foreach (var (name, schema, columns) in new[] { ("trades", TickDataGenerator.TradesSchema, TickDataGenerator.Trades(tradeRows)), ("book", TickDataGenerator.BookSchema, TickDataGenerator.Book(bookRows)) })
        {
            Console.WriteLine($"{name}: compressed bytes per column");
            var sizes = new Dictionary<string, long[]>();
            foreach (var (variant, options) in variants)
            {
                using var stream = new MemoryStream();
                var clock = System.Diagnostics.Stopwatch.StartNew();
                using (var writer = new ParquetFileWriter(stream, schema, options, leaveOpen: true))
                {
                    writer.Write(columns);
                    writer.Complete();
                }

                using var reader = ParquetFileReader.Open(stream.ToArray());
                var perColumn = new long[schema.Fields.Count];
                foreach (var group in reader.Metadata.RowGroups)
                    for (var c = 0; c < perColumn.Length; c++) perColumn[c] += group.Columns[c].MetaData!.TotalCompressedSize;
                sizes[variant] = perColumn;
                Console.WriteLine($"  {variant,-11} total {stream.Length,12:N0}  write {clock.Elapsed.TotalSeconds:F3} s");
            }

            var shown = schema.Fields.Select((f, i) => (f, i)).Where(p => p.i < 8 || p.f.Name.EndsWith("_19", StringComparison.Ordinal));
            Console.WriteLine($"  {"column",-16}" + string.Concat(variants.Select(v => $"{v.Name,12}")));
            foreach (var (f, i) in shown)
                Console.WriteLine($"  {f.Name,-16}" + string.Concat(variants.Select(v => $"{sizes[v.Name][i],12:N0}")));
        }

        return 0;
    }
}
