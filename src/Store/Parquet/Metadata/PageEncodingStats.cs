using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Parquet.Metadata;

/// <summary>How many pages of one type used one encoding (parquet.thrift <c>PageEncodingStats</c>).</summary>
public sealed class PageEncodingStats
{
    /// <summary>Field 1, required.</summary>
    public PageType PageType { get; set; }

    /// <summary>Field 2, required.</summary>
    public ParquetEncoding Encoding { get; set; }

    /// <summary>Field 3, required.</summary>
    public int Count { get; set; }

    internal static PageEncodingStats Read(ref ThriftCompactReader reader)
    {
        const string Owner = nameof(PageEncodingStats);
        var result = new PageEncodingStats();
        bool hasType = false, hasEncoding = false, hasCount = false;
        reader.ReadStructBegin();
        while (reader.ReadFieldHeader(out var id, out var type))
        {
            var at = reader.Position;
            switch (id)
            {
                case 1 when type == ThriftType.I32:
                    result.PageType = (PageType)reader.ReadI32();
                    hasType = true;
                    break;
                case 2 when type == ThriftType.I32:
                    result.Encoding = (ParquetEncoding)reader.ReadI32();
                    hasEncoding = true;
                    break;
                case 3 when type == ThriftType.I32:
                    result.Count = MetadataFields.NonNegative(reader.ReadI32(), Owner, "count", at);
                    hasCount = true;
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        if (!hasType) ThriftThrow.MissingField(Owner, "page_type", 1, reader.Position);
        if (!hasEncoding) ThriftThrow.MissingField(Owner, "encoding", 2, reader.Position);
        if (!hasCount) ThriftThrow.MissingField(Owner, "count", 3, reader.Position);
        reader.ReadStructEnd();
        return result;
    }

    internal void Write(ThriftCompactWriter writer)
    {
        writer.WriteStructBegin();
        writer.WriteI32Field(1, (int)PageType);
        writer.WriteI32Field(2, (int)Encoding);
        writer.WriteI32Field(3, Count);
        writer.WriteStructEnd();
    }
}
