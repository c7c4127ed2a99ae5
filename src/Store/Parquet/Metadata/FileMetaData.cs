using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Parquet.Metadata;

/// <summary>
/// The file footer (parquet.thrift <c>FileMetaData</c>). Encryption fields (8, 9) are not modelled.
/// </summary>
public sealed class FileMetaData
{
    /// <summary>Field 1, required: format version (writers should write 1).</summary>
    public int Version { get; set; } = 1;

    /// <summary>Field 2, required: the schema tree flattened depth-first; the first element is the root.</summary>
    public List<SchemaElement> Schema { get; set; } = [];

    /// <summary>Field 3, required.</summary>
    public long NumRows { get; set; }

    /// <summary>Field 4, required.</summary>
    public List<RowGroup> RowGroups { get; set; } = [];

    /// <summary>Field 5.</summary>
    public List<KeyValue>? KeyValueMetadata { get; set; }

    /// <summary>Field 6: the writing application, "name version x (build y)".</summary>
    public string? CreatedBy { get; set; }

    /// <summary>Field 7: one per leaf column, in schema order.</summary>
    public List<ColumnOrder>? ColumnOrders { get; set; }

    internal static FileMetaData Read(ref ThriftCompactReader reader)
    {
        const string Owner = nameof(FileMetaData);
        var result = new FileMetaData();
        bool hasVersion = false, hasSchema = false, hasRows = false, hasRowGroups = false;
        reader.ReadStructBegin();
        while (reader.ReadFieldHeader(out var id, out var type))
        {
            var at = reader.Position;
            switch (id)
            {
                case 1 when type == ThriftType.I32:
                    result.Version = reader.ReadI32();
                    hasVersion = true;
                    break;
                case 2 when type == ThriftType.List:
                    result.Schema = MetadataFields.ReadStructList(
                        ref reader, SchemaElement.Read, Owner, "schema", ParquetLimits.MaxSchemaElements);
                    hasSchema = true;
                    break;
                case 3 when type == ThriftType.I64:
                    result.NumRows = MetadataFields.NonNegative(reader.ReadI64(), Owner, "num_rows", at);
                    hasRows = true;
                    break;
                case 4 when type == ThriftType.List:
                    result.RowGroups = MetadataFields.ReadStructList(
                        ref reader, RowGroup.Read, Owner, "row_groups", ParquetLimits.MaxRowGroups);
                    hasRowGroups = true;
                    break;
                case 5 when type == ThriftType.List:
                    result.KeyValueMetadata =
                        MetadataFields.ReadStructList(ref reader, KeyValue.Read, Owner, "key_value_metadata");
                    break;
                case 6 when type == ThriftType.Binary:
                    result.CreatedBy = reader.ReadString();
                    break;
                case 7 when type == ThriftType.List:
                    result.ColumnOrders = MetadataFields.ReadStructList(
                        ref reader, ColumnOrder.Read, Owner, "column_orders", ParquetLimits.MaxSchemaElements);
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        if (!hasVersion) ThriftThrow.MissingField(Owner, "version", 1, reader.Position);
        if (!hasSchema) ThriftThrow.MissingField(Owner, "schema", 2, reader.Position);
        if (!hasRows) ThriftThrow.MissingField(Owner, "num_rows", 3, reader.Position);
        if (!hasRowGroups) ThriftThrow.MissingField(Owner, "row_groups", 4, reader.Position);
        reader.ReadStructEnd();
        return result;
    }

    internal void Write(ThriftCompactWriter writer)
    {
        writer.WriteStructBegin();
        writer.WriteI32Field(1, Version);
        writer.WriteListFieldBegin(2, ThriftType.Struct, Schema.Count);
        foreach (var element in Schema) element.Write(writer);
        writer.WriteI64Field(3, NumRows);
        writer.WriteListFieldBegin(4, ThriftType.Struct, RowGroups.Count);
        foreach (var rowGroup in RowGroups) rowGroup.Write(writer);
        if (KeyValueMetadata is not null) MetadataFields.WriteKeyValueList(writer, 5, KeyValueMetadata);
        if (CreatedBy is not null) writer.WriteStringField(6, CreatedBy);
        if (ColumnOrders is not null)
        {
            writer.WriteListFieldBegin(7, ThriftType.Struct, ColumnOrders.Count);
            foreach (var order in ColumnOrders) order.Write(writer);
        }

        writer.WriteStructEnd();
    }
}
