using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Parquet.Metadata;

/// <summary>A sort key of a row group (parquet.thrift <c>SortingColumn</c>; all fields required).</summary>
public sealed class SortingColumn
{
    /// <summary>Field 1: ordinal of the leaf column in the row group.</summary>
    public int ColumnIdx { get; set; }

    /// <summary>Field 2.</summary>
    public bool Descending { get; set; }

    /// <summary>Field 3.</summary>
    public bool NullsFirst { get; set; }

    internal static SortingColumn Read(ref ThriftCompactReader reader)
    {
        const string Owner = nameof(SortingColumn);
        var result = new SortingColumn();
        bool hasIdx = false, hasDescending = false, hasNullsFirst = false;
        reader.ReadStructBegin();
        while (reader.ReadFieldHeader(out var id, out var type))
        {
            var at = reader.Position;
            switch (id)
            {
                case 1 when type == ThriftType.I32:
                    result.ColumnIdx = MetadataFields.NonNegative(reader.ReadI32(), Owner, "column_idx", at);
                    hasIdx = true;
                    break;
                case 2 when type == ThriftType.Bool:
                    result.Descending = reader.ReadBool();
                    hasDescending = true;
                    break;
                case 3 when type == ThriftType.Bool:
                    result.NullsFirst = reader.ReadBool();
                    hasNullsFirst = true;
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        if (!hasIdx) ThriftThrow.MissingField(Owner, "column_idx", 1, reader.Position);
        if (!hasDescending) ThriftThrow.MissingField(Owner, "descending", 2, reader.Position);
        if (!hasNullsFirst) ThriftThrow.MissingField(Owner, "nulls_first", 3, reader.Position);
        reader.ReadStructEnd();
        return result;
    }

    internal void Write(ThriftCompactWriter writer)
    {
        writer.WriteStructBegin();
        writer.WriteI32Field(1, ColumnIdx);
        writer.WriteBoolField(2, Descending);
        writer.WriteBoolField(3, NullsFirst);
        writer.WriteStructEnd();
    }
}
