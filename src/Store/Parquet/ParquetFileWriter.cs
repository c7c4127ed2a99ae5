using System.Buffers.Binary;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.IO;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Pages;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Parquet;

/// <summary>
/// Writes a flat Parquet file, streaming: batches of rows are encoded into the open row group, which is written to the
/// output as soon as it reaches its target size, so memory is bounded by one row group, not by the file.
/// The file is complete only after <see cref="Complete"/> writes the footer. Files opened with
/// <see cref="Create(string, ParquetSchema, ParquetWriterOptions?, IReadOnlyDictionary{string, string}?)"/> are written
/// under a temporary name, flushed to disk and renamed on <see cref="Complete"/>; disposing without completing deletes
/// the temporary file, so a half-written file never carries the final name.
/// </summary>
public sealed class ParquetFileWriter : IDisposable
{
    private static ReadOnlySpan<byte> Magic => "PAR1"u8;

    private readonly Stream _output;
    private readonly bool _ownsOutput;
    private readonly ColumnChunkWriter[] _columns;
    private readonly List<RowGroup> _rowGroups = [];
    private readonly Dictionary<string, string> _keyValueMetadata;
    private readonly string? _temporaryPath;
    private readonly string? _finalPath;
    private long _position;
    private long _rowGroupRows;
    private long _totalRows;
    private bool _completed;
    private bool _disposed;

    /// <summary>Writes to <paramref name="output"/>, which must be at its start.</summary>
    public ParquetFileWriter(Stream output, ParquetSchema schema, ParquetWriterOptions? options = null,
        IReadOnlyDictionary<string, string>? keyValueMetadata = null, bool leaveOpen = false)
        : this(output, schema, options, keyValueMetadata, !leaveOpen, null, null)
    {
    }

    private ParquetFileWriter(Stream output, ParquetSchema schema, ParquetWriterOptions? options,
        IReadOnlyDictionary<string, string>? keyValueMetadata, bool ownsOutput, string? temporaryPath, string? finalPath)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(schema);
        if (!output.CanWrite) throw new ArgumentException("The output stream is not writable.", nameof(output));
        Schema = schema;
        Options = options ?? ParquetWriterOptions.Default;
        if (!Compression.PageCompression.CanCompress(Options.Compression))
            throw new NotSupportedException($"Writing {Options.Compression} pages is not supported.");
        foreach (var field in schema.Fields)
            if (field.PhysicalType == PhysicalType.Int96)
                throw new NotSupportedException($"Column '{field.Name}': INT96 is deprecated and read only; write TIMESTAMP(NANOS) instead.");
        _output = output;
        _ownsOutput = ownsOutput;
        _temporaryPath = temporaryPath;
        _finalPath = finalPath;
        _keyValueMetadata = keyValueMetadata is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(keyValueMetadata, StringComparer.Ordinal);
        _columns = new ColumnChunkWriter[schema.Fields.Count];
        try
        {
            for (var i = 0; i < _columns.Length; i++) _columns[i] = ColumnChunkWriter.Create(schema[i], Options);
        }
        catch
        {
            foreach (var c in _columns) c?.Dispose();
            throw;
        }

        _output.Write(Magic);
        _position = Magic.Length;
    }

    /// <summary>
    /// Creates <paramref name="path"/> atomically: rows go to a hidden temporary file in the same folder, which
    /// <see cref="Complete"/> flushes to disk and renames to <paramref name="path"/>.
    /// </summary>
    public static ParquetFileWriter Create(string path, ParquetSchema schema, ParquetWriterOptions? options = null,
        IReadOnlyDictionary<string, string>? keyValueMetadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= ParquetWriterOptions.Default;
        var full = Path.GetFullPath(path);
        if (!options.OverwriteExisting && File.Exists(full))
            throw new IOException($"{full} already exists.");
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, TemporaryName(Path.GetFileName(full)));
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        try
        {
            return new ParquetFileWriter(stream, schema, options, keyValueMetadata, true, temporary, full);
        }
        catch
        {
            stream.Dispose();
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>The temporary name used while <paramref name="fileName"/> is being written (hidden, ends in .tmp).</summary>
    public static string TemporaryName(string fileName) =>
        $".{fileName}.{Environment.ProcessId}-{Guid.NewGuid():N}.tmp";

    /// <summary>Whether <paramref name="fileName"/> is a temporary name of an unfinished file.</summary>
    public static bool IsTemporaryName(string fileName) =>
        fileName.StartsWith('.') && fileName.EndsWith(".tmp", StringComparison.Ordinal);

    public ParquetSchema Schema { get; }

    public ParquetWriterOptions Options { get; }

    /// <summary>Rows written so far, including the open row group.</summary>
    public long RowCount => _totalRows + _rowGroupRows;

    /// <summary>Row groups written so far (not counting the open one).</summary>
    public int RowGroupCount => _rowGroups.Count;

    /// <summary>Bytes written to the output so far.</summary>
    public long BytesWritten => _position;

    /// <summary>Adds or replaces a footer key-value entry; allowed until <see cref="Complete"/>.</summary>
    public void SetMetadata(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        ThrowIfDone();
        _keyValueMetadata[key] = value;
    }

    /// <summary>
    /// Appends a batch of rows: one <see cref="ColumnData"/> per schema column, in schema order, all with the same
    /// row count. The batch's arrays may be reused by the caller once this returns.
    /// </summary>
    public void Write(IReadOnlyList<ColumnData> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ThrowIfDone();
        if (columns.Count != _columns.Length)
            throw new ArgumentException($"Expected {_columns.Length} columns, got {columns.Count}.", nameof(columns));
        var rows = columns[0].Count;
        for (var i = 0; i < columns.Count; i++)
        {
            var c = columns[i] ?? throw new ArgumentException($"Column {i} is null.", nameof(columns));
            if (c.Count != rows)
                throw new ArgumentException($"Column '{c.Field.Name}' has {c.Count} rows, column '{columns[0].Field.Name}' has {rows}.", nameof(columns));
            var expected = Schema[i];
            if (c.Field.Name != expected.Name || c.Field.PhysicalType != expected.PhysicalType)
                throw new ArgumentException($"Column {i} is '{c.Field}', the schema has '{expected}'.", nameof(columns));
            if (c.Present is not null && !expected.IsNullable)
                throw new ArgumentException($"Column '{expected.Name}' is required and cannot hold nulls.", nameof(columns));
        }

        var offset = 0;
        while (offset < rows)
        {
            var room = (int)Math.Min(Options.MaxRowsPerRowGroup - _rowGroupRows, rows - offset);
            // Feed in slices so the size check can close a row group near its target.
            var take = Math.Min(room, Options.MaxRowsPerPage);
            for (var i = 0; i < _columns.Length; i++) _columns[i].Append(columns[i], offset, take);
            _rowGroupRows += take;
            offset += take;
            if (_rowGroupRows >= Options.MaxRowsPerRowGroup || EstimatedRowGroupBytes() >= Options.RowGroupTargetBytes)
                FlushRowGroup();
        }
    }

    /// <summary>Convenience overload for <see cref="Write(IReadOnlyList{ColumnData})"/>.</summary>
    public void Write(params ColumnData[] columns) => Write((IReadOnlyList<ColumnData>)columns);

    private long EstimatedRowGroupBytes()
    {
        long total = 0;
        foreach (var c in _columns) total += c.EstimatedBytes;
        return total;
    }

    /// <summary>Writes the open row group now, even if it is below its target size.</summary>
    public void FlushRowGroup()
    {
        ThrowIfDone();
        if (_rowGroupRows == 0) return;
        var start = _position;
        var chunks = new List<ColumnChunk>(_columns.Length);
        long uncompressed = 0;
        foreach (var column in _columns)
        {
            var chunk = column.Finish(_output, _position);
            _position += chunk.MetaData!.TotalCompressedSize;
            uncompressed += chunk.MetaData.TotalUncompressedSize;
            chunks.Add(chunk);
        }

        _rowGroups.Add(new RowGroup
        {
            Columns = chunks,
            NumRows = _rowGroupRows,
            TotalByteSize = uncompressed,
            TotalCompressedSize = _position - start,
            FileOffset = start,
            Ordinal = (short)Math.Min(_rowGroups.Count, short.MaxValue),
        });
        _totalRows += _rowGroupRows;
        _rowGroupRows = 0;
    }

    /// <summary>
    /// Writes the last row group and the footer. For files from <see cref="Create(string, ParquetSchema, ParquetWriterOptions?, IReadOnlyDictionary{string, string}?)"/>,
    /// flushes the file to disk and renames it to its final name.
    /// </summary>
    public void Complete()
    {
        ThrowIfDone();
        FlushRowGroup();
        var meta = new FileMetaData
        {
            Version = 2,
            Schema = SchemaConverter.ToSchemaElements(Schema),
            NumRows = _totalRows,
            RowGroups = _rowGroups,
            CreatedBy = Options.CreatedBy,
            ColumnOrders = Schema.Fields.Select(_ => new ColumnOrder()).ToList(),
        };
        if (_keyValueMetadata.Count > 0)
            meta.KeyValueMetadata = _keyValueMetadata.Select(kv => new KeyValue { Key = kv.Key, Value = kv.Value }).ToList();
        using (var footer = new PooledBufferWriter(4096))
        {
            ParquetMetadataCodec.WriteFileMetaData(meta, footer);
            footer.CopyTo(_output);
            Span<byte> tail = stackalloc byte[8];
            BinaryPrimitives.WriteInt32LittleEndian(tail, footer.Length);
            Magic.CopyTo(tail[4..]);
            _output.Write(tail);
            _position += footer.Length + 8;
        }

        if (_output is FileStream file) file.Flush(flushToDisk: true);
        else _output.Flush();
        _completed = true;
        if (_temporaryPath is not null)
        {
            _output.Dispose();
            File.Move(_temporaryPath, _finalPath!, Options.OverwriteExisting);
            FsyncDirectory(Path.GetDirectoryName(_finalPath!)!);
        }
    }

    // Makes the rename itself durable (a directory fsync through libc; .NET cannot open directories).
    private static void FsyncDirectory(string directory) => DirectorySync.Fsync(directory);

    private void ThrowIfDone()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) throw new InvalidOperationException("The file is already complete.");
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var c in _columns) c.Dispose();
        if (_ownsOutput || _temporaryPath is not null) _output.Dispose();
        if (!_completed && _temporaryPath is not null)
        {
            try
            {
                File.Delete(_temporaryPath);
            }
            catch (IOException)
            {
            }
        }
    }
}
