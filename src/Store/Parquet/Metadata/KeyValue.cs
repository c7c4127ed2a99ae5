using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Parquet.Metadata;

/// <summary>A key/value metadata entry (parquet.thrift <c>KeyValue</c>).</summary>
public sealed class KeyValue
{
    public KeyValue()
    {
    }

    public KeyValue(string key, string? value)
    {
        Key = key;
        Value = value;
    }

    /// <summary>Field 1, required.</summary>
    public string Key { get; set; } = "";

    /// <summary>Field 2.</summary>
    public string? Value { get; set; }

    internal static KeyValue Read(ref ThriftCompactReader reader)
    {
        var result = new KeyValue();
        var hasKey = false;
        reader.ReadStructBegin();
        while (reader.ReadFieldHeader(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.Binary:
                    result.Key = reader.ReadString();
                    hasKey = true;
                    break;
                case 2 when type == ThriftType.Binary:
                    result.Value = reader.ReadString();
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        if (!hasKey) ThriftThrow.MissingField(nameof(KeyValue), "key", 1, reader.Position);
        reader.ReadStructEnd();
        return result;
    }

    internal void Write(ThriftCompactWriter writer)
    {
        writer.WriteStructBegin();
        writer.WriteStringField(1, Key);
        if (Value is not null) writer.WriteStringField(2, Value);
        writer.WriteStructEnd();
    }
}
