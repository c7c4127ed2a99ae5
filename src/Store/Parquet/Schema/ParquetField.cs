using Archiver.Store.Parquet.Metadata;

namespace Archiver.Store.Parquet.Schema;

/// <summary>
/// One column of a flat schema: a name, a physical type, whether it may be null, and what the values mean. Build
/// fields with the static factories (<see cref="Int64"/>, <see cref="Timestamp"/>, <see cref="String"/>, ...).
/// </summary>
public sealed record ParquetField
{
    public ParquetField(string name, PhysicalType physicalType, bool isNullable = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        PhysicalType = physicalType;
        IsNullable = isNullable;
    }

    /// <summary>Column name.</summary>
    public string Name { get; init; }

    /// <summary>How values are stored.</summary>
    public PhysicalType PhysicalType { get; init; }

    /// <summary>Whether the column may hold nulls (OPTIONAL) or not (REQUIRED).</summary>
    public bool IsNullable { get; init; }

    /// <summary>Byte width of a FIXED_LEN_BYTE_ARRAY value; 0 otherwise.</summary>
    public int TypeLength { get; init; }

    /// <summary>What the physical values mean.</summary>
    public LogicalKind Logical { get; init; }

    /// <summary>Unit of a TIMESTAMP or TIME column.</summary>
    public TimeUnit TimeUnit { get; init; }

    /// <summary>Whether a TIMESTAMP or TIME is adjusted to UTC (an instant) rather than local.</summary>
    public bool IsAdjustedToUtc { get; init; }

    /// <summary>Bit width (8, 16, 32, 64) of an INTEGER column.</summary>
    public int IntBitWidth { get; init; }

    /// <summary>Whether an INTEGER column is signed.</summary>
    public bool IntSigned { get; init; } = true;

    /// <summary>Precision of a DECIMAL column.</summary>
    public int DecimalPrecision { get; init; }

    /// <summary>Scale of a DECIMAL column.</summary>
    public int DecimalScale { get; init; }

    /// <summary>True for STRING, ENUM and JSON columns: values are UTF-8 text.</summary>
    public bool IsText => Logical is LogicalKind.String or LogicalKind.Enum or LogicalKind.Json;

    /// <summary>True when values compare as unsigned integers (UINT_8..UINT_64).</summary>
    public bool IsUnsigned => Logical == LogicalKind.Integer && !IntSigned;

    /// <summary>Same field, allowing nulls.</summary>
    public ParquetField AsNullable() => this with { IsNullable = true };

    public static ParquetField Boolean(string name, bool nullable = false) => new(name, PhysicalType.Boolean, nullable);

    public static ParquetField Int32(string name, bool nullable = false) => new(name, PhysicalType.Int32, nullable);

    public static ParquetField Int64(string name, bool nullable = false) => new(name, PhysicalType.Int64, nullable);

    public static ParquetField Float(string name, bool nullable = false) => new(name, PhysicalType.Float, nullable);

    public static ParquetField Double(string name, bool nullable = false) => new(name, PhysicalType.Double, nullable);

    /// <summary>Raw bytes in a BYTE_ARRAY.</summary>
    public static ParquetField Binary(string name, bool nullable = false) => new(name, PhysicalType.ByteArray, nullable);

    /// <summary>Raw bytes of a fixed width.</summary>
    public static ParquetField FixedBinary(string name, int length, bool nullable = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        return new(name, PhysicalType.FixedLenByteArray, nullable) { TypeLength = length };
    }

    /// <summary>UTF-8 text.</summary>
    public static ParquetField String(string name, bool nullable = false) =>
        new(name, PhysicalType.ByteArray, nullable) { Logical = LogicalKind.String };

    /// <summary>An enumeration's names as text (ENUM); dictionary-encoded by default.</summary>
    public static ParquetField Enum(string name, bool nullable = false) =>
        new(name, PhysicalType.ByteArray, nullable) { Logical = LogicalKind.Enum };

    /// <summary>
    /// An integer of 8, 16, 32 or 64 bits, signed or unsigned. 8-, 16- and 32-bit integers are stored in INT32 and
    /// 64-bit in INT64; an unsigned value is stored in the signed type's bits (uint 4294967295 as int -1).
    /// </summary>
    public static ParquetField Integer(string name, int bitWidth, bool signed, bool nullable = false)
    {
        if (bitWidth is not (8 or 16 or 32 or 64))
            throw new ArgumentOutOfRangeException(nameof(bitWidth), bitWidth, "Integer bit width must be 8, 16, 32 or 64.");
        var physical = bitWidth == 64 ? PhysicalType.Int64 : PhysicalType.Int32;
        return new(name, physical, nullable) { Logical = LogicalKind.Integer, IntBitWidth = bitWidth, IntSigned = signed };
    }

    /// <summary>An instant since the Unix epoch as INT64 in <paramref name="unit"/>.</summary>
    public static ParquetField Timestamp(string name, TimeUnit unit, bool nullable = false, bool adjustedToUtc = true) =>
        new(name, PhysicalType.Int64, nullable) { Logical = LogicalKind.Timestamp, TimeUnit = unit, IsAdjustedToUtc = adjustedToUtc };

    /// <summary>Days since the Unix epoch.</summary>
    public static ParquetField Date(string name, bool nullable = false) =>
        new(name, PhysicalType.Int32, nullable) { Logical = LogicalKind.Date };

    public override string ToString()
    {
        var type = Logical switch
        {
            LogicalKind.None => PhysicalType.ToString().ToUpperInvariant(),
            LogicalKind.Integer => $"{(IntSigned ? "INT" : "UINT")}{IntBitWidth}",
            LogicalKind.Timestamp => $"TIMESTAMP({TimeUnit.ToString().ToUpperInvariant()}{(IsAdjustedToUtc ? ", UTC" : string.Empty)})",
            LogicalKind.Time => $"TIME({TimeUnit.ToString().ToUpperInvariant()})",
            LogicalKind.Decimal => $"DECIMAL({DecimalPrecision},{DecimalScale})",
            _ => Logical.ToString().ToUpperInvariant(),
        };
        if (PhysicalType == PhysicalType.FixedLenByteArray) type += $"[{TypeLength}]";
        return $"{Name}: {type}{(IsNullable ? string.Empty : " NOT NULL")}";
    }
}
