using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Parquet.Metadata;

/// <summary>
/// Header of a version 2 data page (parquet.thrift <c>DataPageHeaderV2</c>): levels are stored uncompressed in front
/// of the (possibly compressed) values.
/// </summary>
public sealed class DataPageHeaderV2
{
    /// <summary>Field 1, required: values including nulls.</summary>
    public int NumValues { get; set; }

    /// <summary>Field 2, required.</summary>
    public int NumNulls { get; set; }

    /// <summary>Field 3, required.</summary>
    public int NumRows { get; set; }

    /// <summary>Field 4, required.</summary>
    public ParquetEncoding Encoding { get; set; }

    /// <summary>Field 5, required.</summary>
    public int DefinitionLevelsByteLength { get; set; }

    /// <summary>Field 6, required.</summary>
    public int RepetitionLevelsByteLength { get; set; }

    /// <summary>Field 7: whether the values section is compressed; true when the field is absent.</summary>
    public bool IsCompressed { get; set; } = true;

    /// <summary>Field 8.</summary>
    public Statistics? Statistics { get; set; }

    internal static DataPageHeaderV2 Read(ref ThriftCompactReader reader)
    {
        const string Owner = nameof(DataPageHeaderV2);
        var result = new DataPageHeaderV2();
        var seen = 0;
        reader.ReadStructBegin();
        while (reader.ReadFieldHeader(out var id, out var type))
        {
            var at = reader.Position;
            switch (id)
            {
                case 1 when type == ThriftType.I32:
                    result.NumValues = MetadataFields.NonNegative(reader.ReadI32(), Owner, "num_values", at);
                    break;
                case 2 when type == ThriftType.I32:
                    result.NumNulls = MetadataFields.NonNegative(reader.ReadI32(), Owner, "num_nulls", at);
                    break;
                case 3 when type == ThriftType.I32:
                    result.NumRows = MetadataFields.NonNegative(reader.ReadI32(), Owner, "num_rows", at);
                    break;
                case 4 when type == ThriftType.I32:
                    result.Encoding = (ParquetEncoding)reader.ReadI32();
                    break;
                case 5 when type == ThriftType.I32:
                    result.DefinitionLevelsByteLength =
                        MetadataFields.NonNegative(reader.ReadI32(), Owner, "definition_levels_byte_length", at);
                    break;
                case 6 when type == ThriftType.I32:
                    result.RepetitionLevelsByteLength =
                        MetadataFields.NonNegative(reader.ReadI32(), Owner, "repetition_levels_byte_length", at);
                    break;
                case 7 when type == ThriftType.Bool:
                    result.IsCompressed = reader.ReadBool();
                    break;
                case 8 when type == ThriftType.Struct:
                    result.Statistics = Statistics.Read(ref reader);
                    break;
                default:
                    reader.Skip(type);
                    continue;
            }

            seen |= 1 << id;
        }

        Require(seen, 1, "num_values", reader.Position);
        Require(seen, 2, "num_nulls", reader.Position);
        Require(seen, 3, "num_rows", reader.Position);
        Require(seen, 4, "encoding", reader.Position);
        Require(seen, 5, "definition_levels_byte_length", reader.Position);
        Require(seen, 6, "repetition_levels_byte_length", reader.Position);
        reader.ReadStructEnd();
        return result;
    }

    private static void Require(int seen, int id, string field, int position)
    {
        if ((seen & (1 << id)) == 0) ThriftThrow.MissingField(nameof(DataPageHeaderV2), field, id, position);
    }

    internal void Write(ThriftCompactWriter writer)
    {
        writer.WriteStructBegin();
        writer.WriteI32Field(1, NumValues);
        writer.WriteI32Field(2, NumNulls);
        writer.WriteI32Field(3, NumRows);
        writer.WriteI32Field(4, (int)Encoding);
        writer.WriteI32Field(5, DefinitionLevelsByteLength);
        writer.WriteI32Field(6, RepetitionLevelsByteLength);
        writer.WriteBoolField(7, IsCompressed);
        if (Statistics is not null)
        {
            writer.WriteFieldHeader(8, ThriftType.Struct);
            Statistics.Write(writer);
        }

        writer.WriteStructEnd();
    }
}
