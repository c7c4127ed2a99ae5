using System.Buffers;
using System.Buffers.Binary;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.IO;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Pages;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Parquet;

/// <summary>
/// Reads flat Parquet files written by this codec, pyarrow, DuckDB, polars, Spark and others. Opening reads and
/// validates the footer; columns are read per row group into typed arrays, with projection by name and row-group
/// skipping by statistics. Every problem with the file is a <see cref="ParquetFormatException"/> naming the file, the
/// column and the byte offset.
/// </summary>
public sealed class ParquetFileReader : IDisposable
{
    private static ReadOnlySpan<byte> Magic => "PAR1"u8;
    private static ReadOnlySpan<byte> EncryptedMagic => "PARE"u8;

    private readonly RandomAccessSource _source;
    private readonly long[] _chunkStarts;

    private ParquetFileReader(RandomAccessSource source)
    {
        _source = source;
        try
        {
            Metadata = ReadFooter(source, out var footerStart);
            Schema = SchemaConverter.FromSchemaElements(Metadata.Schema, source.Name);
            _chunkStarts = ValidateRowGroups(footerStart);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="path"/>.</summary>
    /// <exception cref="ParquetFormatException">The file is not a readable flat Parquet file.</exception>
    public static ParquetFileReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new ParquetFileReader(RandomAccessSource.OpenFile(path));
    }

    /// <summary>Reads a file held in memory.</summary>
    /// <exception cref="ParquetFormatException">The bytes are not a readable flat Parquet file.</exception>
    public static ParquetFileReader Open(ReadOnlyMemory<byte> bytes, string name = "<memory>") =>
        new(RandomAccessSource.FromMemory(bytes, name));

    /// <summary>Name used in messages: the path, or the name given for a buffer.</summary>
    public string Name => _source.Name;

    /// <summary>The decoded footer.</summary>
    public FileMetaData Metadata { get; }

    /// <summary>The columns.</summary>
    public ParquetSchema Schema { get; }

    /// <summary>Total rows in the file.</summary>
    public long RowCount => Metadata.NumRows;

    /// <summary>Number of row groups.</summary>
    public int RowGroupCount => Metadata.RowGroups.Count;

    /// <summary>Footer key-value metadata (later duplicates win).</summary>
    public IReadOnlyDictionary<string, string> KeyValueMetadata =>
        (Metadata.KeyValueMetadata ?? []).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value ?? string.Empty, StringComparer.Ordinal);

    /// <summary>Rows in row group <paramref name="rowGroup"/>.</summary>
    public long GetRowGroupRowCount(int rowGroup) => Metadata.RowGroups[rowGroup].NumRows;

    /// <summary>Reads the named columns (all when null) of one row group.</summary>
    public RowGroupData ReadRowGroup(int rowGroup, IReadOnlyList<string>? columns = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowGroup);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rowGroup, RowGroupCount);
        var indices = ResolveColumns(columns);
        var result = new ColumnData[indices.Length];
        for (var i = 0; i < indices.Length; i++) result[i] = ReadColumn(rowGroup, indices[i]);
        return new RowGroupData(Metadata.RowGroups[rowGroup].NumRows, result);
    }

    /// <summary>Reads column <paramref name="column"/> of row group <paramref name="rowGroup"/>.</summary>
    public ColumnData ReadColumn(int rowGroup, int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowGroup);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rowGroup, RowGroupCount);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Schema.Fields.Count);
        var group = Metadata.RowGroups[rowGroup];
        var meta = group.Columns[column].MetaData!;
        var field = Schema[column];
        var start = _chunkStarts[(rowGroup * Schema.Fields.Count) + column];
        var length = (int)meta.TotalCompressedSize;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            _source.ReadExactly(start, buffer.AsSpan(0, length));
            var reader = new ColumnChunkReader(field, meta.Codec, Name, start);
            return reader.Read(buffer.AsSpan(0, length), (int)group.NumRows);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads the named columns (all when null) of every row group that may hold rows with
    /// <paramref name="timeColumn"/> between <paramref name="min"/> and <paramref name="max"/> (inclusive, in the
    /// column's stored unit), concatenated. Without a time column, reads everything. Rows of a selected row group
    /// outside the range are kept: the range only skips row groups.
    /// </summary>
    public RowGroupData ReadAll(IReadOnlyList<string>? columns = null, string? timeColumn = null, long min = long.MinValue, long max = long.MaxValue)
    {
        var groups = timeColumn is null ? Enumerable.Range(0, RowGroupCount).ToList() : RowGroupsOverlapping(timeColumn, min, max).ToList();
        var parts = groups.Select(g => ReadRowGroup(g, columns)).ToList();
        var indices = ResolveColumns(columns);
        if (parts.Count == 1) return parts[0];
        var merged = new ColumnData[indices.Length];
        for (var c = 0; c < indices.Length; c++)
            merged[c] = ColumnConcatenation.Concat(Schema[indices[c]], parts.Select(p => p.Columns[c]).ToList());
        return new RowGroupData(parts.Sum(p => p.RowCount), merged);
    }

    /// <summary>
    /// Indices of the row groups whose statistics for <paramref name="column"/> (an INT32 or INT64 column, e.g. a
    /// timestamp) overlap [<paramref name="min"/>, <paramref name="max"/>]; row groups without statistics are kept.
    /// </summary>
    public IEnumerable<int> RowGroupsOverlapping(string column, long min, long max)
    {
        var index = Schema.IndexOf(column);
        if (index < 0) throw new ArgumentException($"{Name} has no column '{column}'.", nameof(column));
        var field = Schema[index];
        if (field.PhysicalType is not (PhysicalType.Int64 or PhysicalType.Int32))
            throw new ArgumentException($"Column '{column}' is {field.PhysicalType}; range skipping needs INT32 or INT64.", nameof(column));
        for (var g = 0; g < RowGroupCount; g++)
        {
            var stats = GetStatistics(g, index);
            if (stats.Min is long lo && stats.Max is long hi && (hi < min || lo > max)) continue;
            if (stats.Min is int lo32 && stats.Max is int hi32 && (hi32 < min || lo32 > max)) continue;
            yield return g;
        }
    }

    /// <summary>Decoded statistics of one column chunk (min/max typed by the column).</summary>
    public ColumnStatistics GetStatistics(int rowGroup, int column)
    {
        var meta = Metadata.RowGroups[rowGroup].Columns[column].MetaData!;
        return ColumnStatistics.Decode(Schema[column], meta.Statistics);
    }

    private int[] ResolveColumns(IReadOnlyList<string>? columns)
    {
        if (columns is null) return Enumerable.Range(0, Schema.Fields.Count).ToArray();
        var result = new int[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            result[i] = Schema.IndexOf(columns[i]);
            if (result[i] < 0) throw new ArgumentException($"{Name} has no column '{columns[i]}'.", nameof(columns));
        }

        return result;
    }

    private static FileMetaData ReadFooter(RandomAccessSource source, out long footerStart)
    {
        var length = source.Length;
        if (length < 12)
            throw new ParquetFormatException($"file of {length} bytes is too small to be Parquet (at least 12)", source.Name, null, 0);
        Span<byte> head = stackalloc byte[4];
        source.ReadExactly(0, head);
        Span<byte> tail = stackalloc byte[8];
        source.ReadExactly(length - 8, tail);
        if (tail[4..].SequenceEqual(EncryptedMagic))
            throw new ParquetFormatException("unsupported: encrypted footer (PARE)", source.Name, null, length - 4);
        if (!head.SequenceEqual(Magic))
            throw new ParquetFormatException($"not a Parquet file: starts with 0x{Convert.ToHexString(head)}, expected PAR1", source.Name, null, 0);
        if (!tail[4..].SequenceEqual(Magic))
            throw new ParquetFormatException($"truncated or not Parquet: ends with 0x{Convert.ToHexString(tail[4..])}, expected PAR1", source.Name, null, length - 4);
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footerLength <= 0 || footerLength > length - 12 || footerLength > ParquetLimits.MaxFooterBytes)
            throw new ParquetFormatException($"footer length {footerLength} does not fit in a file of {length} bytes", source.Name, null, length - 8);
        footerStart = length - 8 - footerLength;
        var footer = ArrayPool<byte>.Shared.Rent(footerLength);
        try
        {
            source.ReadExactly(footerStart, footer.AsSpan(0, footerLength));
            return ParquetMetadataCodec.ReadFileMetaData(footer.AsSpan(0, footerLength));
        }
        catch (ParquetFormatException e) when (e.FilePath is null)
        {
            throw new ParquetFormatException("corrupt footer: " + (e.Detail ?? e.Message), source.Name, null, footerStart, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(footer);
        }
    }

    private long[] ValidateRowGroups(long footerStart)
    {
        var columns = Schema.Fields.Count;
        var starts = new long[(long)Metadata.RowGroups.Count * columns];
        long rows = 0;
        for (var g = 0; g < Metadata.RowGroups.Count; g++)
        {
            var group = Metadata.RowGroups[g];
            if (group.NumRows < 0 || group.NumRows > ParquetLimits.MaxRowsPerRowGroup)
                throw Invalid($"row group {g} declares {group.NumRows} rows", null, footerStart);
            if (group.Columns.Count != columns)
                throw Invalid($"row group {g} has {group.Columns.Count} column chunks, the schema has {columns} columns", null, footerStart);
            rows += group.NumRows;
            for (var c = 0; c < columns; c++)
            {
                var field = Schema[c];
                var chunk = group.Columns[c];
                if (chunk.FilePath is not null)
                    throw Invalid($"unsupported: row group {g} keeps its data in another file ({chunk.FilePath})", field.Name, footerStart);
                var meta = chunk.MetaData ?? throw Invalid($"row group {g} has no metadata for the column (encrypted?)", field.Name, footerStart);
                if (meta.Type != field.PhysicalType)
                    throw Invalid($"row group {g} stores {meta.Type}, the schema says {field.PhysicalType}", field.Name, footerStart);
                if (meta.NumValues != group.NumRows)
                    throw Invalid($"row group {g} has {group.NumRows} rows but the column chunk holds {meta.NumValues} values", field.Name, footerStart);
                var start = meta.DataPageOffset;
                if (meta.DictionaryPageOffset is long d && d > 0 && d < start) start = d;
                var size = meta.TotalCompressedSize;
                if (start < 4 || size < 0 || size > int.MaxValue || start > footerStart || size > footerStart - start)
                    throw Invalid($"row group {g} column chunk at offset {start} of {size} bytes lies outside the data region (4..{footerStart})", field.Name, footerStart);
                if (size == 0 && group.NumRows > 0)
                    throw Invalid($"row group {g} column chunk is empty but the row group has {group.NumRows} rows", field.Name, start);
                starts[((long)g * columns) + c] = start;
            }
        }

        if (rows != Metadata.NumRows)
            throw Invalid($"footer says {Metadata.NumRows} rows, the row groups hold {rows}", null, footerStart);
        return starts;
    }

    private ParquetFormatException Invalid(string detail, string? column, long offset) => new(detail, Name, column, offset);

    public void Dispose() => _source.Dispose();
}
