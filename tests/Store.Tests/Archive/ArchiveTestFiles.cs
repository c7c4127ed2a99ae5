using Archiver.Store.Archive;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;

namespace Archiver.Store.Tests.Archive;

/// <summary>Writes small archive files (trades, l2book) into a layout with the archive schemas.</summary>
internal static class ArchiveTestFiles
{
    public sealed record Trade(long Ts, double Price, double Size, string Side, string TradeId, int Flags)
    {
        public long ExchTs => Ts - 1_500;
    }

    /// <summary>One book snapshot; null levels are missing (a thin book).</summary>
    public sealed record Book(long Ts, long? UpdateId, double?[] BidPx, double?[] BidSz, double?[] AskPx, double?[] AskSz);

    /// <summary>µs since the epoch of <paramref name="hour"/> plus an offset in µs.</summary>
    public static long At(string hour, long offsetMicros = 0) => ArchiveHour.Parse(hour).StartMicros + offsetMicros;

    public static string WriteTrades(string root, ArchiveFileKey key, string hour, IReadOnlyList<Trade> rows, int rowsPerGroup = 3)
    {
        var path = ArchivePaths.PathFor(root, key, ArchiveHour.Parse(hour));
        var schema = ArchiveSchemas.Trades;
        using var writer = ParquetFileWriter.Create(path, schema, ArchiveSchemas.WriterOptions with { MaxRowsPerRowGroup = rowsPerGroup },
            new Dictionary<string, string> { [ArchiveSchemas.Keys.Exchange] = key.Exchange, [ArchiveSchemas.Keys.Symbol] = key.Ticker, [ArchiveSchemas.Keys.Hour] = hour });
        writer.Write(
            new ColumnData<long>(schema[0], rows.Select(r => r.Ts).ToArray()),
            new ColumnData<long>(schema[1], rows.Select(r => r.ExchTs).ToArray()),
            new ColumnData<double>(schema[2], rows.Select(r => r.Price).ToArray()),
            new ColumnData<double>(schema[3], rows.Select(r => r.Size).ToArray()),
            new BinaryColumnData(schema[4], BinaryColumnValues.FromStrings(rows.Select(r => r.Side).ToArray())),
            new BinaryColumnData(schema[5], BinaryColumnValues.FromStrings(rows.Select(r => r.TradeId).ToArray())),
            new ColumnData<int>(schema[6], rows.Select(r => r.Flags).ToArray()));
        writer.Complete();
        return path;
    }

    public static string WriteBooks(string root, ArchiveFileKey key, string hour, IReadOnlyList<Book> rows)
    {
        var path = ArchivePaths.PathFor(root, key, ArchiveHour.Parse(hour));
        var schema = ArchiveSchemas.For(key);
        var columns = new List<ColumnData>
        {
            new ColumnData<long>(schema[0], rows.Select(r => r.Ts).ToArray()),
            new ColumnData<long>(schema[1], rows.Select(r => r.Ts - 900).ToArray()),
            Nullable(schema[2], rows.Select(_ => (long?)null)),
            Nullable(schema[3], rows.Select(r => r.UpdateId)),
            Nullable(schema[4], rows.Select(r => r.UpdateId - 1)),
            Nullable(schema[5], rows.Select(r => (long?)null)),
            new ColumnData<int>(schema[6], rows.Select(_ => 0).ToArray()),
        };
        foreach (var levels in new Func<Book, double?[]>[] { r => r.BidPx, r => r.BidSz, r => r.AskPx, r => r.AskSz })
            for (var i = 0; i < key.Depth; i++)
                columns.Add(Nullable(schema[columns.Count], rows.Select(r => levels(r)[i])));
        using var writer = ParquetFileWriter.Create(path, schema, ArchiveSchemas.WriterOptions);
        writer.Write(columns);
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
