using System.Globalization;
using System.Text.Json;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Parquet.Data;

/// <summary>
/// Renders column values for people and for JSON: timestamps as ISO-8601 UTC with their full precision, unsigned
/// integers as unsigned, dates as yyyy-MM-dd, text as text, other binary as hex.
/// </summary>
public static class ValueFormatter
{
    /// <summary>Row <paramref name="row"/> of <paramref name="column"/> as text ("null" for a null).</summary>
    public static string Format(ColumnData column, int row)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (!column.HasValue(row)) return "null";
        var f = column.Field;
        return column switch
        {
            ColumnData<long> c => FormatInt64(f, c.Values[row]),
            ColumnData<int> c => FormatInt32(f, c.Values[row]),
            ColumnData<double> c => c.Values[row].ToString("R", CultureInfo.InvariantCulture),
            ColumnData<float> c => c.Values[row].ToString("R", CultureInfo.InvariantCulture),
            ColumnData<bool> c => c.Values[row] ? "true" : "false",
            BinaryColumnData c when f.IsText => c.Values.GetString(row),
            BinaryColumnData c when f.Logical == LogicalKind.Uuid && c.Values[row].Length == 16 => new Guid(c.Values[row], bigEndian: true).ToString(),
            BinaryColumnData c => "0x" + Convert.ToHexString(c.Values[row]).ToLowerInvariant(),
            _ => column.GetValue(row)?.ToString() ?? "null",
        };
    }

    /// <summary>Formats a statistic value (as returned by <see cref="ColumnStatistics"/>) for its column.</summary>
    public static string FormatStatistic(ParquetField field, object? value) => value switch
    {
        null => string.Empty,
        long l => FormatInt64(field, l),
        int i => FormatInt32(field, i),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float s => s.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string s => s,
        byte[] bytes => "0x" + Convert.ToHexString(bytes).ToLowerInvariant(),
        _ => value.ToString() ?? string.Empty,
    };

    private static string FormatInt64(ParquetField f, long v)
    {
        if (f.Logical == LogicalKind.Timestamp) return FormatTimestamp(v, f.TimeUnit);
        if (f.IsUnsigned) return ((ulong)v).ToString(CultureInfo.InvariantCulture);
        return v.ToString(CultureInfo.InvariantCulture);
    }

    private static string FormatInt32(ParquetField f, int v)
    {
        if (f.Logical == LogicalKind.Date) return DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + v).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (f.IsUnsigned) return ((uint)v).ToString(CultureInfo.InvariantCulture);
        return v.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>An epoch count in <paramref name="unit"/> as ISO-8601 UTC, keeping every digit of the unit.</summary>
    public static string FormatTimestamp(long value, TimeUnit unit)
    {
        var perSecond = unit switch { TimeUnit.Millis => 1_000L, TimeUnit.Micros => 1_000_000L, _ => 1_000_000_000L };
        var seconds = Math.DivRem(value, perSecond, out var fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += perSecond;
        }

        if (seconds < -62135596800L || seconds > 253402300799L) return value.ToString(CultureInfo.InvariantCulture);
        var time = DateTime.UnixEpoch.AddSeconds(seconds);
        var digits = unit switch { TimeUnit.Millis => 3, TimeUnit.Micros => 6, _ => 9 };
        return time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." +
               fraction.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0') + "Z";
    }

    /// <summary>Writes row <paramref name="row"/> of <paramref name="column"/> as a JSON value.</summary>
    public static void WriteJson(Utf8JsonWriter writer, ColumnData column, int row)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(column);
        if (!column.HasValue(row))
        {
            writer.WriteNullValue();
            return;
        }

        var f = column.Field;
        switch (column)
        {
            case ColumnData<bool> c:
                writer.WriteBooleanValue(c.Values[row]);
                break;
            case ColumnData<int> c when f.Logical != LogicalKind.Date:
                if (f.IsUnsigned) writer.WriteNumberValue((uint)c.Values[row]);
                else writer.WriteNumberValue(c.Values[row]);
                break;
            case ColumnData<long> c when f.Logical != LogicalKind.Timestamp:
                if (f.IsUnsigned) writer.WriteNumberValue((ulong)c.Values[row]);
                else writer.WriteNumberValue(c.Values[row]);
                break;
            case ColumnData<double> c when double.IsFinite(c.Values[row]):
                writer.WriteNumberValue(c.Values[row]);
                break;
            case ColumnData<float> c when float.IsFinite(c.Values[row]):
                writer.WriteNumberValue(c.Values[row]);
                break;
            default:
                writer.WriteStringValue(Format(column, row));
                break;
        }
    }

    /// <summary>A short type description such as "INT64 TIMESTAMP(MICROS, UTC)".</summary>
    public static string Describe(ParquetField f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var physical = f.PhysicalType == PhysicalType.FixedLenByteArray ? $"FIXED_LEN_BYTE_ARRAY({f.TypeLength})" : PhysicalName(f.PhysicalType);
        var logical = f.Logical switch
        {
            LogicalKind.None => null,
            LogicalKind.Integer => $"{(f.IntSigned ? "INT" : "UINT")}({f.IntBitWidth})",
            LogicalKind.Timestamp => $"TIMESTAMP({f.TimeUnit.ToString().ToUpperInvariant()}{(f.IsAdjustedToUtc ? ", UTC" : string.Empty)})",
            LogicalKind.Time => $"TIME({f.TimeUnit.ToString().ToUpperInvariant()})",
            LogicalKind.Decimal => $"DECIMAL({f.DecimalPrecision}, {f.DecimalScale})",
            _ => f.Logical.ToString().ToUpperInvariant(),
        };
        return logical is null ? physical : $"{physical} {logical}";
    }

    /// <summary>Physical type name as the format spells it.</summary>
    public static string PhysicalName(PhysicalType t) => t switch
    {
        PhysicalType.Boolean => "BOOLEAN",
        PhysicalType.Int32 => "INT32",
        PhysicalType.Int64 => "INT64",
        PhysicalType.Int96 => "INT96",
        PhysicalType.Float => "FLOAT",
        PhysicalType.Double => "DOUBLE",
        PhysicalType.ByteArray => "BYTE_ARRAY",
        _ => "FIXED_LEN_BYTE_ARRAY",
    };

    /// <summary>Encoding name as the format spells it.</summary>
    public static string EncodingName(ParquetEncoding e) => e switch
    {
        ParquetEncoding.Plain => "PLAIN",
        ParquetEncoding.PlainDictionary => "PLAIN_DICTIONARY",
        ParquetEncoding.Rle => "RLE",
        ParquetEncoding.BitPacked => "BIT_PACKED",
        ParquetEncoding.DeltaBinaryPacked => "DELTA_BINARY_PACKED",
        ParquetEncoding.DeltaLengthByteArray => "DELTA_LENGTH_BYTE_ARRAY",
        ParquetEncoding.DeltaByteArray => "DELTA_BYTE_ARRAY",
        ParquetEncoding.RleDictionary => "RLE_DICTIONARY",
        ParquetEncoding.ByteStreamSplit => "BYTE_STREAM_SPLIT",
        _ => $"ENCODING_{(int)e}",
    };

    /// <summary>Codec name as the format spells it.</summary>
    public static string CodecName(CompressionCodec c) => c switch
    {
        CompressionCodec.Uncompressed => "UNCOMPRESSED",
        CompressionCodec.Lz4Raw => "LZ4_RAW",
        _ => c.ToString().ToUpperInvariant(),
    };
}
