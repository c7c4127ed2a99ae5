namespace Archiver.Store.Parquet;

/// <summary>
/// Upper bounds the reader checks before it trusts a length or a count read from a file. Every allocation sized from
/// file content is checked against these and against the bytes that remain.
/// </summary>
public static class ParquetLimits
{
    /// <summary>Largest footer (thrift FileMetaData) accepted.</summary>
    public const int MaxFooterBytes = 256 * 1024 * 1024;

    /// <summary>Largest page, compressed or uncompressed.</summary>
    public const int MaxPageBytes = 1024 * 1024 * 1024;

    /// <summary>Largest number of values in one page.</summary>
    public const int MaxValuesPerPage = 256 * 1024 * 1024;

    /// <summary>Largest number of rows in one row group that the reader materialises.</summary>
    public const long MaxRowsPerRowGroup = int.MaxValue / 2;

    /// <summary>Deepest nesting of thrift structs.</summary>
    public const int MaxThriftDepth = 64;

    /// <summary>Most schema elements (columns plus groups).</summary>
    public const int MaxSchemaElements = 100_000;

    /// <summary>Most row groups in one file.</summary>
    public const int MaxRowGroups = 1_000_000;

    /// <summary>Ratio above which a page's declared uncompressed size is treated as hostile.</summary>
    public const int MaxCompressionRatio = 32768;
}
