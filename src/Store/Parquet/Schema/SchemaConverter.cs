using Archiver.Store.Parquet.Metadata;

namespace Archiver.Store.Parquet.Schema;

/// <summary>
/// Maps a flat <see cref="ParquetSchema"/> to the footer's depth-first list of schema elements and back. Logical types
/// are written both as LogicalType and, where one exists, as the legacy ConvertedType, so old readers understand them.
/// Files with nested columns (groups, LIST, MAP, repeated fields) are refused.
/// </summary>
public static class SchemaConverter
{
    /// <summary>The footer's schema elements for <paramref name="schema"/>: a root, then one leaf per column.</summary>
    public static List<SchemaElement> ToSchemaElements(ParquetSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var elements = new List<SchemaElement>(schema.Fields.Count + 1)
        {
            new() { Name = "schema", NumChildren = schema.Fields.Count },
        };
        foreach (var f in schema.Fields) elements.Add(ToElement(f));
        return elements;
    }

    private static SchemaElement ToElement(ParquetField f)
    {
        var e = new SchemaElement
        {
            Name = f.Name,
            Type = f.PhysicalType,
            RepetitionType = f.IsNullable ? FieldRepetitionType.Optional : FieldRepetitionType.Required,
        };
        if (f.PhysicalType == PhysicalType.FixedLenByteArray) e.TypeLength = f.TypeLength;
        switch (f.Logical)
        {
            case LogicalKind.String:
                e.LogicalType = LogicalType.Of(LogicalTypeKind.String);
                e.ConvertedType = ConvertedType.Utf8;
                break;
            case LogicalKind.Enum:
                e.LogicalType = LogicalType.Of(LogicalTypeKind.Enum);
                e.ConvertedType = ConvertedType.Enum;
                break;
            case LogicalKind.Json:
                e.LogicalType = LogicalType.Of(LogicalTypeKind.Json);
                e.ConvertedType = ConvertedType.Json;
                break;
            case LogicalKind.Integer:
                e.LogicalType = LogicalType.Integer(f.IntBitWidth, f.IntSigned);
                e.ConvertedType = (f.IntBitWidth, f.IntSigned) switch
                {
                    (8, true) => ConvertedType.Int8,
                    (16, true) => ConvertedType.Int16,
                    (32, true) => ConvertedType.Int32,
                    (64, true) => ConvertedType.Int64,
                    (8, false) => ConvertedType.Uint8,
                    (16, false) => ConvertedType.Uint16,
                    (32, false) => ConvertedType.Uint32,
                    _ => ConvertedType.Uint64,
                };
                break;
            case LogicalKind.Timestamp:
                e.LogicalType = LogicalType.Timestamp(f.IsAdjustedToUtc, f.TimeUnit);
                if (f.IsAdjustedToUtc && f.TimeUnit == TimeUnit.Millis) e.ConvertedType = ConvertedType.TimestampMillis;
                if (f.IsAdjustedToUtc && f.TimeUnit == TimeUnit.Micros) e.ConvertedType = ConvertedType.TimestampMicros;
                break;
            case LogicalKind.Time:
                e.LogicalType = LogicalType.Time(f.IsAdjustedToUtc, f.TimeUnit);
                if (f.IsAdjustedToUtc && f.TimeUnit == TimeUnit.Millis) e.ConvertedType = ConvertedType.TimeMillis;
                if (f.IsAdjustedToUtc && f.TimeUnit == TimeUnit.Micros) e.ConvertedType = ConvertedType.TimeMicros;
                break;
            case LogicalKind.Date:
                e.LogicalType = LogicalType.Of(LogicalTypeKind.Date);
                e.ConvertedType = ConvertedType.Date;
                break;
            case LogicalKind.Decimal:
                e.LogicalType = LogicalType.Decimal(f.DecimalScale, f.DecimalPrecision);
                e.ConvertedType = ConvertedType.Decimal;
                e.Scale = f.DecimalScale;
                e.Precision = f.DecimalPrecision;
                break;
            case LogicalKind.Uuid:
                e.LogicalType = LogicalType.Of(LogicalTypeKind.Uuid);
                break;
            case LogicalKind.Float16:
                e.LogicalType = LogicalType.Of(LogicalTypeKind.Float16);
                break;
        }

        return e;
    }

    /// <summary>Reads a footer's schema elements as a flat schema.</summary>
    /// <exception cref="ParquetFormatException">The schema is nested, empty or inconsistent.</exception>
    public static ParquetSchema FromSchemaElements(IReadOnlyList<SchemaElement> elements, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(elements);
        if (elements.Count < 2) throw Bad("schema has no columns", fileName, null);
        var root = elements[0];
        var children = root.NumChildren ?? 0;
        var fields = new List<ParquetField>(elements.Count - 1);
        for (var i = 1; i < elements.Count; i++)
        {
            var e = elements[i];
            var name = string.IsNullOrEmpty(e.Name) ? $"column{i - 1}" : e.Name;
            if (e.NumChildren is > 0 || e.Type is null)
                throw Bad($"unsupported: nested column '{name}' (a group, LIST or MAP); only flat schemas are read", fileName, name);
            if (e.RepetitionType == FieldRepetitionType.Repeated)
                throw Bad($"unsupported: repeated column '{name}'; only flat schemas are read", fileName, name);
            fields.Add(ToField(e, name, fileName));
        }

        if (children != fields.Count)
            throw Bad($"schema root declares {children} columns, {fields.Count} follow", fileName, null);
        try
        {
            return new ParquetSchema(fields);
        }
        catch (ArgumentException ex)
        {
            throw Bad("invalid schema: " + ex.Message, fileName, null);
        }
    }

    private static ParquetField ToField(SchemaElement e, string name, string? fileName)
    {
        var physical = e.Type!.Value;
        if (!Enum.IsDefined(physical)) throw Bad($"unknown physical type {(int)physical}", fileName, name);
        var field = new ParquetField(name, physical, e.RepetitionType == FieldRepetitionType.Optional);
        if (physical == PhysicalType.FixedLenByteArray)
        {
            var length = e.TypeLength ?? 0;
            if (length <= 0 || length > 1 << 20) throw Bad($"FIXED_LEN_BYTE_ARRAY length {length} is invalid", fileName, name);
            field = field with { TypeLength = length };
        }

        if (physical == PhysicalType.Int96)
            return field with { Logical = LogicalKind.Timestamp, TimeUnit = TimeUnit.Nanos, IsAdjustedToUtc = true };

        var lt = e.LogicalType;
        if (lt is not null && lt.Kind != LogicalTypeKind.Unrecognized)
        {
            return lt.Kind switch
            {
                LogicalTypeKind.String => field with { Logical = LogicalKind.String },
                LogicalTypeKind.Enum => field with { Logical = LogicalKind.Enum },
                LogicalTypeKind.Json => field with { Logical = LogicalKind.Json },
                LogicalTypeKind.Uuid => field with { Logical = LogicalKind.Uuid },
                LogicalTypeKind.Float16 => field with { Logical = LogicalKind.Float16 },
                LogicalTypeKind.Date => field with { Logical = LogicalKind.Date },
                LogicalTypeKind.Integer => field with { Logical = LogicalKind.Integer, IntBitWidth = lt.BitWidth, IntSigned = lt.IsSigned },
                LogicalTypeKind.Timestamp => field with { Logical = LogicalKind.Timestamp, TimeUnit = lt.Unit, IsAdjustedToUtc = lt.IsAdjustedToUtc },
                LogicalTypeKind.Time => field with { Logical = LogicalKind.Time, TimeUnit = lt.Unit, IsAdjustedToUtc = lt.IsAdjustedToUtc },
                LogicalTypeKind.Decimal => field with { Logical = LogicalKind.Decimal, DecimalPrecision = lt.DecimalPrecision, DecimalScale = lt.DecimalScale },
                LogicalTypeKind.Map or LogicalTypeKind.List => throw Bad($"unsupported: nested column '{name}'", fileName, name),
                _ => field,
            };
        }

        return e.ConvertedType switch
        {
            ConvertedType.Utf8 => field with { Logical = LogicalKind.String },
            ConvertedType.Enum => field with { Logical = LogicalKind.Enum },
            ConvertedType.Json => field with { Logical = LogicalKind.Json },
            ConvertedType.Date => field with { Logical = LogicalKind.Date },
            ConvertedType.TimestampMillis => field with { Logical = LogicalKind.Timestamp, TimeUnit = TimeUnit.Millis, IsAdjustedToUtc = true },
            ConvertedType.TimestampMicros => field with { Logical = LogicalKind.Timestamp, TimeUnit = TimeUnit.Micros, IsAdjustedToUtc = true },
            ConvertedType.TimeMillis => field with { Logical = LogicalKind.Time, TimeUnit = TimeUnit.Millis, IsAdjustedToUtc = true },
            ConvertedType.TimeMicros => field with { Logical = LogicalKind.Time, TimeUnit = TimeUnit.Micros, IsAdjustedToUtc = true },
            ConvertedType.Int8 => Int(field, 8, true),
            ConvertedType.Int16 => Int(field, 16, true),
            ConvertedType.Int32 => Int(field, 32, true),
            ConvertedType.Int64 => Int(field, 64, true),
            ConvertedType.Uint8 => Int(field, 8, false),
            ConvertedType.Uint16 => Int(field, 16, false),
            ConvertedType.Uint32 => Int(field, 32, false),
            ConvertedType.Uint64 => Int(field, 64, false),
            ConvertedType.Decimal => field with { Logical = LogicalKind.Decimal, DecimalPrecision = e.Precision ?? 0, DecimalScale = e.Scale ?? 0 },
            ConvertedType.Map or ConvertedType.MapKeyValue or ConvertedType.List =>
                throw Bad($"unsupported: nested column '{name}'", fileName, name),
            _ => field,
        };
    }

    private static ParquetField Int(ParquetField f, int bits, bool signed) =>
        f with { Logical = LogicalKind.Integer, IntBitWidth = bits, IntSigned = signed };

    private static ParquetFormatException Bad(string detail, string? file, string? column) => new(detail, file, column, -1);
}
