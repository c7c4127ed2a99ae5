using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Parquet.Metadata;

/// <summary>Header of a dictionary page (parquet.thrift <c>DictionaryPageHeader</c>).</summary>
public sealed class DictionaryPageHeader
{
    /// <summary>Field 1, required: entries in the dictionary.</summary>
    public int NumValues { get; set; }

    /// <summary>Field 2, required: encoding of the entries (PLAIN, or legacy PLAIN_DICTIONARY).</summary>
    public ParquetEncoding Encoding { get; set; }

    /// <summary>Field 3.</summary>
    public bool? IsSorted { get; set; }

    internal static DictionaryPageHeader Read(ref ThriftCompactReader reader)
    {
        const string Owner = nameof(DictionaryPageHeader);
        var result = new DictionaryPageHeader();
        bool hasValues = false, hasEncoding = false;
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
                case 3 when type == ThriftType.Bool:
                    result.IsSorted = reader.ReadBool();
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        if (!hasValues) ThriftThrow.MissingField(Owner, "num_values", 1, reader.Position);
        if (!hasEncoding) ThriftThrow.MissingField(Owner, "encoding", 2, reader.Position);
        reader.ReadStructEnd();
        return result;
    }

    internal void Write(ThriftCompactWriter writer)
    {
        writer.WriteStructBegin();
        writer.WriteI32Field(1, NumValues);
        writer.WriteI32Field(2, (int)Encoding);
        if (IsSorted is { } sorted) writer.WriteBoolField(3, sorted);
        writer.WriteStructEnd();
    }
}
