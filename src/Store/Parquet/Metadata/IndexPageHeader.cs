using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Parquet.Metadata;

/// <summary>Header of an index page (parquet.thrift <c>IndexPageHeader</c>, which has no fields yet).</summary>
public sealed class IndexPageHeader
{
    internal static IndexPageHeader Read(ref ThriftCompactReader reader)
    {
        reader.Skip(ThriftType.Struct);
        return new IndexPageHeader();
    }

    internal void Write(ThriftCompactWriter writer)
    {
        writer.WriteStructBegin();
        writer.WriteStructEnd();
    }
}
