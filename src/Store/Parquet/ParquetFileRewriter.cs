using System.Diagnostics;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Parquet;

/// <summary>
/// Rewrites a readable flat Parquet file with this codec's writer, one row group at a time (memory bounded by a row
/// group), keeping the schema, the values and the key-value metadata. INT96 timestamps, which the writer does not
/// produce, become INT64 TIMESTAMP(NANOS, UTC) with the same instants. The output is created atomically.
/// </summary>
public static class ParquetFileRewriter
{
    /// <summary>What a rewrite did.</summary>
    public sealed record Result(long Rows, int RowGroups, long InputBytes, long OutputBytes, TimeSpan Elapsed);

    /// <summary>Rewrites <paramref name="source"/> to <paramref name="target"/>; <paramref name="progress"/> gets (row groups done, total).</summary>
    /// <exception cref="ParquetFormatException"><paramref name="source"/> is not a readable flat Parquet file.</exception>
    public static Result Rewrite(string source, string target, ParquetWriterOptions options, Action<int, int>? progress = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        using var reader = ParquetFileReader.Open(source);
        var schema = new ParquetSchema(reader.Schema.Fields.Select(Writable));
        using (var writer = ParquetFileWriter.Create(target, schema, options, reader.KeyValueMetadata))
        {
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                var group = reader.ReadRowGroup(g);
                writer.Write(group.Columns.Select((c, i) => Rebind(c, schema[i])).ToList());
                writer.FlushRowGroup();
                progress?.Invoke(g + 1, reader.RowGroupCount);
            }

            writer.Complete();
        }

        return new Result(reader.RowCount, reader.RowGroupCount, new FileInfo(source).Length, new FileInfo(target).Length, clock.Elapsed);
    }

    /// <summary>The field the writer writes for a field the reader read (INT96 becomes INT64 nanoseconds).</summary>
    public static ParquetField Writable(ParquetField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.PhysicalType == PhysicalType.Int96 ? ParquetField.Timestamp(field.Name, TimeUnit.Nanos, field.IsNullable) : field;
    }

    private static ColumnData Rebind(ColumnData c, ParquetField field) => c.Field == field
        ? c
        : c switch
        {
            ColumnData<long> l => new ColumnData<long>(field, l.Values, l.Count, l.Present),
            _ => throw new InvalidOperationException($"Column '{field.Name}' cannot be rewritten as {field}."),
        };
}
