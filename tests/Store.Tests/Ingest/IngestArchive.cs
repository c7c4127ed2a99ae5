using Archiver.Store.Archive;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;

namespace Archiver.Store.Tests.Ingest;

/// <summary>Writes archive files for ingest tests with the project's Parquet writer and the archive schemas.</summary>
internal static class IngestArchive
{
    /// <summary>One trade: receive and exchange time in µs since the epoch.</summary>
    public sealed record Trade(long Ts, long ExchTs, double Price, double Size, string Side, string Id = "t");

    /// <summary>One book snapshot's best levels (null = empty side).</summary>
    public sealed record Quote(long Ts, long ExchTs, double? BidPx, double? BidSz, double? AskPx, double? AskSz);

    public static readonly ArchiveFileKey Binance = new("binance", "BTCUSDT", ArchiveKind.Trades);

    public static long Micros(string hour, double seconds) => ArchiveHour.Parse(hour).StartMicros + (long)Math.Round(seconds * 1_000_000);

    /// <summary>Writes the trades (in the given order) as <paramref name="key"/>'s file for <paramref name="hour"/>.</summary>
    public static string WriteTrades(string root, ArchiveFileKey key, string hour, IReadOnlyList<Trade> rows, int rowsPerGroup = 1000)
    {
        var path = ArchivePaths.PathFor(root, key, ArchiveHour.Parse(hour));
        var schema = ArchiveSchemas.Trades;
        using var writer = ParquetFileWriter.Create(path, schema, ArchiveSchemas.WriterOptions with { MaxRowsPerRowGroup = rowsPerGroup, OverwriteExisting = true });
        if (rows.Count > 0)
        {
            writer.Write(
                new ColumnData<long>(schema[0], rows.Select(r => r.Ts).ToArray()),
                new ColumnData<long>(schema[1], rows.Select(r => r.ExchTs).ToArray()),
                new ColumnData<double>(schema[2], rows.Select(r => r.Price).ToArray()),
                new ColumnData<double>(schema[3], rows.Select(r => r.Size).ToArray()),
                new BinaryColumnData(schema[4], BinaryColumnValues.FromStrings(rows.Select(r => r.Side).ToArray())),
                new BinaryColumnData(schema[5], BinaryColumnValues.FromStrings(rows.Select(r => r.Id).ToArray())),
                new ColumnData<int>(schema[6], rows.Select(_ => 0).ToArray()));
        }

        writer.Complete();
        return path;
    }

    /// <summary>Writes a depth-2 l2book file whose best levels are the quotes (second levels filled with other values).</summary>
    public static string WriteBooks(string root, ArchiveFileKey key, string hour, IReadOnlyList<Quote> rows)
    {
        var path = ArchivePaths.PathFor(root, key, ArchiveHour.Parse(hour));
        var schema = ArchiveSchemas.For(key);
        var columns = new List<ColumnData>
        {
            new ColumnData<long>(schema[0], rows.Select(r => r.Ts).ToArray()),
            new ColumnData<long>(schema[1], rows.Select(r => r.ExchTs).ToArray()),
            Nullable(schema[2], rows.Select(_ => (long?)null)),
            Nullable(schema[3], rows.Select(_ => (long?)7)),
            Nullable(schema[4], rows.Select(_ => (long?)6)),
            Nullable(schema[5], rows.Select(_ => (long?)null)),
            new ColumnData<int>(schema[6], rows.Select(_ => 0).ToArray()),
        };
        foreach (var level in new Func<Quote, double?>[] { r => r.BidPx, r => r.BidSz, r => r.AskPx, r => r.AskSz })
        {
            for (var i = 0; i < key.Depth; i++)
                columns.Add(Nullable(schema[columns.Count], rows.Select(r => i == 0 ? level(r) : level(r) + 1000)));
        }

        // Column order in the schema: bid_px_*, bid_sz_*, ask_px_*, ask_sz_* — the loop above matches it.
        using var writer = ParquetFileWriter.Create(path, schema, ArchiveSchemas.WriterOptions with { OverwriteExisting = true });
        if (rows.Count > 0) writer.Write(columns);
        writer.Complete();
        return path;
    }

    private static ColumnData Nullable<T>(Archiver.Store.Parquet.Schema.ParquetField field, IEnumerable<T?> values)
        where T : unmanaged
    {
        var list = values.ToArray();
        var present = list.Select(v => v.HasValue).ToArray();
        return new ColumnData<T>(field, list.Select(v => v.GetValueOrDefault()).ToArray(), present.All(p => p) ? null : present);
    }
}
