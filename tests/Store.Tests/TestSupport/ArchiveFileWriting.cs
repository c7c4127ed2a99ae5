using Archiver.Store.Archive;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Tests.TestSupport;

/// <summary>
/// Writes archive files (trades, l2book) with the project's Parquet writer and the archive schemas, from one row
/// projection per column; the test folders' own row records (<c>ArchiveTestFiles</c>, <c>IngestArchive</c>) map onto it.
/// </summary>
internal static class ArchiveFileWriting
{
    /// <summary>Writes <paramref name="rows"/> in order as the trades file of <paramref name="key"/> for <paramref name="hour"/>.</summary>
    public static string WriteTrades<TRow>(string root, ArchiveFileKey key, string hour, IReadOnlyList<TRow> rows, TradeColumns<TRow> columns,
        ParquetWriterOptions options, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var path = ArchivePaths.PathFor(root, key, ArchiveHour.Parse(hour));
        var schema = ArchiveSchemas.Trades;
        using var writer = ParquetFileWriter.Create(path, schema, options, metadata);
        if (rows.Count > 0)
        {
            writer.Write(
                new ColumnData<long>(schema[0], rows.Select(columns.Ts).ToArray()),
                new ColumnData<long>(schema[1], rows.Select(columns.ExchTs).ToArray()),
                new ColumnData<double>(schema[2], rows.Select(columns.Price).ToArray()),
                new ColumnData<double>(schema[3], rows.Select(columns.Size).ToArray()),
                new BinaryColumnData(schema[4], BinaryColumnValues.FromStrings(rows.Select(columns.Side).ToArray())),
                new BinaryColumnData(schema[5], BinaryColumnValues.FromStrings(rows.Select(columns.TradeId).ToArray())),
                new ColumnData<int>(schema[6], rows.Select(columns.Flags).ToArray()));
        }

        writer.Complete();
        return path;
    }

    /// <summary>Writes <paramref name="rows"/> as the l2book file of <paramref name="key"/> (depth from the key) for <paramref name="hour"/>.</summary>
    public static string WriteBooks<TRow>(string root, ArchiveFileKey key, string hour, IReadOnlyList<TRow> rows, BookColumns<TRow> columns,
        ParquetWriterOptions options)
    {
        var path = ArchivePaths.PathFor(root, key, ArchiveHour.Parse(hour));
        var schema = ArchiveSchemas.For(key);
        var data = new List<ColumnData>
        {
            new ColumnData<long>(schema[0], rows.Select(columns.Ts).ToArray()),
            new ColumnData<long>(schema[1], rows.Select(columns.ExchTs).ToArray()),
            Nullable(schema[2], rows.Select(_ => (long?)null)),
            Nullable(schema[3], rows.Select(columns.UpdateId)),
            Nullable(schema[4], rows.Select(columns.PreviousUpdateId)),
            Nullable(schema[5], rows.Select(_ => (long?)null)),
            new ColumnData<int>(schema[6], rows.Select(_ => 0).ToArray()),
        };

        // The schema's level columns come as bid_px_*, bid_sz_*, ask_px_*, ask_sz_*: the same order as here.
        foreach (var level in new[] { columns.BidPx, columns.BidSz, columns.AskPx, columns.AskSz })
        {
            for (var i = 0; i < key.Depth; i++)
            {
                var depth = i;
                data.Add(Nullable(schema[data.Count], rows.Select(r => level(r, depth))));
            }
        }

        using var writer = ParquetFileWriter.Create(path, schema, options);
        if (rows.Count > 0) writer.Write(data);
        writer.Complete();
        return path;
    }

    private static ColumnData Nullable<T>(ParquetField field, IEnumerable<T?> values)
        where T : unmanaged
    {
        var list = values.ToArray();
        var present = list.Select(v => v.HasValue).ToArray();
        return new ColumnData<T>(field, list.Select(v => v.GetValueOrDefault()).ToArray(), present.All(p => p) ? null : present);
    }

    /// <summary>How a test's trade row maps onto the trades schema's columns.</summary>
    internal sealed record TradeColumns<TRow>(
        Func<TRow, long> Ts, Func<TRow, long> ExchTs, Func<TRow, double> Price, Func<TRow, double> Size,
        Func<TRow, string> Side, Func<TRow, string> TradeId, Func<TRow, int> Flags);

    /// <summary>How a test's book row maps onto the l2book schema's columns (levels by depth index, null = missing).</summary>
    internal sealed record BookColumns<TRow>(
        Func<TRow, long> Ts, Func<TRow, long> ExchTs, Func<TRow, long?> UpdateId, Func<TRow, long?> PreviousUpdateId,
        Func<TRow, int, double?> BidPx, Func<TRow, int, double?> BidSz, Func<TRow, int, double?> AskPx, Func<TRow, int, double?> AskSz);
}
