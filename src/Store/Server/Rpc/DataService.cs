using Archiver.Store.Buckets;
using Archiver.Store.Query;

namespace Archiver.Store.Server.Rpc;

/// <summary>
/// MarketStore's <c>DataService</c> over an <see cref="IBucketStore"/> and an <see cref="IQueryEngine"/>: takes decoded
/// params, returns the reply model. A <see cref="StoreException"/> from Query fails the whole call (the endpoint turns
/// it into an error envelope); Write, Create and Destroy report failures per request, as MarketStore does.
/// </summary>
public sealed class DataService
{
    private readonly IBucketStore _store;
    private readonly IQueryEngine _queries;
    private readonly string _version;
    private readonly TimeProvider _time;

    public DataService(IBucketStore store, IQueryEngine queries, string version, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _queries = queries;
        _version = version;
        _time = time;
    }

    /// <summary>The timezone named in Query replies.</summary>
    public const string Timezone = "UTC";

    public RpcReply Invoke(RpcMethod method, object args) => method switch
    {
        RpcMethod.Query => Query((QueryParams)args),
        RpcMethod.Write => Write((WriteParams)args),
        RpcMethod.Create => Create((CreateParams)args),
        RpcMethod.Destroy => Destroy((KeyParams)args),
        RpcMethod.ListSymbols => ListSymbols((ListSymbolsParams)args),
        _ => GetInfo((KeyParams)args),
    };

    public QueryReply Query(QueryParams args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var results = new QueryResult[args.Requests.Count];
        var buffers = new ReadBuffers();
        try
        {
            for (var i = 0; i < results.Length; i++) results[i] = _queries.Execute(args.Requests[i] with { Buffers = buffers });
        }
        catch
        {
            buffers.Dispose();
            throw;
        }

        return new QueryReply(results, _version, Timezone) { Buffers = buffers };
    }

    public ResponsesReply Write(WriteParams args)
    {
        ArgumentNullException.ThrowIfNull(args);
        List<ServerResponse>? errors = null;
        foreach (var request in args.Requests)
        {
            try
            {
                var writes = DatasetWrites.From(request.Dataset, request.IsVariableLength);
                if (writes.Count > 0) _store.Write(writes);
            }
            catch (StoreException e)
            {
                (errors ??= []).Add(new ServerResponse(e.Message, _version));
            }
        }

        return new ResponsesReply(errors);
    }

    public ResponsesReply Create(CreateParams args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var responses = new List<ServerResponse>(args.Requests.Count);
        foreach (var request in args.Requests)
        {
            if (request.Key.Count(c => c == ':') != 1)
            {
                responses.Add(Failed($"key \"{request.Key}\" is not in proper format, should be like: TSLA/1Min/OHLCV:Symbol/TimeFrame/AttributeGroup"));
                continue;
            }

            if (request.ColumnNames.Count != request.ColumnTypes.Count)
            {
                responses.Add(Failed($"{request.ColumnNames.Count} column names and {request.ColumnTypes.Count} column types"));
                continue;
            }

            var elements = new List<ColumnSpec>(request.ColumnNames.Count);
            string? badType = null;
            for (var i = 0; i < request.ColumnNames.Count; i++)
            {
                if (!ColumnTypes.TryParse(request.ColumnTypes[i], out var type))
                {
                    badType = request.ColumnTypes[i];
                    break;
                }

                if (!string.Equals(request.ColumnNames[i], ColumnSeries.EpochColumn, StringComparison.Ordinal))
                    elements.Add(new ColumnSpec(request.ColumnNames[i], type));
            }

            if (badType is not null)
            {
                // MarketStore stops at the first unknown type and answers nothing for the requests after it.
                responses.Add(Failed($"unexpected data type:{badType}"));
                break;
            }

            var kind = string.Equals(request.RowType, "variable", StringComparison.Ordinal) || request.IsVariableLength
                ? RecordKind.Variable
                : RecordKind.Fixed;
            try
            {
                _store.Create(BucketKey.Parse(request.Key), elements, kind);
                responses.Add(new ServerResponse(string.Empty, _version));
            }
            catch (StoreException e)
            {
                responses.Add(Failed(e.Message));
            }
        }

        return new ResponsesReply(responses);
    }

    public ResponsesReply Destroy(KeyParams args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var responses = new List<ServerResponse>(args.Keys.Count);
        foreach (var text in args.Keys)
        {
            try
            {
                var key = BucketKey.Parse(text);
                responses.Add(_store.Destroy(key)
                    ? new ServerResponse(string.Empty, _version)
                    : Failed($"removal of catalog entry failed: Unable to find level item: {MissingLevel(key)} in directory"));
            }
            catch (StoreException e)
            {
                responses.Add(Failed(e.Message));
            }
        }

        return new ResponsesReply(responses);
    }

    public ListSymbolsReply ListSymbols(ListSymbolsParams args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Keys
            ? new ListSymbolsReply(_store.Keys().Select(k => k.ToString()).ToArray())
            : new ListSymbolsReply(_store.Symbols());
    }

    public GetInfoReply GetInfo(KeyParams args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var entries = new List<BucketInfoEntry>(args.Keys.Count);
        foreach (var text in args.Keys)
        {
            try
            {
                var key = BucketKey.Parse(text);
                var info = _store.Find(key);
                if (info is null)
                {
                    entries.Add(new BucketInfoEntry(null, 0, Failed($"bucket {key} does not exist")));
                    continue;
                }

                var last = _store.Read(key, new ReadRequest { Limit = 1 });
                var year = last.RowCount > 0
                    ? DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(last.Epochs[0], -62135596800L, 253402300799L)).Year
                    : _time.GetUtcNow().Year;
                entries.Add(new BucketInfoEntry(info, year, new ServerResponse(string.Empty, _version)));
            }
            catch (StoreException e)
            {
                entries.Add(new BucketInfoEntry(null, 0, Failed(e.Message)));
            }
        }

        return new GetInfoReply(entries);
    }

    private ServerResponse Failed(string error) => new(error, _version);

    /// <summary>The first level of <paramref name="key"/> (symbol, timeframe, attribute group) that has no directory.</summary>
    private string MissingLevel(BucketKey key)
    {
        var keys = _store.Keys();
        if (!keys.Any(k => k.Symbol == key.Symbol)) return key.Symbol;
        if (!keys.Any(k => k.Symbol == key.Symbol && k.Timeframe.Name == key.Timeframe.Name)) return key.Timeframe.Name;
        return key.AttributeGroup;
    }
}
