using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Parquet;

/// <summary>
/// Settings of a <see cref="ParquetFileWriter"/>. The defaults suit tick data: ZSTD, DELTA_BINARY_PACKED integers and
/// timestamps, BYTE_STREAM_SPLIT prices and sizes, dictionary-encoded strings and booleans as plain bits.
/// <see cref="Compatible"/> gives what every reader since 2015 understands (dictionary + PLAIN, SNAPPY).
/// </summary>
public sealed record ParquetWriterOptions
{
    /// <summary>Defaults for tick data.</summary>
    public static ParquetWriterOptions Default { get; } = new();

    /// <summary>The most widely readable settings: dictionary with PLAIN fallback and SNAPPY pages.</summary>
    public static ParquetWriterOptions Compatible { get; } = new()
    {
        Compression = CompressionCodec.Snappy,
        IntegerEncoding = ParquetEncoding.Plain,
        FloatingPointEncoding = ParquetEncoding.Plain,
        DictionaryForNumbers = true,
    };

    /// <summary>Page compression.</summary>
    public CompressionCodec Compression { get; init; } = CompressionCodec.Zstd;

    /// <summary>Codec level; 0 means the codec's default (ZSTD 3, GZIP optimal, BROTLI 5).</summary>
    public int CompressionLevel { get; init; }

    /// <summary>A row group is closed once its encoded size reaches this many bytes.</summary>
    public long RowGroupTargetBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>A row group is closed once it holds this many rows.</summary>
    public int MaxRowsPerRowGroup { get; init; } = 1024 * 1024;

    /// <summary>A data page is closed once its encoded values reach about this many bytes.</summary>
    public int PageTargetBytes { get; init; } = 1024 * 1024;

    /// <summary>A data page is closed once it holds this many rows.</summary>
    public int MaxRowsPerPage { get; init; } = 64 * 1024;

    /// <summary>Once a column chunk's dictionary exceeds this many bytes (PLAIN size) the chunk falls back.</summary>
    public int DictionaryPageLimitBytes { get; init; } = 1024 * 1024;

    /// <summary>Encoding of INT32 and INT64 columns that are not dictionary-encoded.</summary>
    public ParquetEncoding IntegerEncoding { get; init; } = ParquetEncoding.DeltaBinaryPacked;

    /// <summary>Encoding of FLOAT and DOUBLE columns that are not dictionary-encoded.</summary>
    public ParquetEncoding FloatingPointEncoding { get; init; } = ParquetEncoding.ByteStreamSplit;

    /// <summary>Dictionary-encode numeric columns too (strings are dictionary-encoded by default).</summary>
    public bool DictionaryForNumbers { get; init; }

    /// <summary>Dictionary-encode BYTE_ARRAY columns (falling back to PLAIN).</summary>
    public bool DictionaryForStrings { get; init; } = true;

    /// <summary>Write min/max/null-count statistics per column chunk.</summary>
    public bool WriteStatistics { get; init; } = true;

    /// <summary>Largest binary value kept as a min/max statistic; longer values leave the statistic out.</summary>
    public int MaxStatisticsValueBytes { get; init; } = 4096;

    /// <summary>Per-column overrides by column name.</summary>
    public IReadOnlyDictionary<string, ColumnWriteOptions> Columns { get; init; } =
        new Dictionary<string, ColumnWriteOptions>(StringComparer.Ordinal);

    /// <summary>Value of the footer's created_by field.</summary>
    public string CreatedBy { get; init; } = "archiver parquet codec version 1.0.0 (build archiver)";

    /// <summary>Whether <see cref="ParquetFileWriter.Create(string, ParquetSchema, ParquetWriterOptions?, IReadOnlyDictionary{string, string}?)"/> may replace an existing file.</summary>
    public bool OverwriteExisting { get; init; }

    /// <summary>Resolves the dictionary flag and value encoding for <paramref name="field"/>.</summary>
    public (bool Dictionary, ParquetEncoding Encoding) Resolve(ParquetField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        Columns.TryGetValue(field.Name, out var column);
        var physical = field.PhysicalType;
        var fallback = column?.Encoding ?? physical switch
        {
            PhysicalType.Int32 or PhysicalType.Int64 => IntegerEncoding,
            PhysicalType.Float or PhysicalType.Double => FloatingPointEncoding,
            _ => ParquetEncoding.Plain,
        };
        var dictionary = column?.UseDictionary ?? physical switch
        {
            PhysicalType.ByteArray => DictionaryForStrings || field.Logical == LogicalKind.Enum,
            PhysicalType.Boolean => false,
            _ => DictionaryForNumbers,
        };
        if (physical == PhysicalType.Boolean) dictionary = false;
        if (fallback is ParquetEncoding.RleDictionary or ParquetEncoding.PlainDictionary)
        {
            dictionary = true;
            fallback = ParquetEncoding.Plain;
        }

        ValidateEncoding(field, fallback);
        return (dictionary, fallback);
    }

    private static void ValidateEncoding(ParquetField field, ParquetEncoding encoding)
    {
        var ok = encoding switch
        {
            ParquetEncoding.Plain => true,
            ParquetEncoding.DeltaBinaryPacked => field.PhysicalType is PhysicalType.Int32 or PhysicalType.Int64,
            ParquetEncoding.ByteStreamSplit => field.PhysicalType is PhysicalType.Float or PhysicalType.Double
                or PhysicalType.Int32 or PhysicalType.Int64 or PhysicalType.FixedLenByteArray,
            ParquetEncoding.DeltaLengthByteArray or ParquetEncoding.DeltaByteArray => field.PhysicalType == PhysicalType.ByteArray,
            _ => false,
        };
        if (!ok)
            throw new ArgumentException($"Column '{field.Name}': encoding {encoding} cannot be used for {field.PhysicalType} values.");
    }
}
