using Archiver.Store.Parquet.Compression;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Encodings;
using Archiver.Store.Parquet.IO;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Parquet.Pages;

/// <summary>
/// Encodes one column of the current row group into compressed data pages held in memory (so memory is bounded by one
/// row group), plus a dictionary page when the column is dictionary-encoded. <see cref="Finish"/> writes the chunk to
/// the file and returns its metadata; the writer is then reused for the next row group. Subclasses own the typed value
/// buffers; this class owns definition levels, page framing, compression and the chunk's metadata.
/// </summary>
internal abstract class ColumnChunkWriter : IDisposable
{
    private readonly PooledBufferWriter _pages = new(64 * 1024);
    private readonly PooledBufferWriter _body = new(64 * 1024);
    private readonly PooledBufferWriter _compressed = new(64 * 1024);
    private readonly PooledBufferWriter _header = new(256);
    private readonly PooledBufferWriter _trial = new(64 * 1024);
    private readonly DataPageHeader _dataPageHeader = new() { DefinitionLevelEncoding = ParquetEncoding.Rle, RepetitionLevelEncoding = ParquetEncoding.Rle };
    private readonly PageHeader _pageHeader = new() { Type = PageType.DataPage };
    private readonly HashSet<ParquetEncoding> _encodings = [];
    private readonly Dictionary<(PageType, ParquetEncoding), int> _encodingStats = [];
    private int[] _defLevels = [];
    private long _valueCount;
    private long _nullCount;
    private long _uncompressedBytes;

    protected ColumnChunkWriter(ParquetField field, ParquetWriterOptions options)
    {
        Field = field;
        Options = options;
        Plan = options.Resolve(field);
        StartChunk();
    }

    /// <summary>How the column is encoded (or which encodings are tried).</summary>
    protected ColumnEncodingPlan Plan { get; }

    public ParquetField Field { get; }

    protected ParquetWriterOptions Options { get; }

    /// <summary>Whether this chunk has (or may still get) a dictionary page.</summary>
    protected bool UseDictionary { get; set; }

    /// <summary>Encoding of data pages that are not dictionary-encoded.</summary>
    protected ParquetEncoding FallbackEncoding { get; set; }

    /// <summary>True until an adaptive column has chosen its encoding for this chunk (at its first page).</summary>
    protected bool Undecided { get; set; }

    /// <summary>Whether the chunk is still dictionary-encoding (false after a fallback).</summary>
    protected bool DictionaryActive { get; set; }

    /// <summary>Rows buffered for the open page.</summary>
    protected int PageRows { get; private set; }

    /// <summary>Bytes of the chunk encoded so far plus an estimate of the open page.</summary>
    public long EstimatedBytes => _pages.Length + PendingValueBytes + DictionaryBytes;

    /// <summary>Encoded size of the open page's values, to decide when to close it.</summary>
    protected abstract long PendingValueBytes { get; }

    /// <summary>Plain size of the dictionary so far (0 without one).</summary>
    protected abstract int DictionaryBytes { get; }

    /// <summary>Appends rows <paramref name="start"/>..<paramref name="start"/>+<paramref name="count"/> of <paramref name="data"/>.</summary>
    public void Append(ColumnData data, int start, int count)
    {
        var present = data.Present;
        var offset = 0;
        while (offset < count)
        {
            var take = Math.Min(count - offset, Options.MaxRowsPerPage - PageRows);
            if (Field.IsNullable)
            {
                EnsureLevels(PageRows + take);
                var levels = _defLevels.AsSpan(PageRows, take);
                if (present is null) levels.Fill(1);
                else
                    for (var i = 0; i < take; i++)
                        levels[i] = present[start + offset + i] ? 1 : 0;
            }

            AppendValues(data, start + offset, take);
            PageRows += take;
            offset += take;
            if (PageRows >= Options.MaxRowsPerPage || PendingValueBytes >= Options.PageTargetBytes
                || (DictionaryActive && DictionaryBytes > Options.DictionaryPageLimitBytes))
                FlushPage();
        }
    }

    /// <summary>Buffers the non-null values of the given rows and updates statistics.</summary>
    protected abstract void AppendValues(ColumnData data, int start, int count);

    /// <summary>Writes the open page's values (not levels) to <paramref name="output"/> and returns their encoding.</summary>
    protected abstract ParquetEncoding EncodePageValues(PooledBufferWriter output);

    /// <summary>Writes the dictionary PLAIN and returns its entry count.</summary>
    protected abstract int EncodeDictionary(PooledBufferWriter output);

    /// <summary>Forgets the dictionary and buffered values, for the next row group.</summary>
    protected abstract void ResetValues();

    /// <summary>Min and max of the chunk, PLAIN-encoded.</summary>
    protected abstract (byte[]? Min, byte[]? Max) EncodeStatistics();

    /// <summary>Counts nulls the subclass saw while appending.</summary>
    protected void CountNulls(int nulls) => _nullCount += nulls;

    /// <summary>Closes the open page: levels and values, compressed, with a DATA_PAGE header.</summary>
    protected void FlushPage()
    {
        if (PageRows == 0) return;
        _body.Clear();
        if (Field.IsNullable)
        {
            var lengthAt = _body.Length;
            _body.WriteInt32LittleEndian(0);
            RleBitPackedHybrid.Encode(_defLevels.AsSpan(0, PageRows), 1, _body);
            _body.PatchInt32LittleEndian(lengthAt, _body.Length - lengthAt - 4);
        }

        var encoding = EncodePageValues(_body);
        // One header object per column, reloaded for every page.
        _dataPageHeader.NumValues = PageRows;
        _dataPageHeader.Encoding = encoding;
        _pageHeader.DataPageHeader = _dataPageHeader;
        AppendPage(_pageHeader, _body.WrittenSpan, _pages);
        _valueCount += PageRows;
        _encodings.Add(encoding);
        if (Field.IsNullable) _encodings.Add(ParquetEncoding.Rle);
        Count(PageType.DataPage, encoding);
        PageRows = 0;

        if (DictionaryActive && DictionaryBytes > Options.DictionaryPageLimitBytes) DictionaryActive = false;
    }

    /// <summary>Compressed size of <paramref name="encoded"/> with the file's codec, for choosing an encoding by trial.</summary>
    protected int TrialCompressedSize(ReadOnlySpan<byte> encoded)
    {
        if (Options.Compression == CompressionCodec.Uncompressed) return encoded.Length;
        _trial.Clear();
        return PageCompression.Compress(Options.Compression, encoded, _trial, Options.CompressionLevel);
    }

    private void Count(PageType type, ParquetEncoding encoding)
    {
        _encodingStats.TryGetValue((type, encoding), out var n);
        _encodingStats[(type, encoding)] = n + 1;
    }

    private void AppendPage(PageHeader header, ReadOnlySpan<byte> body, PooledBufferWriter destination)
    {
        _compressed.Clear();
        ReadOnlySpan<byte> payload = body;
        if (Options.Compression != CompressionCodec.Uncompressed)
        {
            PageCompression.Compress(Options.Compression, body, _compressed, Options.CompressionLevel);
            payload = _compressed.WrittenSpan;
        }

        header.UncompressedPageSize = body.Length;
        header.CompressedPageSize = payload.Length;
        _header.Clear();
        ParquetMetadataCodec.WritePageHeader(header, _header);
        destination.Write(_header.WrittenSpan);
        destination.Write(payload);
        _uncompressedBytes += _header.Length + body.Length;
    }

    /// <summary>
    /// Writes the chunk (dictionary page first, then the data pages) to <paramref name="output"/>, which is at
    /// <paramref name="fileOffset"/>, and returns its metadata. The writer is reset for the next row group.
    /// </summary>
    public ColumnChunk Finish(Stream output, long fileOffset)
    {
        FlushPage();
        long? dictionaryOffset = null;
        var dictionaryLength = 0;
        if (_encodingStats.ContainsKey((PageType.DataPage, ParquetEncoding.RleDictionary)))
        {
            _body.Clear();
            var entries = EncodeDictionary(_body);
            var header = new PageHeader
            {
                Type = PageType.DictionaryPage,
                DictionaryPageHeader = new DictionaryPageHeader { NumValues = entries, Encoding = ParquetEncoding.Plain },
            };
            var dictionaryPage = new PooledBufferWriter(_body.Length + 64);
            try
            {
                AppendPage(header, _body.WrittenSpan, dictionaryPage);
                dictionaryOffset = fileOffset;
                dictionaryLength = dictionaryPage.Length;
                dictionaryPage.CopyTo(output);
            }
            finally
            {
                dictionaryPage.Dispose();
            }

            _encodings.Add(ParquetEncoding.Plain);
            Count(PageType.DictionaryPage, ParquetEncoding.Plain);
        }

        _pages.CopyTo(output);
        var encodings = _encodings.Order().ToList();
        if (encodings.Count == 0) encodings.Add(ParquetEncoding.Plain);
        var meta = new ColumnMetaData
        {
            Type = Field.PhysicalType,
            Encodings = encodings,
            PathInSchema = [Field.Name],
            Codec = Options.Compression,
            NumValues = _valueCount,
            TotalUncompressedSize = _uncompressedBytes,
            TotalCompressedSize = dictionaryLength + _pages.Length,
            DataPageOffset = fileOffset + dictionaryLength,
            DictionaryPageOffset = dictionaryOffset,
            EncodingStats = _encodingStats
                .OrderBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2)
                .Select(kv => new PageEncodingStats { PageType = kv.Key.Item1, Encoding = kv.Key.Item2, Count = kv.Value })
                .ToList(),
        };
        if (Options.WriteStatistics)
        {
            var (min, max) = EncodeStatistics();
            meta.Statistics = new Statistics { NullCount = _nullCount, MinValue = min, MaxValue = max };
            if (min is not null && max is not null)
            {
                meta.Statistics.IsMinValueExact = true;
                meta.Statistics.IsMaxValueExact = true;
            }
        }

        var chunk = new ColumnChunk { FileOffset = fileOffset, MetaData = meta };
        Reset();
        return chunk;
    }

    private void Reset()
    {
        _pages.Clear();
        _encodings.Clear();
        _encodingStats.Clear();
        _valueCount = 0;
        _nullCount = 0;
        _uncompressedBytes = 0;
        PageRows = 0;
        StartChunk();
        ResetValues();
    }

    private void StartChunk()
    {
        UseDictionary = Plan.Dictionary;
        FallbackEncoding = Plan.Encoding;
        Undecided = Plan.IsAdaptive;
        DictionaryActive = UseDictionary;
    }

    private void EnsureLevels(int count)
    {
        if (_defLevels.Length < count) Array.Resize(ref _defLevels, Math.Max(count, Math.Min(Options.MaxRowsPerPage, Math.Max(1024, _defLevels.Length * 2))));
    }

    public virtual void Dispose()
    {
        _pages.Dispose();
        _body.Dispose();
        _compressed.Dispose();
        _header.Dispose();
        _trial.Dispose();
    }

    /// <summary>Creates the writer that matches <paramref name="field"/>'s physical type.</summary>
    public static ColumnChunkWriter Create(ParquetField field, ParquetWriterOptions options) => field.PhysicalType switch
    {
        PhysicalType.Boolean => new FixedColumnChunkWriter<bool>(field, options),
        PhysicalType.Int32 => new FixedColumnChunkWriter<int>(field, options),
        PhysicalType.Int64 => new FixedColumnChunkWriter<long>(field, options),
        PhysicalType.Float => new FixedColumnChunkWriter<float>(field, options),
        PhysicalType.Double => new FixedColumnChunkWriter<double>(field, options),
        PhysicalType.ByteArray or PhysicalType.FixedLenByteArray => new BinaryColumnChunkWriter(field, options),
        _ => throw new NotSupportedException($"Column '{field.Name}': writing {field.PhysicalType} is not supported."),
    };
}
