using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Parquet.Metadata;

/// <summary>
/// Shared pieces of the metadata structs' Read/Write methods: typed lists, required-field and range checks.
/// </summary>
internal static class MetadataFields
{
    // Lists are pre-sized from their (already bounds-checked) count, but never beyond this, so that a count that
    // merely fits the remaining bytes cannot reserve far more memory than the input justifies.
    private const int MaxInitialCapacity = 1024;

    /// <summary>A list of structs; <paramref name="maxCount"/> bounds the element count before anything is read.</summary>
    public static List<T> ReadStructList<T>(
        ref ThriftCompactReader reader, ThriftStructReader<T> read, string owner, string field, int maxCount = int.MaxValue)
    {
        var start = reader.Position;
        var count = reader.ReadListHeader(out var elementType);
        if (count > maxCount)
            ThriftThrow.Corrupt($"{owner}.{field} has {count} elements, more than the limit of {maxCount}", start);
        CheckElementType(count, elementType, ThriftType.Struct, owner, field, start);
        var list = new List<T>(Math.Min(count, MaxInitialCapacity));
        for (var i = 0; i < count; i++) list.Add(read(ref reader));
        return list;
    }

    public static List<string> ReadStringList(ref ThriftCompactReader reader, string owner, string field)
    {
        var start = reader.Position;
        var count = reader.ReadListHeader(out var elementType);
        CheckElementType(count, elementType, ThriftType.Binary, owner, field, start);
        var list = new List<string>(Math.Min(count, MaxInitialCapacity));
        for (var i = 0; i < count; i++) list.Add(reader.ReadString());
        return list;
    }

    public static List<ParquetEncoding> ReadEncodingList(ref ThriftCompactReader reader, string owner, string field)
    {
        var start = reader.Position;
        var count = reader.ReadListHeader(out var elementType);
        CheckElementType(count, elementType, ThriftType.I32, owner, field, start);
        var list = new List<ParquetEncoding>(Math.Min(count, MaxInitialCapacity));
        for (var i = 0; i < count; i++) list.Add((ParquetEncoding)reader.ReadI32());
        return list;
    }

    public static void WriteStringList(ThriftCompactWriter writer, short fieldId, List<string> values)
    {
        writer.WriteListFieldBegin(fieldId, ThriftType.Binary, values.Count);
        foreach (var value in values) writer.WriteString(value);
    }

    public static void WriteEncodingList(ThriftCompactWriter writer, short fieldId, List<ParquetEncoding> values)
    {
        writer.WriteListFieldBegin(fieldId, ThriftType.I32, values.Count);
        foreach (var value in values) writer.WriteI32((int)value);
    }

    public static void WriteKeyValueList(ThriftCompactWriter writer, short fieldId, List<KeyValue> values)
    {
        writer.WriteListFieldBegin(fieldId, ThriftType.Struct, values.Count);
        foreach (var value in values) value.Write(writer);
    }

    /// <summary>Returns <paramref name="value"/> after checking it is not negative.</summary>
    public static long NonNegative(long value, string owner, string field, int position)
    {
        if (value < 0) ThriftThrow.Invalid(owner, field, value, position);
        return value;
    }

    /// <summary>Returns <paramref name="value"/> after checking it is not negative.</summary>
    public static int NonNegative(int value, string owner, string field, int position)
    {
        if (value < 0) ThriftThrow.Invalid(owner, field, value, position);
        return value;
    }

    private static void CheckElementType(
        int count, ThriftType actual, ThriftType expected, string owner, string field, int position)
    {
        // Writers may put any element type on an empty list.
        if (count > 0 && actual != expected)
            ThriftThrow.Corrupt($"{owner}.{field} has elements of type {actual}, expected {expected}", position);
    }
}
