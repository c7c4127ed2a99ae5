using System.Buffers;
using System.Text.Json;
using Archiver.Store.Buckets;
using Archiver.Store.Query;

namespace Archiver.Store.Server.Rpc;

/// <summary>
/// The JSON-RPC variant (<c>Content-Type: application/json</c>): member names matched case-insensitively with
/// underscores ignored, so Go names (<c>EpochStart</c>) and snake_case (<c>epoch_start</c>) both work; columns in
/// base64; replies use MarketStore's Go field names (<c>Responses</c>, <c>ColumnNames</c>, <c>ColumnData</c>…).
/// </summary>
public static class JsonRpcCodec
{
    /// <summary>Options for reading request bodies: bounded depth, no comments.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new() { MaxDepth = 64 };

    public static RpcEnvelope ReadEnvelope(JsonElement root, out JsonElement id, out JsonElement parameters)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new JsonException("the request is not a JSON object");
        string? method = null, jsonRpc = null;
        id = default;
        parameters = default;
        foreach (var p in root.EnumerateObject())
        {
            switch (p.Name)
            {
                case "method": method = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : throw new JsonException("method is not a string"); break;
                case "jsonrpc": jsonRpc = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null; break;
                case "id": id = p.Value; break;
                case "params": parameters = p.Value; break;
            }
        }

        var hasId = id.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);
        var hasParams = parameters.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);
        return new RpcEnvelope(method, jsonRpc, default, hasId, default, hasParams);
    }

    /// <summary>Decodes params for <paramref name="method"/>; shape errors are <see cref="JsonException"/>s.</summary>
    public static object ReadParams(RpcMethod method, JsonElement parameters)
    {
        var p = parameters;
        if (p.ValueKind == JsonValueKind.Array)
        {
            if (p.GetArrayLength() != 1) throw new JsonException("params must be an object or an array holding one object");
            p = p[0];
        }

        if (p.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) p = default;
        else if (p.ValueKind != JsonValueKind.Object) throw new JsonException("params is not an object");
        return method switch
        {
            RpcMethod.Query => new QueryParams(Requests(p, ReadQuery)),
            RpcMethod.Write => new WriteParams(Requests(p, ReadWrite)),
            RpcMethod.Create => new CreateParams(Requests(p, ReadCreate)),
            RpcMethod.Destroy or RpcMethod.GetInfo => new KeyParams(Requests(p, r => Str(Member(r, "key")) ?? string.Empty)),
            _ => new ListSymbolsParams(p.ValueKind == JsonValueKind.Object ? Str(Member(p, "format")) : null),
        };
    }

    private static List<T> Requests<T>(JsonElement p, Func<JsonElement, T> read)
    {
        var list = new List<T>();
        if (p.ValueKind != JsonValueKind.Object) return list;
        var requests = Member(p, "requests");
        if (requests.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return list;
        if (requests.ValueKind != JsonValueKind.Array) throw new JsonException("requests is not an array");
        foreach (var r in requests.EnumerateArray())
        {
            if (r.ValueKind != JsonValueKind.Object) throw new JsonException("a request is not an object");
            list.Add(read(r));
        }

        return list;
    }

    private static QueryRequest ReadQuery(JsonElement r) => QueryRequests.Build(
        Str(Member(r, "destination")),
        NullableLong(Member(r, "epochstart")), Long(Member(r, "epochstartnanos")),
        NullableLong(Member(r, "epochend")), Long(Member(r, "epochendnanos")),
        Long(Member(r, "limitrecordcount")), Bool(Member(r, "limitfromstart")),
        Strings(Member(r, "columns")), Strings(Member(r, "functions")),
        Bool(Member(r, "issqlstatement")));

    private static WriteRequestArgs ReadWrite(JsonElement r)
    {
        var d = Member(r, "dataset");
        if (d.ValueKind != JsonValueKind.Object) throw new JsonException("write request without a dataset");
        var names = Strings(Member(d, "columnnames", "names")) ?? [];
        var types = Strings(Member(d, "columntypes", "types")) ?? [];
        var dataElement = Member(d, "columndata", "data");
        var data = new List<ReadOnlyMemory<byte>>();
        if (dataElement.ValueKind == JsonValueKind.Array)
        {
            foreach (var c in dataElement.EnumerateArray())
            {
                data.Add(c.ValueKind == JsonValueKind.String ? c.GetBytesFromBase64() : throw new JsonException("column data must be base64 strings"));
            }
        }

        var startIndex = new List<KeyValuePair<string, long>>();
        var start = Member(d, "startindex");
        if (start.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in start.EnumerateObject()) startIndex.Add(new(p.Name, Long(p.Value)));
        }

        var lengths = new Dictionary<string, long>(StringComparer.Ordinal);
        var lens = Member(d, "lengths");
        if (lens.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in lens.EnumerateObject()) lengths[p.Name] = Long(p.Value);
        }

        return new WriteRequestArgs(new DatasetArgs(names, types, data, Long(Member(d, "length")), startIndex, lengths), Bool(Member(r, "isvariablelength")));
    }

    private static CreateRequestArgs ReadCreate(JsonElement r) => new(
        Str(Member(r, "key")) ?? string.Empty,
        Strings(Member(r, "columnnames")) ?? [],
        Strings(Member(r, "columntypes")) ?? [],
        Str(Member(r, "rowtype")),
        Bool(Member(r, "isvariablelength")));

    /// <summary>The member whose name, lowercased without underscores, is one of <paramref name="names"/>.</summary>
    private static JsonElement Member(JsonElement obj, params string[] names)
    {
        Span<char> buffer = stackalloc char[64];
        foreach (var p in obj.EnumerateObject())
        {
            var n = 0;
            foreach (var c in p.Name)
            {
                if (c == '_') continue;
                if (n == buffer.Length) { n = -1; break; }
                buffer[n++] = char.ToLowerInvariant(c);
            }

            if (n < 0) continue;
            foreach (var name in names)
            {
                if (buffer[..n].SequenceEqual(name)) return p.Value;
            }
        }

        return default;
    }

    private static string? Str(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        JsonValueKind.String => e.GetString(),
        _ => throw new JsonException($"expected a string, found {e.ValueKind}"),
    };

    private static long? NullableLong(JsonElement e) => e.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : Long(e);

    private static long Long(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => 0,
        JsonValueKind.Number when e.TryGetInt64(out var v) => v,
        _ => throw new JsonException($"expected an integer, found {e.ValueKind}"),
    };

    private static bool Bool(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => false,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new JsonException($"expected a bool, found {e.ValueKind}"),
    };

    private static List<string>? Strings(JsonElement e)
    {
        if (e.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.Array) throw new JsonException($"expected an array of strings, found {e.ValueKind}");
        return e.EnumerateArray().Select(x => Str(x) ?? throw new JsonException("null in an array of strings")).ToList();
    }

    public static void WriteError(IBufferWriter<byte> output, int code, string message, JsonElement id)
    {
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        w.WriteStartObject("error");
        w.WriteNumber("code", code);
        w.WriteString("message", message);
        w.WriteNull("data");
        w.WriteEndObject();
        WriteId(w, id);
        w.WriteEndObject();
    }

    public static void WriteReply(IBufferWriter<byte> output, RpcReply reply, JsonElement id)
    {
        ArgumentNullException.ThrowIfNull(reply);
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        w.WritePropertyName("result");
        w.WriteStartObject();
        switch (reply)
        {
            case QueryReply q:
                w.WriteStartArray("Responses");
                foreach (var r in q.Results) WriteDataset(w, r);
                w.WriteEndArray();
                w.WriteString("Version", q.Version);
                w.WriteString("Timezone", q.Timezone);
                break;
            case ResponsesReply r:
                w.WritePropertyName("Responses");
                if (r.Responses is null) w.WriteNullValue();
                else
                {
                    w.WriteStartArray();
                    foreach (var s in r.Responses) WriteServerResponse(w, s);
                    w.WriteEndArray();
                }

                break;
            case ListSymbolsReply l:
                w.WriteStartArray("Results");
                foreach (var s in l.Results) w.WriteStringValue(s);
                w.WriteEndArray();
                break;
            case GetInfoReply g:
                w.WriteStartArray("Responses");
                foreach (var e in g.Responses)
                {
                    w.WriteStartObject();
                    w.WriteNumber("LatestYear", e.LatestYear);
                    w.WriteNumber("TimeFrame", e.Bucket?.Key.Timeframe.Nanoseconds ?? 0);
                    w.WriteStartArray("DSV");
                    foreach (var c in e.Bucket?.Elements ?? [])
                    {
                        w.WriteStartObject();
                        w.WriteString("Name", c.Name);
                        w.WriteNumber("Type", MarketStoreTypeCodes.Of(c.Type));
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteNumber("RecordType", e.Bucket?.Kind == RecordKind.Variable ? 1 : 0);
                    w.WritePropertyName("ServerResp");
                    WriteServerResponse(w, e.Response);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                break;
        }

        w.WriteEndObject();
        WriteId(w, id);
        w.WriteEndObject();
    }

    private static void WriteDataset(Utf8JsonWriter w, QueryResult r)
    {
        w.WriteStartObject();
        w.WriteStartObject("Result");
        w.WriteStartArray("ColumnTypes");
        foreach (var c in r.Columns) w.WriteStringValue(c.Type.ToTypeString());
        w.WriteEndArray();
        w.WriteStartArray("ColumnNames");
        foreach (var c in r.Columns) w.WriteStringValue(c.Name);
        w.WriteEndArray();
        w.WriteStartArray("ColumnData");
        for (var i = 0; i < r.Columns.Count; i++)
        {
            var joined = new ArrayBufferWriter<byte>();
            foreach (var s in r.Slices) joined.Write(MessagePackReplies.SliceColumn(s, i, r.Columns[i]).Data.Span);
            w.WriteBase64StringValue(joined.WrittenSpan);
        }

        w.WriteEndArray();
        w.WriteNumber("Length", r.Length);
        w.WriteStartObject("StartIndex");
        long start = 0;
        foreach (var s in r.Slices)
        {
            w.WriteNumber(s.Key, start);
            start += s.Series.RowCount;
        }

        w.WriteEndObject();
        w.WriteStartObject("Lengths");
        foreach (var s in r.Slices) w.WriteNumber(s.Key, s.Series.RowCount);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteServerResponse(Utf8JsonWriter w, ServerResponse s)
    {
        w.WriteStartObject();
        w.WriteString("Error", s.Error);
        w.WriteString("Version", s.Version);
        w.WriteEndObject();
    }

    private static void WriteId(Utf8JsonWriter w, JsonElement id)
    {
        w.WritePropertyName("id");
        if (id.ValueKind == JsonValueKind.Undefined) w.WriteNullValue();
        else id.WriteTo(w);
    }
}
