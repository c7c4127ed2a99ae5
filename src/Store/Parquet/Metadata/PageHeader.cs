using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Parquet.Metadata;

/// <summary>
/// The header in front of every page (parquet.thrift <c>PageHeader</c>); exactly one of the type-specific headers is
/// expected to be set, matching <see cref="Type"/>.
/// </summary>
public sealed class PageHeader
{
    /// <summary>Field 1, required.</summary>
    public PageType Type { get; set; }

    /// <summary>Field 2, required: page bytes after decompression, header excluded.</summary>
    public int UncompressedPageSize { get; set; }

    /// <summary>Field 3, required: page bytes as stored, header excluded.</summary>
    public int CompressedPageSize { get; set; }

    /// <summary>Field 4: CRC-32 of the stored page bytes.</summary>
    public int? Crc { get; set; }

    /// <summary>Field 5.</summary>
    public DataPageHeader? DataPageHeader { get; set; }

    /// <summary>Field 6.</summary>
    public IndexPageHeader? IndexPageHeader { get; set; }

    /// <summary>Field 7.</summary>
    public DictionaryPageHeader? DictionaryPageHeader { get; set; }

    /// <summary>Field 8.</summary>
    public DataPageHeaderV2? DataPageHeaderV2 { get; set; }

    internal static PageHeader Read(ref ThriftCompactReader reader)
    {
        const string Owner = nameof(PageHeader);
        var result = new PageHeader();
        bool hasType = false, hasUncompressed = false, hasCompressed = false;
        reader.ReadStructBegin();
        while (reader.ReadFieldHeader(out var id, out var type))
        {
            var at = reader.Position;
            switch (id)
            {
                case 1 when type == ThriftType.I32:
                    result.Type = (PageType)reader.ReadI32();
                    hasType = true;
                    break;
                case 2 when type == ThriftType.I32:
                    result.UncompressedPageSize =
                        MetadataFields.NonNegative(reader.ReadI32(), Owner, "uncompressed_page_size", at);
                    hasUncompressed = true;
                    break;
                case 3 when type == ThriftType.I32:
                    result.CompressedPageSize =
                        MetadataFields.NonNegative(reader.ReadI32(), Owner, "compressed_page_size", at);
                    hasCompressed = true;
                    break;
                case 4 when type == ThriftType.I32:
                    result.Crc = reader.ReadI32();
                    break;
                case 5 when type == ThriftType.Struct:
                    result.DataPageHeader = DataPageHeader.Read(ref reader);
                    break;
                case 6 when type == ThriftType.Struct:
                    result.IndexPageHeader = IndexPageHeader.Read(ref reader);
                    break;
                case 7 when type == ThriftType.Struct:
                    result.DictionaryPageHeader = DictionaryPageHeader.Read(ref reader);
                    break;
                case 8 when type == ThriftType.Struct:
                    result.DataPageHeaderV2 = DataPageHeaderV2.Read(ref reader);
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        if (!hasType) ThriftThrow.MissingField(Owner, "type", 1, reader.Position);
        if (!hasUncompressed) ThriftThrow.MissingField(Owner, "uncompressed_page_size", 2, reader.Position);
        if (!hasCompressed) ThriftThrow.MissingField(Owner, "compressed_page_size", 3, reader.Position);
        reader.ReadStructEnd();
        return result;
    }

    internal void Write(ThriftCompactWriter writer)
    {
        writer.WriteStructBegin();
        writer.WriteI32Field(1, (int)Type);
        writer.WriteI32Field(2, UncompressedPageSize);
        writer.WriteI32Field(3, CompressedPageSize);
        if (Crc is { } crc) writer.WriteI32Field(4, crc);
        if (DataPageHeader is not null)
        {
            writer.WriteFieldHeader(5, ThriftType.Struct);
            DataPageHeader.Write(writer);
        }

        if (IndexPageHeader is not null)
        {
            writer.WriteFieldHeader(6, ThriftType.Struct);
            IndexPageHeader.Write(writer);
        }

        if (DictionaryPageHeader is not null)
        {
            writer.WriteFieldHeader(7, ThriftType.Struct);
            DictionaryPageHeader.Write(writer);
        }

        if (DataPageHeaderV2 is not null)
        {
            writer.WriteFieldHeader(8, ThriftType.Struct);
            DataPageHeaderV2.Write(writer);
        }

        writer.WriteStructEnd();
    }
}
