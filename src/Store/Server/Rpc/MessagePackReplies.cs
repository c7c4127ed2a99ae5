using System.Buffers;
using Archiver.Store.Buckets;
using Archiver.Store.MessagePack;
using Archiver.Store.Query;

namespace Archiver.Store.Server.Rpc;

/// <summary>
/// Writes MessagePack-RPC replies exactly as pymarketstore expects them: str keys, bin columns, <c>{jsonrpc, result,
/// id}</c> or <c>{jsonrpc, error: {code, message, data: nil}, id}</c>, the id echoed as its original bytes. Query columns
/// go out as one bin header followed by each slice's bytes, never joined into one buffer first. The server sends
/// through <see cref="Lay"/>: the structure is encoded up front (so the Content-Length is known) and the column bytes
/// are copied once, from the query result into the response pipe, while earlier parts are already on the wire.
/// </summary>
public static class MessagePackReplies
{
    private static readonly byte[] Nil = [0xc0];

    /// <summary>The id of a request whose envelope could not be decoded (nil).</summary>
    public static ReadOnlyMemory<byte> NilId => Nil;

    public static void WriteError(IBufferWriter<byte> output, int code, string message, ReadOnlySpan<byte> rawId)
    {
        var w = new MessagePackWriter(output);
        w.WriteMapHeader(3);
        w.WriteString("jsonrpc");
        w.WriteString("2.0");
        w.WriteString("error");
        w.WriteMapHeader(3);
        w.WriteString("code");
        w.WriteInt64(code);
        w.WriteString("message");
        w.WriteString(message);
        w.WriteString("data");
        w.WriteNil();
        w.WriteString("id");
        w.WriteRaw(rawId.IsEmpty ? Nil : rawId);
    }

    /// <summary>The exact size of the reply <see cref="Write"/> writes (nothing is encoded twice: column payloads are only counted).</summary>
    public static long Measure(RpcReply reply, ReadOnlySpan<byte> rawId)
    {
        var counter = new ByteCounter();
        Write(counter, reply, rawId);
        return counter.Count;
    }

    /// <summary>The reply laid out for sending: its length is known and column payloads are sent from where they are (see <see cref="ReplyBody"/>).</summary>
    internal static ReplyBody Lay(RpcReply reply, ReadOnlySpan<byte> rawId)
    {
        var body = new ReplyBody();
        Write(body, reply, rawId);
        return body;
    }

    /// <summary>Writes the reply (the caller flushes).</summary>
    public static void Write(IBufferWriter<byte> output, RpcReply reply, ReadOnlySpan<byte> rawId)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(reply);
        var w = new MessagePackWriter(output);
        w.WriteMapHeader(3);
        w.WriteString("jsonrpc");
        w.WriteString("2.0");
        w.WriteString("result");
        switch (reply)
        {
            case QueryReply query:
                WriteQuery(output, query);
                break;
            case ResponsesReply responses:
                w.WriteMapHeader(1);
                w.WriteString("responses");
                if (responses.Responses is null) w.WriteNil();
                else WriteResponses(w, responses.Responses);
                break;
            case ListSymbolsReply list:
                w.WriteMapHeader(1);
                w.WriteString("Results");
                w.WriteArrayHeader(list.Results.Count);
                foreach (var s in list.Results) w.WriteString(s);
                break;
            case GetInfoReply info:
                WriteGetInfo(w, info);
                break;
            default:
                throw new ArgumentException($"unknown reply {reply.GetType().Name}", nameof(reply));
        }

        w.WriteString("id");
        w.WriteRaw(rawId.IsEmpty ? Nil : rawId);
    }

    private static void WriteQuery(IBufferWriter<byte> output, QueryReply reply)
    {
        var w = new MessagePackWriter(output);
        w.WriteMapHeader(3);
        w.WriteString("responses");
        w.WriteArrayHeader(reply.Results.Count);
        foreach (var result in reply.Results)
        {
            w.WriteMapHeader(1);
            w.WriteString("result");
            w.WriteMapHeader(6);
            w.WriteString("types");
            w.WriteArrayHeader(result.Columns.Count);
            foreach (var c in result.Columns) w.WriteString(c.Type.ToTypeString());
            w.WriteString("names");
            w.WriteArrayHeader(result.Columns.Count);
            foreach (var c in result.Columns) w.WriteString(c.Name);
            w.WriteString("data");
            w.WriteArrayHeader(result.Columns.Count);
            for (var i = 0; i < result.Columns.Count; i++)
            {
                var spec = result.Columns[i];
                long total = 0;
                foreach (var slice in result.Slices) total += SliceColumn(slice, i, spec).Data.Length;
                w.WriteBinaryHeader(total);
                if (output is IPayloadSink sink)
                {
                    foreach (var slice in result.Slices) sink.AddPayload(SliceColumn(slice, i, spec).Data);
                    continue;
                }

                foreach (var slice in result.Slices) w.WriteRaw(SliceColumn(slice, i, spec).Data.Span);
            }

            w.WriteString("length");
            w.WriteInt64(result.Length);
            w.WriteString("startindex");
            w.WriteMapHeader(result.Slices.Count);
            long start = 0;
            foreach (var slice in result.Slices)
            {
                w.WriteString(slice.Key);
                w.WriteInt64(start);
                start += slice.Series.RowCount;
            }

            w.WriteString("lengths");
            w.WriteMapHeader(result.Slices.Count);
            foreach (var slice in result.Slices)
            {
                w.WriteString(slice.Key);
                w.WriteInt64(slice.Series.RowCount);
            }
        }

        w.WriteString("version");
        w.WriteString(reply.Version);
        w.WriteString("timezone");
        w.WriteString(reply.Timezone);
    }

    /// <summary>The slice's column for result column <paramref name="index"/>: by position, or by name when the order differs.</summary>
    internal static Column SliceColumn(QuerySlice slice, int index, ColumnSpec spec)
    {
        var columns = slice.Series.Columns;
        var column = index < columns.Count && string.Equals(columns[index].Name, spec.Name, StringComparison.Ordinal)
            ? columns[index]
            : slice.Series.Find(spec.Name) ?? throw new StoreException($"query result slice {slice.Key} has no column {spec.Name}");
        if (column.Type != spec.Type)
            throw new StoreException($"query result slice {slice.Key}: column {spec.Name} is {column.Type.ToTypeString()}, not {spec.Type.ToTypeString()}");
        return column;
    }

    private static void WriteResponses(MessagePackWriter w, IReadOnlyList<ServerResponse> responses)
    {
        w.WriteArrayHeader(responses.Count);
        foreach (var r in responses) WriteServerResponse(w, r);
    }

    private static void WriteServerResponse(MessagePackWriter w, ServerResponse r)
    {
        w.WriteMapHeader(2);
        w.WriteString("error");
        w.WriteString(r.Error);
        w.WriteString("version");
        w.WriteString(r.Version);
    }

    private static void WriteGetInfo(MessagePackWriter w, GetInfoReply info)
    {
        w.WriteMapHeader(1);
        w.WriteString("responses");
        w.WriteArrayHeader(info.Responses.Count);
        foreach (var entry in info.Responses)
        {
            w.WriteMapHeader(5);
            w.WriteString("LatestYear");
            w.WriteInt64(entry.LatestYear);
            w.WriteString("TimeFrame");
            w.WriteInt64(entry.Bucket?.Key.Timeframe.Nanoseconds ?? 0);
            w.WriteString("DSV");
            var elements = entry.Bucket?.Elements ?? [];
            w.WriteArrayHeader(elements.Count);
            foreach (var e in elements)
            {
                w.WriteMapHeader(2);
                w.WriteString("Name");
                w.WriteString(e.Name);
                w.WriteString("Type");
                w.WriteInt64(MarketStoreTypeCodes.Of(e.Type));
            }

            w.WriteString("RecordType");
            w.WriteInt64(entry.Bucket?.Kind == RecordKind.Variable ? 1 : 0);
            w.WriteString("ServerResp");
            WriteServerResponse(w, entry.Response);
        }
    }
}
