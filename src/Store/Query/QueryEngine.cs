using Archiver.Store.Buckets;
using Archiver.Store.Query.Functions;

namespace Archiver.Store.Query;

/// <summary>
/// Runs MarketStore queries against an <see cref="IBucketStore"/> in MarketStore's order (marketstore-protocol.md
/// §2.1): parse the destination and expand <c>*</c>; resolve the queryable timeframe and scale the limit; read each
/// symbol's bucket with range and limit (symbols without a bucket are skipped, none at all is
/// <c>no files returned from query parse</c>); project; run the function pipeline per symbol; check that every symbol
/// has the same column names and types; return the slices in the destination's symbol order.
/// </summary>
/// <remarks>
/// The exact-timeframe check is per query: when any listed symbol has a bucket of the requested spelling, every symbol
/// is read at that timeframe, so all result keys share one timeframe and one limit scale.
/// </remarks>
public sealed class QueryEngine : IQueryEngine
{
    private readonly IBucketStore _store;
    private readonly TimeProvider _time;

    public QueryEngine(IBucketStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _time = time;
    }

    public QueryResult Execute(QueryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var destination = QueryDestination.Parse(request.Destination);
        var symbols = destination.IsAllSymbols ? _store.Symbols() : destination.Symbols;
        var attribute = destination.AttributeGroup;
        var queryable = QueryableTimeframe.Resolve(destination.Timeframe, exact => symbols.Any(s => Exists(s, exact, attribute)));
        var read = new ReadRequest
        {
            Start = request.Start ?? StoreTime.MinValue,
            End = request.End ?? StoreTime.MaxValue,
            Limit = queryable.ScaleLimit(request.Limit),
            FromStart = request.FromStart,
            Columns = request.Columns is { Count: > 0 } ? request.Columns : null,
            Buffers = request.Buffers,
        };

        var found = new List<(BucketKey Key, ColumnSeries Series)>(symbols.Count);
        foreach (var symbol in symbols)
        {
            var key = new BucketKey(symbol, queryable.Timeframe.Name, attribute);
            var info = _store.Find(key);
            if (info is null) continue;
            var series = _store.Read(key, read);
            found.Add((key, read.Columns is null ? series : Project(series, read.Columns, info.Kind)));
        }

        if (found.Count == 0) throw new StoreException("no files returned from query parse");

        var pipeline = FunctionPipeline.Parse(request.Functions);
        if (!pipeline.IsEmpty)
        {
            var now = _time.GetUtcNow().ToUnixTimeSeconds();
            for (var i = 0; i < found.Count; i++) found[i] = (found[i].Key, pipeline.Apply(found[i].Series, now));
        }

        var schema = found[0].Series.Schema;
        foreach (var (_, series) in found)
        {
            if (!series.Schema.SequenceEqual(schema))
                throw new StoreException($"symbols in a query must have the same data type or be filtered by common columns. symbols=[{string.Join(' ', found.Select(f => f.Key.Symbol))}]");
        }

        return new QueryResult(schema, found.Select(f => new QuerySlice(f.Key.ToStringWithCategories(), f.Series)).ToArray());
    }

    private bool Exists(string symbol, Timeframe timeframe, string attribute) =>
        BucketKey.IsValidPart(symbol) && BucketKey.IsValidPart(attribute) && _store.Find(new BucketKey(symbol, timeframe.Name, attribute)) is not null;

    /// <summary>
    /// Epoch first, then <paramref name="columns"/> in that order (unknown names dropped, repeats and Epoch removed),
    /// then Nanoseconds for variable buckets: the same as the store's own projection, applied again so the result
    /// never depends on a store getting it right.
    /// </summary>
    internal static ColumnSeries Project(ColumnSeries series, IReadOnlyList<string> columns, RecordKind kind)
    {
        var picked = new List<Column>(columns.Count + 2);
        var epoch = series.Find(ColumnSeries.EpochColumn);
        if (epoch is not null) picked.Add(epoch);
        var variable = kind == RecordKind.Variable;
        foreach (var name in columns)
        {
            if (name == ColumnSeries.EpochColumn || (variable && name == ColumnSeries.NanosecondsColumn)) continue;
            var column = series.Find(name);
            if (column is not null && !picked.Contains(column)) picked.Add(column);
        }

        var nanos = variable ? series.Find(ColumnSeries.NanosecondsColumn) : null;
        if (nanos is not null) picked.Add(nanos);
        return picked.Count == series.Columns.Count && picked.SequenceEqual(series.Columns) ? series : new ColumnSeries(picked);
    }
}
