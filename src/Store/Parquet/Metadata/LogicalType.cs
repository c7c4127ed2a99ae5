using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Parquet.Metadata;

/// <summary>
/// The parquet.thrift <c>LogicalType</c> union: <see cref="Kind"/> says which member is set, and the parameter
/// properties that belong to that member carry its values (the others are ignored). An unknown member is read as
/// <see cref="LogicalTypeKind.Unrecognized"/> rather than rejected.
/// </summary>
public sealed class LogicalType
{
    private const string TimeUnitUnion = "TimeUnit";

    /// <summary>Which union member is set.</summary>
    public LogicalTypeKind Kind { get; set; }

    /// <summary>DECIMAL scale (DecimalType field 1).</summary>
    public int DecimalScale { get; set; }

    /// <summary>DECIMAL precision (DecimalType field 2).</summary>
    public int DecimalPrecision { get; set; }

    /// <summary>TIME/TIMESTAMP isAdjustedToUTC (field 1 of TimeType and TimestampType).</summary>
    public bool IsAdjustedToUtc { get; set; }

    /// <summary>TIME/TIMESTAMP unit (field 2 of TimeType and TimestampType).</summary>
    public TimeUnit Unit { get; set; }

    /// <summary>INTEGER bit width: 8, 16, 32 or 64 (IntType field 1, an i8).</summary>
    public int BitWidth { get; set; }

    /// <summary>INTEGER signedness (IntType field 2).</summary>
    public bool IsSigned { get; set; }

    /// <summary>For <see cref="LogicalTypeKind.Unrecognized"/>: the union field id that was skipped (0 if none).</summary>
    public short UnrecognizedFieldId { get; set; }

    /// <summary>A member without parameters (STRING, DATE, JSON, ...).</summary>
    public static LogicalType Of(LogicalTypeKind kind) => new() { Kind = kind };

    public static LogicalType Decimal(int scale, int precision) =>
        new() { Kind = LogicalTypeKind.Decimal, DecimalScale = scale, DecimalPrecision = precision };

    public static LogicalType Time(bool isAdjustedToUtc, TimeUnit unit) =>
        new() { Kind = LogicalTypeKind.Time, IsAdjustedToUtc = isAdjustedToUtc, Unit = unit };

    public static LogicalType Timestamp(bool isAdjustedToUtc, TimeUnit unit) =>
        new() { Kind = LogicalTypeKind.Timestamp, IsAdjustedToUtc = isAdjustedToUtc, Unit = unit };

    public static LogicalType Integer(int bitWidth, bool isSigned) =>
        new() { Kind = LogicalTypeKind.Integer, BitWidth = bitWidth, IsSigned = isSigned };

    public override string ToString() => Kind switch
    {
        LogicalTypeKind.Decimal => $"Decimal({DecimalPrecision},{DecimalScale})",
        LogicalTypeKind.Time or LogicalTypeKind.Timestamp => $"{Kind}({Unit},utc={IsAdjustedToUtc})",
        LogicalTypeKind.Integer => $"Integer({BitWidth},signed={IsSigned})",
        LogicalTypeKind.Unrecognized => $"Unrecognized({UnrecognizedFieldId})",
        _ => Kind.ToString(),
    };

    internal static LogicalType Read(ref ThriftCompactReader reader)
    {
        var result = new LogicalType();
        var members = 0;
        reader.ReadStructBegin();
        while (reader.ReadFieldHeader(out var id, out var type))
        {
            var start = reader.Position;
            if (++members > 1) ThriftThrow.Corrupt("LogicalType union has more than one member set", start);
            if (type != ThriftType.Struct)
            {
                reader.Skip(type);
                result.Kind = LogicalTypeKind.Unrecognized;
                result.UnrecognizedFieldId = id;
                continue;
            }

            switch (id)
            {
                case 1 or 2 or 3 or 4 or 6 or 11 or 12 or 13 or 14 or 15:
                    reader.Skip(ThriftType.Struct); // marker structs: nothing to keep
                    result.Kind = (LogicalTypeKind)id;
                    break;
                case 5:
                    ReadDecimal(ref reader, result);
                    break;
                case 7:
                case 8:
                    ReadTime(ref reader, result, (LogicalTypeKind)id);
                    break;
                case 10:
                    ReadInteger(ref reader, result);
                    break;
                default:
                    reader.Skip(ThriftType.Struct);
                    result.Kind = LogicalTypeKind.Unrecognized;
                    result.UnrecognizedFieldId = id;
                    break;
            }
        }

        reader.ReadStructEnd();
        return result;
    }

    private static void ReadDecimal(ref ThriftCompactReader reader, LogicalType result)
    {
        bool hasScale = false, hasPrecision = false;
        reader.ReadStructBegin();
        while (reader.ReadFieldHeader(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.I32:
                    result.DecimalScale = reader.ReadI32();
                    hasScale = true;
                    break;
                case 2 when type == ThriftType.I32:
                    result.DecimalPrecision = reader.ReadI32();
                    hasPrecision = true;
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        if (!hasScale) ThriftThrow.MissingField("DecimalType", "scale", 1, reader.Position);
        if (!hasPrecision) ThriftThrow.MissingField("DecimalType", "precision", 2, reader.Position);
        reader.ReadStructEnd();
        result.Kind = LogicalTypeKind.Decimal;
    }

    private static void ReadTime(ref ThriftCompactReader reader, LogicalType result, LogicalTypeKind kind)
    {
        var structName = kind == LogicalTypeKind.Time ? "TimeType" : "TimestampType";
        bool hasUtc = false, hasUnit = false;
        TimeUnit? unit = null;
        reader.ReadStructBegin();
        while (reader.ReadFieldHeader(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.Bool:
                    result.IsAdjustedToUtc = reader.ReadBool();
                    hasUtc = true;
                    break;
                case 2 when type == ThriftType.Struct:
                    unit = ReadTimeUnit(ref reader);
                    hasUnit = true;
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        if (!hasUtc) ThriftThrow.MissingField(structName, "isAdjustedToUTC", 1, reader.Position);
        if (!hasUnit) ThriftThrow.MissingField(structName, "unit", 2, reader.Position);
        reader.ReadStructEnd();
        if (unit is { } known)
        {
            result.Kind = kind;
            result.Unit = known;
        }
        else
        {
            // A unit from a newer format version: the whole logical type is something we cannot interpret.
            result.Kind = LogicalTypeKind.Unrecognized;
            result.UnrecognizedFieldId = (short)kind;
        }
    }

    // The TimeUnit union: MILLIS (1), MICROS (2), NANOS (3), each an empty struct. Null when the member is unknown.
    private static TimeUnit? ReadTimeUnit(ref ThriftCompactReader reader)
    {
        TimeUnit? unit = null;
        var members = 0;
        reader.ReadStructBegin();
        while (reader.ReadFieldHeader(out var id, out var type))
        {
            if (++members > 1) ThriftThrow.Corrupt($"{TimeUnitUnion} union has more than one member set", reader.Position);
            unit = id switch
            {
                1 when type == ThriftType.Struct => TimeUnit.Millis,
                2 when type == ThriftType.Struct => TimeUnit.Micros,
                3 when type == ThriftType.Struct => TimeUnit.Nanos,
                _ => null,
            };
            reader.Skip(type);
        }

        reader.ReadStructEnd();
        return unit;
    }

    private static void ReadInteger(ref ThriftCompactReader reader, LogicalType result)
    {
        bool hasWidth = false, hasSigned = false;
        reader.ReadStructBegin();
        while (reader.ReadFieldHeader(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.I8:
                    result.BitWidth = reader.ReadI8();
                    hasWidth = true;
                    break;
                case 2 when type == ThriftType.Bool:
                    result.IsSigned = reader.ReadBool();
                    hasSigned = true;
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        if (!hasWidth) ThriftThrow.MissingField("IntType", "bitWidth", 1, reader.Position);
        if (!hasSigned) ThriftThrow.MissingField("IntType", "isSigned", 2, reader.Position);
        reader.ReadStructEnd();
        result.Kind = LogicalTypeKind.Integer;
    }

    /// <summary>Writes the union. An <see cref="LogicalTypeKind.Unrecognized"/> value cannot be written.</summary>
    internal void Write(ThriftCompactWriter writer)
    {
        writer.WriteStructBegin();
        switch (Kind)
        {
            case LogicalTypeKind.String or LogicalTypeKind.Map or LogicalTypeKind.List or LogicalTypeKind.Enum
                or LogicalTypeKind.Date or LogicalTypeKind.Null or LogicalTypeKind.Json or LogicalTypeKind.Bson
                or LogicalTypeKind.Uuid or LogicalTypeKind.Float16:
                writer.WriteEmptyStructField((short)Kind);
                break;
            case LogicalTypeKind.Decimal:
                writer.WriteFieldHeader((short)Kind, ThriftType.Struct);
                writer.WriteStructBegin();
                writer.WriteI32Field(1, DecimalScale);
                writer.WriteI32Field(2, DecimalPrecision);
                writer.WriteStructEnd();
                break;
            case LogicalTypeKind.Time or LogicalTypeKind.Timestamp:
                if (Unit is not (TimeUnit.Millis or TimeUnit.Micros or TimeUnit.Nanos))
                    throw new InvalidOperationException($"Cannot write time unit {Unit}.");
                writer.WriteFieldHeader((short)Kind, ThriftType.Struct);
                writer.WriteStructBegin();
                writer.WriteBoolField(1, IsAdjustedToUtc);
                writer.WriteFieldHeader(2, ThriftType.Struct);
                writer.WriteStructBegin();
                writer.WriteEmptyStructField((short)((int)Unit + 1));
                writer.WriteStructEnd();
                writer.WriteStructEnd();
                break;
            case LogicalTypeKind.Integer:
                if (BitWidth is < sbyte.MinValue or > sbyte.MaxValue)
                    throw new InvalidOperationException($"Integer bit width {BitWidth} does not fit an i8.");
                writer.WriteFieldHeader((short)Kind, ThriftType.Struct);
                writer.WriteStructBegin();
                writer.WriteI8Field(1, (sbyte)BitWidth);
                writer.WriteBoolField(2, IsSigned);
                writer.WriteStructEnd();
                break;
            default:
                throw new InvalidOperationException($"Cannot write logical type kind {Kind}.");
        }

        writer.WriteStructEnd();
    }
}
