using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Parquet.Metadata;

/// <summary>
/// One column of one row group (parquet.thrift <c>ColumnChunk</c>). Encryption fields (8, 9) are not modelled.
/// </summary>
public sealed class ColumnChunk
{
    /// <summary>Field 1: file holding the data when not this one (summary files only).</summary>
    public string? FilePath { get; set; }

    /// <summary>
    /// Field 2, deprecated; required by the format with a default of 0, which this reader applies when it is absent.
    /// </summary>
    public long FileOffset { get; set; }

    /// <summary>Field 3: optional in the format, but every real writer sets it.</summary>
    public ColumnMetaData? MetaData { get; set; }

    /// <summary>Field 4.</summary>
    public long? OffsetIndexOffset { get; set; }

    /// <summary>Field 5.</summary>
    public int? OffsetIndexLength { get; set; }

    /// <summary>Field 6.</summary>
    public long? ColumnIndexOffset { get; set; }

    /// <summary>Field 7.</summary>
    public int? ColumnIndexLength { get; set; }

    internal static ColumnChunk Read(ref ThriftCompactReader reader)
    {
        const string Owner = nameof(ColumnChunk);
        var result = new ColumnChunk();
        reader.ReadStructBegin();
        while (reader.ReadFieldHeader(out var id, out var type))
        {
            var at = reader.Position;
            switch (id)
            {
                case 1 when type == ThriftType.Binary:
                    result.FilePath = reader.ReadString();
                    break;
                case 2 when type == ThriftType.I64:
                    result.FileOffset = MetadataFields.NonNegative(reader.ReadI64(), Owner, "file_offset", at);
                    break;
                case 3 when type == ThriftType.Struct:
                    result.MetaData = ColumnMetaData.Read(ref reader);
                    break;
                case 4 when type == ThriftType.I64:
                    result.OffsetIndexOffset =
                        MetadataFields.NonNegative(reader.ReadI64(), Owner, "offset_index_offset", at);
                    break;
                case 5 when type == ThriftType.I32:
                    result.OffsetIndexLength =
                        MetadataFields.NonNegative(reader.ReadI32(), Owner, "offset_index_length", at);
                    break;
                case 6 when type == ThriftType.I64:
                    result.ColumnIndexOffset =
                        MetadataFields.NonNegative(reader.ReadI64(), Owner, "column_index_offset", at);
                    break;
                case 7 when type == ThriftType.I32:
                    result.ColumnIndexLength =
                        MetadataFields.NonNegative(reader.ReadI32(), Owner, "column_index_length", at);
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        reader.ReadStructEnd();
        return result;
    }

    internal void Write(ThriftCompactWriter writer)
    {
        writer.WriteStructBegin();
        if (FilePath is not null) writer.WriteStringField(1, FilePath);
        writer.WriteI64Field(2, FileOffset);
        if (MetaData is not null)
        {
            writer.WriteFieldHeader(3, ThriftType.Struct);
            MetaData.Write(writer);
        }

        if (OffsetIndexOffset is { } offsetIndexOffset) writer.WriteI64Field(4, offsetIndexOffset);
        if (OffsetIndexLength is { } offsetIndexLength) writer.WriteI32Field(5, offsetIndexLength);
        if (ColumnIndexOffset is { } columnIndexOffset) writer.WriteI64Field(6, columnIndexOffset);
        if (ColumnIndexLength is { } columnIndexLength) writer.WriteI32Field(7, columnIndexLength);
        writer.WriteStructEnd();
    }
}
