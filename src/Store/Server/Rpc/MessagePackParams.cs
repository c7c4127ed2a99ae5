using System.Globalization;
using Archiver.Store.Buckets;
using Archiver.Store.MessagePack;
using Archiver.Store.Query;

namespace Archiver.Store.Server.Rpc;

/// <summary>
/// Decodes MessagePack-RPC envelopes and DataService params with the names pymarketstore sends (exact,
/// case-sensitive). Unknown members are skipped; nil means absent; a params array holding one map is accepted.
/// Shape errors are <see cref="MessagePackException"/>s (the caller answers them as invalid params).
/// </summary>
public static class MessagePackParams
{
    public static RpcEnvelope ReadEnvelope(ReadOnlySpan<byte> body)
    {
        var reader = new MessagePackReader(body);
        var count = reader.ReadMapHeader();
        string? method = null, jsonRpc = null;
        Range id = default, parameters = default;
        bool hasId = false, hasParams = false;
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadStringBytes();
            if (key.SequenceEqual("method"u8)) method = reader.ReadNullableString();
            else if (key.SequenceEqual("jsonrpc"u8)) jsonRpc = reader.ReadNullableString();
            else if (key.SequenceEqual("id"u8))
            {
                var start = reader.Position;
                hasId = !reader.IsNil;
                reader.Skip();
                id = start..reader.Position;
            }
            else if (key.SequenceEqual("params"u8))
            {
                var start = reader.Position;
                hasParams = !reader.IsNil;
                reader.Skip();
                parameters = start..reader.Position;
            }
            else reader.Skip();
        }

        if (!reader.End) throw new MessagePackException("trailing bytes after the request", reader.Position);
        return new RpcEnvelope(method, jsonRpc, id, hasId, parameters, hasParams);
    }

    /// <summary>Decodes the params of <paramref name="method"/> from <c>body[range]</c>; bin columns become slices of <paramref name="body"/>.</summary>
    public static object Read(RpcMethod method, ReadOnlyMemory<byte> body, Range range, bool present)
    {
        var (offset, length) = range.GetOffsetAndLength(body.Length);
        var reader = new MessagePackReader(present ? body.Span.Slice(offset, length) : ReadOnlySpan<byte>.Empty);
        var p = new ParamsReader(body, offset);
        return method switch
        {
            RpcMethod.Query => new QueryParams(present ? p.Requests(ref reader, ReadQuery) : []),
            RpcMethod.Write => new WriteParams(present ? p.Requests(ref reader, p.ReadWrite) : []),
            RpcMethod.Create => new CreateParams(present ? p.Requests(ref reader, ReadCreate) : []),
            RpcMethod.Destroy or RpcMethod.GetInfo => new KeyParams(present ? p.Requests(ref reader, ReadKey) : []),
            _ => new ListSymbolsParams(present ? ReadFormat(ref reader) : null),
        };
    }

    private delegate T ItemReader<out T>(ref MessagePackReader reader);

    private readonly struct ParamsReader(ReadOnlyMemory<byte> body, int offset)
    {
        public List<T> Requests<T>(ref MessagePackReader reader, ItemReader<T> item)
        {
            var result = new List<T>();
            var count = EnterParams(ref reader);
            for (var i = 0; i < count; i++)
            {
                var isRequests = reader.ReadStringBytes().SequenceEqual("requests"u8);
                if (reader.TryReadNil()) continue;
                if (!isRequests)
                {
                    reader.Skip();
                    continue;
                }

                var n = reader.ReadArrayHeader();
                for (var j = 0; j < n; j++) result.Add(item(ref reader));
            }

            return result;
        }

        public WriteRequestArgs ReadWrite(ref MessagePackReader reader)
        {
            DatasetArgs? dataset = null;
            var variable = false;
            var count = reader.ReadMapHeader();
            for (var i = 0; i < count; i++)
            {
                var key = reader.ReadStringBytes();
                if (reader.TryReadNil()) continue;
                if (key.SequenceEqual("dataset"u8)) dataset = ReadDataset(ref reader);
                else if (key.SequenceEqual("is_variable_length"u8)) variable = reader.ReadBoolean();
                else reader.Skip();
            }

            return new WriteRequestArgs(dataset ?? throw new MessagePackException("write request without a dataset", reader.Position), variable);
        }

        private DatasetArgs ReadDataset(ref MessagePackReader reader)
        {
            List<string> names = [], types = [];
            List<ReadOnlyMemory<byte>> data = [];
            List<KeyValuePair<string, long>> startIndex = [];
            Dictionary<string, long> lengths = new(StringComparer.Ordinal);
            long length = 0;
            var count = reader.ReadMapHeader();
            for (var i = 0; i < count; i++)
            {
                var key = reader.ReadStringBytes();
                if (reader.TryReadNil()) continue;
                if (key.SequenceEqual("names"u8)) names = ReadStrings(ref reader);
                else if (key.SequenceEqual("types"u8)) types = ReadStrings(ref reader);
                else if (key.SequenceEqual("length"u8)) length = reader.ReadInt64();
                else if (key.SequenceEqual("data"u8))
                {
                    var n = reader.ReadArrayHeader();
                    for (var j = 0; j < n; j++)
                    {
                        var (at, len) = reader.ReadBinaryRange();
                        data.Add(body.Slice(offset + at, len));
                    }
                }
                else if (key.SequenceEqual("startindex"u8))
                {
                    var n = reader.ReadMapHeader();
                    for (var j = 0; j < n; j++) startIndex.Add(new(reader.ReadString(), reader.ReadInt64()));
                }
                else if (key.SequenceEqual("lengths"u8))
                {
                    var n = reader.ReadMapHeader();
                    for (var j = 0; j < n; j++) lengths[reader.ReadString()] = reader.ReadInt64();
                }
                else reader.Skip();
            }

            return new DatasetArgs(names, types, data, length, startIndex, lengths);
        }
    }

    private static int EnterParams(ref MessagePackReader reader)
    {
        if (reader.PeekType() == MessagePackType.Array)
        {
            var at = reader.Position;
            if (reader.ReadArrayHeader() != 1) throw new MessagePackException("params must be a map or an array holding one map", at);
        }

        return reader.ReadMapHeader();
    }

    private static QueryRequest ReadQuery(ref MessagePackReader reader)
    {
        string? destination = null;
        long? start = null, end = null;
        long startNanos = 0, endNanos = 0, limit = 0;
        bool fromStart = false, sql = false;
        List<string>? columns = null, functions = null;
        var count = reader.ReadMapHeader();
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadStringBytes();
            if (reader.TryReadNil()) continue;
            if (key.SequenceEqual("destination"u8)) destination = reader.ReadString();
            else if (key.SequenceEqual("epoch_start"u8)) start = reader.ReadInt64();
            else if (key.SequenceEqual("epoch_start_nanos"u8)) startNanos = reader.ReadInt64();
            else if (key.SequenceEqual("epoch_end"u8)) end = reader.ReadInt64();
            else if (key.SequenceEqual("epoch_end_nanos"u8)) endNanos = reader.ReadInt64();
            else if (key.SequenceEqual("limit_record_count"u8)) limit = reader.ReadInt64();
            else if (key.SequenceEqual("limit_from_start"u8)) fromStart = reader.ReadBoolean();
            else if (key.SequenceEqual("columns"u8)) columns = ReadStrings(ref reader);
            else if (key.SequenceEqual("functions"u8)) functions = ReadStrings(ref reader);
            else if (key.SequenceEqual("is_sqlstatement"u8)) sql = reader.ReadBoolean();
            else reader.Skip();
        }

        return QueryRequests.Build(destination, start, startNanos, end, endNanos, limit, fromStart, columns, functions, sql);
    }

    private static CreateRequestArgs ReadCreate(ref MessagePackReader reader)
    {
        string? key = null, rowType = null;
        List<string> names = [], types = [];
        var variable = false;
        var count = reader.ReadMapHeader();
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadStringBytes();
            if (reader.TryReadNil()) continue;
            if (name.SequenceEqual("key"u8)) key = reader.ReadString();
            else if (name.SequenceEqual("column_names"u8)) names = ReadStrings(ref reader);
            else if (name.SequenceEqual("column_types"u8)) types = ReadStrings(ref reader);
            else if (name.SequenceEqual("row_type"u8)) rowType = reader.ReadString();
            else if (name.SequenceEqual("is_variable_length"u8)) variable = reader.ReadBoolean();
            else reader.Skip();
        }

        return new CreateRequestArgs(key ?? string.Empty, names, types, rowType, variable);
    }

    private static string ReadKey(ref MessagePackReader reader)
    {
        string? key = null;
        var count = reader.ReadMapHeader();
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadStringBytes();
            if (reader.TryReadNil()) continue;
            if (name.SequenceEqual("key"u8)) key = reader.ReadString();
            else reader.Skip();
        }

        return key ?? string.Empty;
    }

    private static string? ReadFormat(ref MessagePackReader reader)
    {
        string? format = null;
        var count = EnterParams(ref reader);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadStringBytes();
            if (reader.TryReadNil()) continue;
            if (name.SequenceEqual("format"u8)) format = reader.ReadString();
            else reader.Skip();
        }

        return format;
    }

    private static List<string> ReadStrings(ref MessagePackReader reader)
    {
        var n = reader.ReadArrayHeader();
        var list = new List<string>(n);
        for (var i = 0; i < n; i++) list.Add(reader.ReadString());
        return list;
    }
}
