using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Parquet.Metadata;

/// <summary>
/// One node of the flattened (depth-first) schema tree (parquet.thrift <c>SchemaElement</c>). Groups have
/// <see cref="NumChildren"/>; leaves have <see cref="Type"/>.
/// </summary>
public sealed class SchemaElement
{
    /// <summary>Field 1: physical type; absent for groups.</summary>
    public PhysicalType? Type { get; set; }

    /// <summary>Field 2: byte width of FIXED_LEN_BYTE_ARRAY values.</summary>
    public int? TypeLength { get; set; }

    /// <summary>Field 3: absent on the root.</summary>
    public FieldRepetitionType? RepetitionType { get; set; }

    /// <summary>Field 4, required.</summary>
    public string Name { get; set; } = "";

    /// <summary>Field 5: number of children of a group.</summary>
    public int? NumChildren { get; set; }

    /// <summary>Field 6: legacy annotation.</summary>
    public ConvertedType? ConvertedType { get; set; }

    /// <summary>Field 7: legacy decimal scale.</summary>
    public int? Scale { get; set; }

    /// <summary>Field 8: legacy decimal precision.</summary>
    public int? Precision { get; set; }

    /// <summary>Field 9: the field id of the original schema.</summary>
    public int? FieldId { get; set; }

    /// <summary>
    /// Field 10. Not written when its kind is <see cref="LogicalTypeKind.Unrecognized"/> (we cannot reproduce it).
    /// </summary>
    public LogicalType? LogicalType { get; set; }

    internal static SchemaElement Read(ref ThriftCompactReader reader)
    {
        const string Owner = nameof(SchemaElement);
        var result = new SchemaElement();
        var hasName = false;
        reader.ReadStructBegin();
        while (reader.ReadFieldHeader(out var id, out var type))
        {
            var at = reader.Position;
            switch (id)
            {
                case 1 when type == ThriftType.I32:
                    result.Type = (PhysicalType)reader.ReadI32();
                    break;
                case 2 when type == ThriftType.I32:
                    result.TypeLength = MetadataFields.NonNegative(reader.ReadI32(), Owner, "type_length", at);
                    break;
                case 3 when type == ThriftType.I32:
                    result.RepetitionType = (FieldRepetitionType)reader.ReadI32();
                    break;
                case 4 when type == ThriftType.Binary:
                    result.Name = reader.ReadString();
                    hasName = true;
                    break;
                case 5 when type == ThriftType.I32:
                    result.NumChildren = MetadataFields.NonNegative(reader.ReadI32(), Owner, "num_children", at);
                    break;
                case 6 when type == ThriftType.I32:
                    result.ConvertedType = (ConvertedType)reader.ReadI32();
                    break;
                case 7 when type == ThriftType.I32:
                    result.Scale = reader.ReadI32();
                    break;
                case 8 when type == ThriftType.I32:
                    result.Precision = reader.ReadI32();
                    break;
                case 9 when type == ThriftType.I32:
                    result.FieldId = reader.ReadI32();
                    break;
                case 10 when type == ThriftType.Struct:
                    result.LogicalType = LogicalType.Read(ref reader);
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        if (!hasName) ThriftThrow.MissingField(Owner, "name", 4, reader.Position);
        reader.ReadStructEnd();
        return result;
    }

    internal void Write(ThriftCompactWriter writer)
    {
        writer.WriteStructBegin();
        if (Type is { } physical) writer.WriteI32Field(1, (int)physical);
        if (TypeLength is { } length) writer.WriteI32Field(2, length);
        if (RepetitionType is { } repetition) writer.WriteI32Field(3, (int)repetition);
        writer.WriteStringField(4, Name);
        if (NumChildren is { } children) writer.WriteI32Field(5, children);
        if (ConvertedType is { } converted) writer.WriteI32Field(6, (int)converted);
        if (Scale is { } scale) writer.WriteI32Field(7, scale);
        if (Precision is { } precision) writer.WriteI32Field(8, precision);
        if (FieldId is { } fieldId) writer.WriteI32Field(9, fieldId);
        if (LogicalType is { Kind: not LogicalTypeKind.Unrecognized } logical)
        {
            writer.WriteFieldHeader(10, ThriftType.Struct);
            logical.Write(writer);
        }

        writer.WriteStructEnd();
    }
}
