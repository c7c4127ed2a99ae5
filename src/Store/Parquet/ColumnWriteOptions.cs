using Archiver.Store.Parquet.Metadata;

namespace Archiver.Store.Parquet;

/// <summary>How one column is encoded. Unset members fall back to the writer's defaults for the column's type.</summary>
public sealed record ColumnWriteOptions
{
    /// <summary>
    /// Value encoding for data pages: <see cref="ParquetEncoding.Plain"/>, <see cref="ParquetEncoding.DeltaBinaryPacked"/>
    /// (INT32/INT64), <see cref="ParquetEncoding.ByteStreamSplit"/> (FLOAT, DOUBLE, INT32, INT64, FIXED_LEN_BYTE_ARRAY),
    /// <see cref="ParquetEncoding.DeltaLengthByteArray"/> or <see cref="ParquetEncoding.DeltaByteArray"/> (BYTE_ARRAY).
    /// With <see cref="UseDictionary"/> this is the fallback once the dictionary grows too large.
    /// </summary>
    public ParquetEncoding? Encoding { get; init; }

    /// <summary>Dictionary-encode the column (RLE_DICTIONARY), falling back to <see cref="Encoding"/>.</summary>
    public bool? UseDictionary { get; init; }
}
