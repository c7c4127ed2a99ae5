using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Parquet;

/// <summary>
/// Settings of a <see cref="ParquetFileWriter"/>. The defaults suit tick data: ZSTD, and for numeric columns an
/// encoding chosen per column chunk by trial: the first page is encoded and compressed with each candidate
/// (DELTA_BINARY_PACKED, RLE_DICTIONARY or PLAIN for integers and timestamps; BYTE_STREAM_SPLIT, RLE_DICTIONARY or PLAIN
/// for prices and sizes) and the smallest is kept. Strings are dictionary-encoded, booleans plain bits.
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
        MaxRowsPerPage = 64 * 1024,
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
    public int MaxRowsPerPage { get; init; } = 128 * 1024;

    /// <summary>Once a column chunk's dictionary exceeds this many bytes (PLAIN size) the chunk falls back.</summary>
    public int DictionaryPageLimitBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Encoding of INT32 and INT64 columns, or null (the default) to choose per column chunk among
    /// DELTA_BINARY_PACKED, RLE_DICTIONARY and PLAIN by trial compression of the first page.
    /// </summary>
    public ParquetEncoding? IntegerEncoding { get; init; }

    /// <summary>
    /// Encoding of FLOAT and DOUBLE columns, or null (the default) to choose per column chunk among
    /// BYTE_STREAM_SPLIT, RLE_DICTIONARY and PLAIN by trial compression of the first page.
    /// </summary>
    public ParquetEncoding? FloatingPointEncoding { get; init; }

    /// <summary>
    /// Dictionary-encode numeric columns first, falling back to <see cref="IntegerEncoding"/> or
    /// <see cref="FloatingPointEncoding"/> (DELTA_BINARY_PACKED / BYTE_STREAM_SPLIT when those are null).
    /// </summary>
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

    /// <summary>Resolves how <paramref name="field"/> is encoded: dictionary or not, the value encoding, and the
    /// candidates to try when the choice is left to the writer.</summary>
    public ColumnEncodingPlan Resolve(ParquetField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        Columns.TryGetValue(field.Name, out var column);
        var physical = field.PhysicalType;
        var configured = column?.Encoding ?? physical switch
        {
            PhysicalType.Int32 or PhysicalType.Int64 => IntegerEncoding,
            PhysicalType.Float or PhysicalType.Double => FloatingPointEncoding,
            _ => ParquetEncoding.Plain,
        };
        var dictionaryConfigured = column?.UseDictionary ?? (physical switch
        {
            PhysicalType.ByteArray => DictionaryForStrings || field.Logical == LogicalKind.Enum,
            PhysicalType.Boolean => false,
            _ => DictionaryForNumbers ? true : null,
        });
        if (physical == PhysicalType.Boolean) dictionaryConfigured = false;

        if (configured is null && dictionaryConfigured is null)
        {
            var typed = physical is PhysicalType.Int32 or PhysicalType.Int64 ? ParquetEncoding.DeltaBinaryPacked : ParquetEncoding.ByteStreamSplit;
            return new ColumnEncodingPlan(false, typed, [ParquetEncoding.RleDictionary, typed, ParquetEncoding.Plain]);
        }

        var fallback = configured ?? (physical is PhysicalType.Int32 or PhysicalType.Int64 ? ParquetEncoding.DeltaBinaryPacked : ParquetEncoding.ByteStreamSplit);
        var dictionary = dictionaryConfigured ?? false;
        if (fallback is ParquetEncoding.RleDictionary or ParquetEncoding.PlainDictionary)
        {
            dictionary = true;
            fallback = ParquetEncoding.Plain;
        }

        ValidateEncoding(field, fallback);
        return new ColumnEncodingPlan(dictionary, fallback, null);
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
