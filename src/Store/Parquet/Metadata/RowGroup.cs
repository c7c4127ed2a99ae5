using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Parquet.Metadata;

/// <summary>A horizontal slice of the file (parquet.thrift <c>RowGroup</c>).</summary>
public sealed class RowGroup
{
    /// <summary>Field 1, required: one chunk per leaf column, in schema order.</summary>
    public List<ColumnChunk> Columns { get; set; } = [];

    /// <summary>Field 2, required: uncompressed bytes of all column data.</summary>
    public long TotalByteSize { get; set; }

    /// <summary>Field 3, required.</summary>
    public long NumRows { get; set; }

    /// <summary>Field 4.</summary>
    public List<SortingColumn>? SortingColumns { get; set; }

    /// <summary>Field 5: file offset of the first page of the row group.</summary>
    public long? FileOffset { get; set; }

    /// <summary>Field 6.</summary>
    public long? TotalCompressedSize { get; set; }

    /// <summary>Field 7: position of the row group in the file.</summary>
    public short? Ordinal { get; set; }

    internal static RowGroup Read(ref ThriftCompactReader reader)
    {
        const string Owner = nameof(RowGroup);
        var result = new RowGroup();
        bool hasColumns = false, hasByteSize = false, hasRows = false;
        reader.ReadStructBegin();
        while (reader.ReadFieldHeader(out var id, out var type))
        {
            var at = reader.Position;
            switch (id)
            {
                case 1 when type == ThriftType.List:
                    result.Columns = MetadataFields.ReadStructList(ref reader, ColumnChunk.Read, Owner, "columns");
                    hasColumns = true;
                    break;
                case 2 when type == ThriftType.I64:
                    result.TotalByteSize = MetadataFields.NonNegative(reader.ReadI64(), Owner, "total_byte_size", at);
                    hasByteSize = true;
                    break;
                case 3 when type == ThriftType.I64:
                    result.NumRows = MetadataFields.NonNegative(reader.ReadI64(), Owner, "num_rows", at);
                    hasRows = true;
                    break;
                case 4 when type == ThriftType.List:
                    result.SortingColumns =
                        MetadataFields.ReadStructList(ref reader, SortingColumn.Read, Owner, "sorting_columns");
                    break;
                case 5 when type == ThriftType.I64:
                    result.FileOffset = MetadataFields.NonNegative(reader.ReadI64(), Owner, "file_offset", at);
                    break;
                case 6 when type == ThriftType.I64:
                    result.TotalCompressedSize =
                        MetadataFields.NonNegative(reader.ReadI64(), Owner, "total_compressed_size", at);
                    break;
                case 7 when type == ThriftType.I16:
                    result.Ordinal = reader.ReadI16();
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        if (!hasColumns) ThriftThrow.MissingField(Owner, "columns", 1, reader.Position);
        if (!hasByteSize) ThriftThrow.MissingField(Owner, "total_byte_size", 2, reader.Position);
        if (!hasRows) ThriftThrow.MissingField(Owner, "num_rows", 3, reader.Position);
        reader.ReadStructEnd();
        return result;
    }

    internal void Write(ThriftCompactWriter writer)
    {
        writer.WriteStructBegin();
        writer.WriteListFieldBegin(1, ThriftType.Struct, Columns.Count);
        foreach (var column in Columns) column.Write(writer);
        writer.WriteI64Field(2, TotalByteSize);
        writer.WriteI64Field(3, NumRows);
        if (SortingColumns is not null)
        {
            writer.WriteListFieldBegin(4, ThriftType.Struct, SortingColumns.Count);
            foreach (var sorting in SortingColumns) sorting.Write(writer);
        }

        if (FileOffset is { } fileOffset) writer.WriteI64Field(5, fileOffset);
        if (TotalCompressedSize is { } compressed) writer.WriteI64Field(6, compressed);
        if (Ordinal is { } ordinal) writer.WriteI16Field(7, ordinal);
        writer.WriteStructEnd();
    }
}
