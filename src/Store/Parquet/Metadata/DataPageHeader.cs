using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Parquet.Metadata;

/// <summary>Header of a version 1 data page (parquet.thrift <c>DataPageHeader</c>).</summary>
public sealed class DataPageHeader
{
    /// <summary>Field 1, required: values including nulls.</summary>
    public int NumValues { get; set; }

    /// <summary>Field 2, required.</summary>
    public ParquetEncoding Encoding { get; set; }

    /// <summary>Field 3, required.</summary>
    public ParquetEncoding DefinitionLevelEncoding { get; set; } = ParquetEncoding.Rle;

    /// <summary>Field 4, required.</summary>
    public ParquetEncoding RepetitionLevelEncoding { get; set; } = ParquetEncoding.Rle;

    /// <summary>Field 5.</summary>
    public Statistics? Statistics { get; set; }

    internal static DataPageHeader Read(ref ThriftCompactReader reader)
    {
        const string Owner = nameof(DataPageHeader);
        var result = new DataPageHeader();
        bool hasValues = false, hasEncoding = false, hasDefinition = false, hasRepetition = false;
        reader.ReadStructBegin();
        while (reader.ReadFieldHeader(out var id, out var type))
        {
            var at = reader.Position;
            switch (id)
            {
                case 1 when type == ThriftType.I32:
                    result.NumValues = MetadataFields.NonNegative(reader.ReadI32(), Owner, "num_values", at);
                    hasValues = true;
                    break;
                case 2 when type == ThriftType.I32:
                    result.Encoding = (ParquetEncoding)reader.ReadI32();
                    hasEncoding = true;
                    break;
                case 3 when type == ThriftType.I32:
                    result.DefinitionLevelEncoding = (ParquetEncoding)reader.ReadI32();
                    hasDefinition = true;
                    break;
                case 4 when type == ThriftType.I32:
                    result.RepetitionLevelEncoding = (ParquetEncoding)reader.ReadI32();
                    hasRepetition = true;
                    break;
                case 5 when type == ThriftType.Struct:
                    result.Statistics = Statistics.Read(ref reader);
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        if (!hasValues) ThriftThrow.MissingField(Owner, "num_values", 1, reader.Position);
        if (!hasEncoding) ThriftThrow.MissingField(Owner, "encoding", 2, reader.Position);
        if (!hasDefinition) ThriftThrow.MissingField(Owner, "definition_level_encoding", 3, reader.Position);
        if (!hasRepetition) ThriftThrow.MissingField(Owner, "repetition_level_encoding", 4, reader.Position);
        reader.ReadStructEnd();
        return result;
    }

    internal void Write(ThriftCompactWriter writer)
    {
        writer.WriteStructBegin();
        writer.WriteI32Field(1, NumValues);
        writer.WriteI32Field(2, (int)Encoding);
        writer.WriteI32Field(3, (int)DefinitionLevelEncoding);
        writer.WriteI32Field(4, (int)RepetitionLevelEncoding);
        if (Statistics is not null)
        {
            writer.WriteFieldHeader(5, ThriftType.Struct);
            Statistics.Write(writer);
        }

        writer.WriteStructEnd();
    }
}
