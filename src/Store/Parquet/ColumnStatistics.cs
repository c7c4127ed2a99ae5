using System.Buffers.Binary;
using System.Text;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Parquet;

/// <summary>
/// A column chunk's statistics decoded for its type: <see cref="Min"/> and <see cref="Max"/> are <c>bool</c>,
/// <c>int</c>, <c>long</c>, <c>float</c>, <c>double</c>, <c>string</c> (text columns) or <c>byte[]</c>, or null when
/// the file has none that can be trusted. Legacy min/max (written before the sort orders were defined) are used only
/// for types whose legacy order was signed and correct.
/// </summary>
public sealed record ColumnStatistics(object? Min, object? Max, long? NullCount, long? DistinctCount)
{
    public static ColumnStatistics Empty { get; } = new(null, null, null, null);

    internal static ColumnStatistics Decode(ParquetField field, Statistics? s)
    {
        if (s is null) return Empty;
        byte[]? min = s.MinValue, max = s.MaxValue;
        var legacyTrusted = field.PhysicalType is PhysicalType.Boolean or PhysicalType.Int32 or PhysicalType.Int64
            or PhysicalType.Float or PhysicalType.Double && !field.IsUnsigned;
        if ((min is null || max is null) && legacyTrusted)
        {
            min = s.Min;
            max = s.Max;
        }

        return new ColumnStatistics(Value(field, min), Value(field, max), s.NullCount, s.DistinctCount);
    }

    private static object? Value(ParquetField field, byte[]? bytes)
    {
        if (bytes is null) return null;
        return field.PhysicalType switch
        {
            PhysicalType.Boolean when bytes.Length == 1 => bytes[0] != 0,
            PhysicalType.Int32 when bytes.Length == 4 => BinaryPrimitives.ReadInt32LittleEndian(bytes),
            PhysicalType.Int64 when bytes.Length == 8 => BinaryPrimitives.ReadInt64LittleEndian(bytes),
            PhysicalType.Float when bytes.Length == 4 => BinaryPrimitives.ReadSingleLittleEndian(bytes),
            PhysicalType.Double when bytes.Length == 8 => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
            PhysicalType.ByteArray when field.IsText => Encoding.UTF8.GetString(bytes),
            PhysicalType.ByteArray => bytes,
            PhysicalType.FixedLenByteArray when bytes.Length == field.TypeLength => bytes,
            _ => null,
        };
    }
}
