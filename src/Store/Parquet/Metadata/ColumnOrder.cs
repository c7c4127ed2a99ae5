using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Parquet.Metadata;

/// <summary>
/// The sort order of a leaf column's statistics (parquet.thrift <c>ColumnOrder</c> union; every member is an empty
/// struct, so the member id is all there is).
/// </summary>
public sealed class ColumnOrder
{
    /// <summary>Which member is set.</summary>
    public ColumnOrderKind Kind { get; set; } = ColumnOrderKind.TypeDefined;

    /// <summary>For <see cref="ColumnOrderKind.Unrecognized"/>: the union field id read (0 for an empty union).</summary>
    public short UnrecognizedFieldId { get; set; }

    /// <summary>TYPE_ORDER, the order almost every writer declares.</summary>
    public static ColumnOrder TypeDefined() => new() { Kind = ColumnOrderKind.TypeDefined };

    internal static ColumnOrder Read(ref ThriftCompactReader reader)
    {
        var result = new ColumnOrder { Kind = ColumnOrderKind.Unrecognized };
        var members = 0;
        reader.ReadStructBegin();
        while (reader.ReadFieldHeader(out var id, out var type))
        {
            if (++members > 1) ThriftThrow.Corrupt("ColumnOrder union has more than one member set", reader.Position);
            if (type == ThriftType.Struct && id is >= 1 and <= 3)
            {
                result.Kind = (ColumnOrderKind)id;
            }
            else
            {
                result.Kind = ColumnOrderKind.Unrecognized;
                result.UnrecognizedFieldId = id;
            }

            reader.Skip(type);
        }

        reader.ReadStructEnd();
        return result;
    }

    /// <summary>
    /// Writes the union. An unrecognized member is written back as an empty struct under its original id, which
    /// keeps the list aligned with the columns and still reads as "unknown order".
    /// </summary>
    internal void Write(ThriftCompactWriter writer)
    {
        writer.WriteStructBegin();
        var id = Kind == ColumnOrderKind.Unrecognized ? UnrecognizedFieldId : (short)Kind;
        if (id != 0) writer.WriteEmptyStructField(id);
        writer.WriteStructEnd();
    }
}
