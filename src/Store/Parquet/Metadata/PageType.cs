namespace Archiver.Store.Parquet.Metadata;

/// <summary>Page kinds (parquet.thrift <c>PageType</c>).</summary>
public enum PageType
{
    DataPage = 0,
    IndexPage = 1,
    DictionaryPage = 2,
    DataPageV2 = 3,
}
