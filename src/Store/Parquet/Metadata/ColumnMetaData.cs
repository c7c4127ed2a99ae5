using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Parquet.Metadata;

/// <summary>
/// Where and how one column chunk is stored (parquet.thrift <c>ColumnMetaData</c>). Size statistics (16) and
/// geospatial statistics (17) are not modelled: skipped on read, not written.
/// </summary>
public sealed class ColumnMetaData
{
    /// <summary>Field 1, required.</summary>
    public PhysicalType Type { get; set; }

    /// <summary>Field 2, required: every encoding used by the chunk's pages.</summary>
    public List<ParquetEncoding> Encodings { get; set; } = [];

    /// <summary>Field 3, required: the column's path from the schema root (root excluded).</summary>
    public List<string> PathInSchema { get; set; } = [];

    /// <summary>Field 4, required.</summary>
    public CompressionCodec Codec { get; set; }

    /// <summary>Field 5, required: values including nulls.</summary>
    public long NumValues { get; set; }

    /// <summary>Field 6, required: page headers included.</summary>
    public long TotalUncompressedSize { get; set; }

    /// <summary>Field 7, required: page headers included.</summary>
    public long TotalCompressedSize { get; set; }

    /// <summary>Field 8.</summary>
    public List<KeyValue>? KeyValueMetadata { get; set; }

    /// <summary>Field 9, required: file offset of the first data page.</summary>
    public long DataPageOffset { get; set; }

    /// <summary>Field 10.</summary>
    public long? IndexPageOffset { get; set; }

    /// <summary>Field 11: file offset of the dictionary page.</summary>
    public long? DictionaryPageOffset { get; set; }

    /// <summary>Field 12.</summary>
    public Statistics? Statistics { get; set; }

    /// <summary>Field 13.</summary>
    public List<PageEncodingStats>? EncodingStats { get; set; }

    /// <summary>Field 14.</summary>
    public long? BloomFilterOffset { get; set; }

    /// <summary>Field 15.</summary>
    public int? BloomFilterLength { get; set; }

    internal static ColumnMetaData Read(ref ThriftCompactReader reader)
    {
        const string Owner = nameof(ColumnMetaData);
        var result = new ColumnMetaData();
        uint seen = 0;
        reader.ReadStructBegin();
        while (reader.ReadFieldHeader(out var id, out var type))
        {
            var at = reader.Position;
            switch (id)
            {
                case 1 when type == ThriftType.I32:
                    result.Type = (PhysicalType)reader.ReadI32();
                    break;
                case 2 when type == ThriftType.List:
                    result.Encodings = MetadataFields.ReadEncodingList(ref reader, Owner, "encodings");
                    break;
                case 3 when type == ThriftType.List:
                    result.PathInSchema = MetadataFields.ReadStringList(ref reader, Owner, "path_in_schema");
                    break;
                case 4 when type == ThriftType.I32:
                    result.Codec = (CompressionCodec)reader.ReadI32();
                    break;
                case 5 when type == ThriftType.I64:
                    result.NumValues = MetadataFields.NonNegative(reader.ReadI64(), Owner, "num_values", at);
                    break;
                case 6 when type == ThriftType.I64:
                    result.TotalUncompressedSize =
                        MetadataFields.NonNegative(reader.ReadI64(), Owner, "total_uncompressed_size", at);
                    break;
                case 7 when type == ThriftType.I64:
                    result.TotalCompressedSize =
                        MetadataFields.NonNegative(reader.ReadI64(), Owner, "total_compressed_size", at);
                    break;
                case 8 when type == ThriftType.List:
                    result.KeyValueMetadata =
                        MetadataFields.ReadStructList(ref reader, KeyValue.Read, Owner, "key_value_metadata");
                    break;
                case 9 when type == ThriftType.I64:
                    result.DataPageOffset = MetadataFields.NonNegative(reader.ReadI64(), Owner, "data_page_offset", at);
                    break;
                case 10 when type == ThriftType.I64:
                    result.IndexPageOffset = MetadataFields.NonNegative(reader.ReadI64(), Owner, "index_page_offset", at);
                    break;
                case 11 when type == ThriftType.I64:
                    result.DictionaryPageOffset =
                        MetadataFields.NonNegative(reader.ReadI64(), Owner, "dictionary_page_offset", at);
                    break;
                case 12 when type == ThriftType.Struct:
                    result.Statistics = Statistics.Read(ref reader);
                    break;
                case 13 when type == ThriftType.List:
                    result.EncodingStats =
                        MetadataFields.ReadStructList(ref reader, PageEncodingStats.Read, Owner, "encoding_stats");
                    break;
                case 14 when type == ThriftType.I64:
                    result.BloomFilterOffset =
                        MetadataFields.NonNegative(reader.ReadI64(), Owner, "bloom_filter_offset", at);
                    break;
                case 15 when type == ThriftType.I32:
                    result.BloomFilterLength =
                        MetadataFields.NonNegative(reader.ReadI32(), Owner, "bloom_filter_length", at);
                    break;
                default:
                    reader.Skip(type);
                    continue;
            }

            seen |= 1u << id;
        }

        Require(seen, 1, "type", reader.Position);
        Require(seen, 2, "encodings", reader.Position);
        Require(seen, 3, "path_in_schema", reader.Position);
        Require(seen, 4, "codec", reader.Position);
        Require(seen, 5, "num_values", reader.Position);
        Require(seen, 6, "total_uncompressed_size", reader.Position);
        Require(seen, 7, "total_compressed_size", reader.Position);
        Require(seen, 9, "data_page_offset", reader.Position);
        reader.ReadStructEnd();
        return result;
    }

    private static void Require(uint seen, int id, string field, int position)
    {
        if ((seen & (1u << id)) == 0) ThriftThrow.MissingField(nameof(ColumnMetaData), field, id, position);
    }

    internal void Write(ThriftCompactWriter writer)
    {
        writer.WriteStructBegin();
        writer.WriteI32Field(1, (int)Type);
        MetadataFields.WriteEncodingList(writer, 2, Encodings);
        MetadataFields.WriteStringList(writer, 3, PathInSchema);
        writer.WriteI32Field(4, (int)Codec);
        writer.WriteI64Field(5, NumValues);
        writer.WriteI64Field(6, TotalUncompressedSize);
        writer.WriteI64Field(7, TotalCompressedSize);
        if (KeyValueMetadata is not null) MetadataFields.WriteKeyValueList(writer, 8, KeyValueMetadata);
        writer.WriteI64Field(9, DataPageOffset);
        if (IndexPageOffset is { } indexOffset) writer.WriteI64Field(10, indexOffset);
        if (DictionaryPageOffset is { } dictionaryOffset) writer.WriteI64Field(11, dictionaryOffset);
        if (Statistics is not null)
        {
            writer.WriteFieldHeader(12, ThriftType.Struct);
            Statistics.Write(writer);
        }

        if (EncodingStats is not null)
        {
            writer.WriteListFieldBegin(13, ThriftType.Struct, EncodingStats.Count);
            foreach (var stats in EncodingStats) stats.Write(writer);
        }

        if (BloomFilterOffset is { } bloomOffset) writer.WriteI64Field(14, bloomOffset);
        if (BloomFilterLength is { } bloomLength) writer.WriteI32Field(15, bloomLength);
        writer.WriteStructEnd();
    }
}
