using System.Buffers;
using System.Buffers.Binary;
using Archiver.Store.Parquet.Compression;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Encodings;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Parquet.Pages;

/// <summary>
/// Reads one column chunk (already in memory) page by page: dictionary pages, data pages v1 and v2, compressed or
/// not; index pages and unknown page types are skipped. Every size in a page header is checked against the chunk and
/// against <see cref="ParquetLimits"/> before it is used, and any decoding failure is reported as a
/// <see cref="ParquetFormatException"/> naming the file, the column and the absolute offset of the page.
/// </summary>
internal sealed class ColumnChunkReader
{
    private readonly ParquetField _field;
    private readonly CompressionCodec _codec;
    private readonly string _fileName;
    private readonly long _chunkOffset;

    public ColumnChunkReader(ParquetField field, CompressionCodec codec, string fileName, long chunkOffset)
    {
        _field = field;
        _codec = codec;
        _fileName = fileName;
        _chunkOffset = chunkOffset;
    }

    /// <summary>Decodes <paramref name="rows"/> values from <paramref name="chunk"/>.</summary>
    public ColumnData Read(ReadOnlySpan<byte> chunk, int rows)
    {
        var pageStart = 0;
        try
        {
            return ReadPages(chunk, rows, ref pageStart);
        }
        catch (ParquetFormatException e) when (e.FilePath is null)
        {
            throw new ParquetFormatException(e.Detail ?? e.Message, _fileName, _field.Name, _chunkOffset + pageStart, e);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or OverflowException or InvalidCastException or InvalidOperationException)
        {
            // A decoder met input it did not expect; report it as the corrupt file it is.
            throw new ParquetFormatException($"malformed page ({e.GetType().Name}: {e.Message})", _fileName, _field.Name, _chunkOffset + pageStart, e);
        }
    }

    private ColumnData ReadPages(ReadOnlySpan<byte> chunk, int rows, ref int pageStart)
    {
        var sink = ColumnValueSink.Create(_field, rows);
        bool[]? present = null;
        var rowsRead = 0;
        var position = 0;
        while (rowsRead < rows)
        {
            pageStart = position;
            if (position >= chunk.Length)
                ParquetThrow.Corrupt($"column chunk ends after {rowsRead} of {rows} values");
            var header = ParquetMetadataCodec.ReadPageHeader(chunk[position..], out var headerLength);
            position += headerLength;
            var compressedSize = header.CompressedPageSize;
            var uncompressedSize = header.UncompressedPageSize;
            if (compressedSize < 0 || compressedSize > chunk.Length - position)
                ParquetThrow.Corrupt($"page of {compressedSize} bytes does not fit in the {chunk.Length - position} bytes left in the column chunk");
            if (uncompressedSize < 0 || uncompressedSize > ParquetLimits.MaxPageBytes)
                ParquetThrow.Corrupt($"page declares {uncompressedSize} uncompressed bytes");
            var body = chunk.Slice(position, compressedSize);
            position += compressedSize;

            switch (header.Type)
            {
                case PageType.DictionaryPage:
                    ReadDictionaryPage(header, body, sink);
                    break;
                case PageType.DataPage:
                    rowsRead += ReadDataPageV1(header, body, sink, rowsRead, rows, ref present);
                    break;
                case PageType.DataPageV2:
                    rowsRead += ReadDataPageV2(header, body, sink, rowsRead, rows, ref present);
                    break;
                default:
                    break; // index pages and page types added after this reader was written
            }
        }

        return sink.Build(rows, present);
    }

    private void ReadDictionaryPage(PageHeader header, ReadOnlySpan<byte> body, ColumnValueSink sink)
    {
        var dictionary = header.DictionaryPageHeader ?? ParquetThrow.Corrupt<DictionaryPageHeader>("dictionary page without a dictionary page header");
        if (dictionary.Encoding is not (ParquetEncoding.Plain or ParquetEncoding.PlainDictionary))
            ParquetThrow.Unsupported($"dictionary page encoding {dictionary.Encoding}");
        var count = dictionary.NumValues;
        CheckCount(count, header.UncompressedPageSize, "dictionary");
        var buffer = Decompress(body, header.UncompressedPageSize, compressed: true, out var rented);
        try
        {
            sink.SetDictionary(buffer, count);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void CheckCount(int count, int uncompressedSize, string what)
    {
        if (count < 0 || count > ParquetLimits.MaxValuesPerPage)
            ParquetThrow.Corrupt($"{what} page declares {count} values");
        // Every PLAIN value takes at least one bit, so a count far beyond the page's bits is a lie.
        if (count > ((long)uncompressedSize * 8) + 8)
            ParquetThrow.Corrupt($"{what} page declares {count} values in {uncompressedSize} bytes");
    }

    private int ReadDataPageV1(PageHeader header, ReadOnlySpan<byte> body, ColumnValueSink sink, int firstRow, int rows, ref bool[]? present)
    {
        var data = header.DataPageHeader ?? ParquetThrow.Corrupt<DataPageHeader>("data page without a data page header");
        var count = data.NumValues;
        if (count < 0 || count > rows - firstRow)
            ParquetThrow.Corrupt($"data page declares {count} values, {rows - firstRow} rows remain in the row group");
        var page = Decompress(body, header.UncompressedPageSize, compressed: true, out var rented);
        try
        {
            var levelsBytes = 0;
            int[]? levels = null;
            var nonNull = count;
            if (_field.IsNullable)
            {
                if (data.DefinitionLevelEncoding != ParquetEncoding.Rle)
                    ParquetThrow.Unsupported($"definition levels encoded {data.DefinitionLevelEncoding}");
                if (page.Length < 4) ParquetThrow.Truncated("definition levels length", 4, page.Length);
                var length = BinaryPrimitives.ReadInt32LittleEndian(page);
                if (length < 0 || length > page.Length - 4)
                    ParquetThrow.Corrupt($"definition levels of {length} bytes exceed the page ({page.Length - 4} bytes left)");
                levels = ArrayPool<int>.Shared.Rent(Math.Max(count, 1));
                nonNull = ReadLevels(page.Slice(4, length), levels.AsSpan(0, count), firstRow, rows, ref present);
                levelsBytes = 4 + length;
            }

            try
            {
                sink.DecodePage(data.Encoding, page[levelsBytes..], nonNull, firstRow, levels is null ? default : levels.AsSpan(0, count));
            }
            finally
            {
                if (levels is not null) ArrayPool<int>.Shared.Return(levels);
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }

        return count;
    }

    private int ReadDataPageV2(PageHeader header, ReadOnlySpan<byte> body, ColumnValueSink sink, int firstRow, int rows, ref bool[]? present)
    {
        var data = header.DataPageHeaderV2 ?? ParquetThrow.Corrupt<DataPageHeaderV2>("data page v2 without its header");
        var count = data.NumValues;
        if (count < 0 || count > rows - firstRow)
            ParquetThrow.Corrupt($"data page declares {count} values, {rows - firstRow} rows remain in the row group");
        if (data.NumRows != count)
            ParquetThrow.Corrupt($"data page v2 of a flat column declares {data.NumRows} rows and {count} values");
        var repetitionBytes = data.RepetitionLevelsByteLength;
        var definitionBytes = data.DefinitionLevelsByteLength;
        if (repetitionBytes < 0 || definitionBytes < 0 || (long)repetitionBytes + definitionBytes > body.Length)
            ParquetThrow.Corrupt($"level lengths {repetitionBytes}+{definitionBytes} exceed the page ({body.Length} bytes)");
        var levelBytes = repetitionBytes + definitionBytes;
        var valuesSize = header.UncompressedPageSize - levelBytes;
        if (valuesSize < 0) ParquetThrow.Corrupt($"level bytes {levelBytes} exceed the uncompressed page size {header.UncompressedPageSize}");

        int[]? levels = null;
        var nonNull = count;
        if (_field.IsNullable)
        {
            levels = ArrayPool<int>.Shared.Rent(Math.Max(count, 1));
            nonNull = ReadLevels(body.Slice(repetitionBytes, definitionBytes), levels.AsSpan(0, count), firstRow, rows, ref present);
            if (data.NumNulls != count - nonNull)
                ParquetThrow.Corrupt($"data page v2 declares {data.NumNulls} nulls, its levels hold {count - nonNull}");
        }

        var values = Decompress(body[levelBytes..], valuesSize, data.IsCompressed, out var rented);
        try
        {
            sink.DecodePage(data.Encoding, values, nonNull, firstRow, levels is null ? default : levels.AsSpan(0, count));
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
            if (levels is not null) ArrayPool<int>.Shared.Return(levels);
        }

        return count;
    }

    /// <summary>Decodes definition levels (max level 1), records nulls and returns the count of non-null values.</summary>
    private static int ReadLevels(ReadOnlySpan<byte> encoded, Span<int> levels, int firstRow, int rows, ref bool[]? present)
    {
        RleBitPackedHybrid.Decode(encoded, 1, levels);
        var nonNull = 0;
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level > 1) ParquetThrow.Corrupt($"definition level {level} above the column's maximum of 1");
            if (level == 1)
            {
                nonNull++;
                continue;
            }

            if (present is null)
            {
                present = new bool[rows];
                present.AsSpan(0, firstRow + i).Fill(true);
            }
        }

        if (present is not null)
            for (var i = 0; i < levels.Length; i++) present[firstRow + i] = levels[i] != 0;
        return nonNull;
    }

    private ReadOnlySpan<byte> Decompress(ReadOnlySpan<byte> body, int uncompressedSize, bool compressed, out byte[]? rented)
    {
        rented = null;
        if (_codec == CompressionCodec.Uncompressed || !compressed)
        {
            if (body.Length != uncompressedSize)
                ParquetThrow.Corrupt($"uncompressed page holds {body.Length} bytes, its header says {uncompressedSize}");
            return body;
        }

        if (uncompressedSize > ((long)body.Length * ParquetLimits.MaxCompressionRatio) + (1 << 20))
            ParquetThrow.Corrupt($"page claims {uncompressedSize} bytes from {body.Length} compressed bytes");
        rented = ArrayPool<byte>.Shared.Rent(Math.Max(uncompressedSize, 1));
        var output = rented.AsSpan(0, uncompressedSize);
        PageCompression.Decompress(_codec, body, output);
        return output;
    }
}
