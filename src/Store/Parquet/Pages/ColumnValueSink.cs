using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Parquet.Pages;

/// <summary>
/// Receives the decoded values of a column chunk's pages and assembles the typed column. One subclass per value
/// representation; the page framing (levels, compression, headers) lives in <see cref="ColumnChunkReader"/>.
/// </summary>
internal abstract class ColumnValueSink
{
    protected ColumnValueSink(ParquetField field) => Field = field;

    protected ParquetField Field { get; }

    /// <summary>Reads a PLAIN dictionary page of <paramref name="count"/> entries.</summary>
    public abstract void SetDictionary(ReadOnlySpan<byte> data, int count);

    /// <summary>
    /// Decodes the <paramref name="nonNull"/> values of a page holding rows <paramref name="firstRow"/> onward.
    /// <paramref name="levels"/> holds one definition level per row of the page (1 = value, 0 = null), or is empty when
    /// every row has a value.
    /// </summary>
    public abstract void DecodePage(ParquetEncoding encoding, ReadOnlySpan<byte> data, int nonNull, int firstRow, ReadOnlySpan<int> levels);

    /// <summary>The finished column.</summary>
    public abstract ColumnData Build(int rows, bool[]? present);

    /// <summary>Reads dictionary indices (bit-width byte + RLE/bit-packed hybrid) into <paramref name="indices"/>.</summary>
    protected static void ReadIndices(ReadOnlySpan<byte> data, Span<int> indices, int dictionaryCount)
    {
        if (indices.IsEmpty) return;
        if (dictionaryCount < 0) ParquetThrow.Corrupt("dictionary-encoded page without a dictionary page");
        if (data.IsEmpty) ParquetThrow.Truncated("dictionary indices", 1, 0);
        var width = data[0];
        if (width > 32) ParquetThrow.Corrupt($"dictionary index bit width {width} is above 32");
        Encodings.RleBitPackedHybrid.Decode(data[1..], width, indices);
        foreach (var index in indices)
            if ((uint)index >= (uint)dictionaryCount)
                ParquetThrow.Corrupt($"dictionary index {index} is outside the dictionary of {dictionaryCount} entries");
    }

    public static ColumnValueSink Create(ParquetField field, int rows) => field.PhysicalType switch
    {
        PhysicalType.Boolean => new FixedValueSink<bool>(field, rows),
        PhysicalType.Int32 => new FixedValueSink<int>(field, rows),
        PhysicalType.Int64 or PhysicalType.Int96 => new FixedValueSink<long>(field, rows),
        PhysicalType.Float => new FixedValueSink<float>(field, rows),
        PhysicalType.Double => new FixedValueSink<double>(field, rows),
        PhysicalType.ByteArray or PhysicalType.FixedLenByteArray => new BinaryValueSink(field, rows),
        _ => ParquetThrow.Corrupt<ColumnValueSink>($"unknown physical type {(int)field.PhysicalType}"),
    };
}
