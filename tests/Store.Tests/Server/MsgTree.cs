using System.Buffers;
using Archiver.Store.MessagePack;

namespace Archiver.Store.Tests.Server;

/// <summary>Test helpers: MessagePack to a tree (maps keep order, str → string, bin → byte[]) and request building.</summary>
internal static class MsgTree
{
    public static object? Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new MessagePackReader(bytes);
        var value = Read(ref reader);
        Assert.True(reader.End, "trailing bytes after the reply");
        return value;
    }

    private static object? Read(ref MessagePackReader reader)
    {
        switch (reader.PeekType())
        {
            case MessagePackType.Nil: reader.ReadNil(); return null;
            case MessagePackType.Boolean: return reader.ReadBoolean();
            case MessagePackType.Integer: return reader.ReadInt64();
            case MessagePackType.Float: return reader.ReadDouble();
            case MessagePackType.String: return reader.ReadString();
            case MessagePackType.Binary: return reader.ReadBinary().ToArray();
            case MessagePackType.Array:
            {
                var n = reader.ReadArrayHeader();
                var list = new List<object?>(n);
                for (var i = 0; i < n; i++) list.Add(Read(ref reader));
                return list;
            }

            case MessagePackType.Map:
            {
                var n = reader.ReadMapHeader();
                var map = new List<KeyValuePair<string, object?>>(n);
                for (var i = 0; i < n; i++)
                {
                    var key = reader.ReadString();
                    map.Add(new(key, Read(ref reader)));
                }

                return map;
            }

            default: throw new InvalidOperationException("ext");
        }
    }

    public static object? Get(object? map, string key) =>
        ((List<KeyValuePair<string, object?>>)map!).Single(kv => kv.Key == key).Value;

    public static IReadOnlyList<string> Keys(object? map) => ((List<KeyValuePair<string, object?>>)map!).Select(kv => kv.Key).ToArray();

    public static List<object?> List(object? value) => (List<object?>)value!;

    /// <summary>A request in PMS's key order (method, id "1", jsonrpc, params).</summary>
    public static byte[] Request(string method, Action<MessagePackWriter> writeParams, bool withId = true)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(buffer);
        w.WriteMapHeader(withId ? 4 : 3);
        w.WriteString("method");
        w.WriteString(method);
        if (withId)
        {
            w.WriteString("id");
            w.WriteString("1");
        }

        w.WriteString("jsonrpc");
        w.WriteString("2.0");
        w.WriteString("params");
        writeParams(w);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A PMS write of one key: columns as (name, type, bytes), <c>startindex {key: 0}</c>, <c>lengths {key: rows}</c>.</summary>
    public static byte[] WriteRequest(string key, int rows, bool variable, params (string Name, string Type, byte[] Data)[] columns) =>
        Request("DataService.Write", w =>
        {
            w.WriteMapHeader(1);
            w.WriteString("requests");
            w.WriteArrayHeader(1);
            w.WriteMapHeader(2);
            w.WriteString("dataset");
            w.WriteMapHeader(6);
            w.WriteString("length");
            w.WriteInt64(rows);
            w.WriteString("startindex");
            w.WriteMapHeader(1);
            w.WriteString(key);
            w.WriteInt64(0);
            w.WriteString("lengths");
            w.WriteMapHeader(1);
            w.WriteString(key);
            w.WriteInt64(rows);
            w.WriteString("types");
            w.WriteArrayHeader(columns.Length);
            foreach (var c in columns) w.WriteString(c.Type);
            w.WriteString("names");
            w.WriteArrayHeader(columns.Length);
            foreach (var c in columns) w.WriteString(c.Name);
            w.WriteString("data");
            w.WriteArrayHeader(columns.Length);
            foreach (var c in columns) w.WriteBinary(c.Data);
            w.WriteString("is_variable_length");
            w.WriteBoolean(variable);
        });

    /// <summary>A PMS query of one destination with optional fields.</summary>
    public static byte[] QueryRequest(string destination, long? start = null, long? end = null, long? limit = null, bool? fromStart = null,
        string[]? columns = null, string[]? functions = null) =>
        Request("DataService.Query", w =>
        {
            var fields = 1 + (start is null ? 0 : 1) + (end is null ? 0 : 1) + (limit is null ? 0 : 1) + (fromStart is null ? 0 : 1)
                         + (columns is null ? 0 : 1) + (functions is null ? 0 : 1);
            w.WriteMapHeader(1);
            w.WriteString("requests");
            w.WriteArrayHeader(1);
            w.WriteMapHeader(fields);
            w.WriteString("destination");
            w.WriteString(destination);
            if (start is { } s) { w.WriteString("epoch_start"); w.WriteInt64(s); }
            if (end is { } e) { w.WriteString("epoch_end"); w.WriteInt64(e); }
            if (limit is { } l) { w.WriteString("limit_record_count"); w.WriteInt64(l); }
            if (fromStart is { } f) { w.WriteString("limit_from_start"); w.WriteBoolean(f); }
            if (columns is not null) { w.WriteString("columns"); Strings(w, columns); }
            if (functions is not null) { w.WriteString("functions"); Strings(w, functions); }
        });

    public static void Strings(MessagePackWriter w, IReadOnlyList<string> values)
    {
        w.WriteArrayHeader(values.Count);
        foreach (var v in values) w.WriteString(v);
    }

    public static byte[] Bytes<T>(params T[] values) where T : unmanaged =>
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}
