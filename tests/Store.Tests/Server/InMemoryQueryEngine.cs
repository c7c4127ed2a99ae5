using System.Globalization;
using System.Text.RegularExpressions;
using Archiver.Store.Buckets;
using Archiver.Store.Query;

namespace Archiver.Store.Tests.Server;

/// <summary>
/// A small <see cref="IQueryEngine"/> for server tests: comma and <c>*</c> symbols, range, limit, projection,
/// multi-symbol assembly with MarketStore's error texts, and the functions <c>count</c>, <c>avg</c>, <c>min</c>,
/// <c>max</c> (Epoch stamped with the given clock). Stands in for the real engine until integration.
/// </summary>
internal sealed partial class InMemoryQueryEngine(IBucketStore store, TimeProvider time) : IQueryEngine
{
    public QueryResult Execute(QueryRequest request)
    {
        var destination = request.Destination;
        var parts = destination.Split(':')[0].Split('/');
        if (parts.Length != 3) throw new StoreException($"destinations must have a Symbol, Timeframe and AttributeGroup, have: {destination}");
        var symbols = parts[0] == "*" ? store.Symbols().ToArray() : parts[0].Split(',');
        var read = new ReadRequest
        {
            Start = request.Start ?? StoreTime.MinValue,
            End = request.End ?? StoreTime.MaxValue,
            Limit = (int)Math.Min(request.Limit, int.MaxValue),
            FromStart = request.FromStart,
            Columns = request.Columns,
        };
        var slices = new List<QuerySlice>();
        foreach (var symbol in symbols)
        {
            var key = new BucketKey(symbol, parts[1], parts[2]);
            if (store.Find(key) is null) continue;
            var series = store.Read(key, read);
            foreach (var f in request.Functions ?? []) series = Apply(f, series);
            slices.Add(new QuerySlice(key.ToStringWithCategories(), series));
        }

        if (slices.Count == 0) throw new StoreException("no files returned from query parse");
        var schema = slices[0].Series.Schema;
        if (slices.Any(s => !s.Series.Schema.SequenceEqual(schema)))
            throw new StoreException($"symbols in a query must have the same data type or be filtered by common columns. symbols=[{string.Join(" ", symbols)}]");
        return new QueryResult(schema, slices);
    }

    private ColumnSeries Apply(string call, ColumnSeries series)
    {
        var m = CallPattern().Match(call.Trim());
        if (!m.Success) throw new StoreException($"unable to parse function call {call}");
        var name = m.Groups[1].Value.Trim().ToLowerInvariant();
        var column = series.Find(m.Groups[2].Value.Trim()) ?? throw new StoreException($"have [{m.Groups[2].Value}], need [column]");
        var values = Enumerable.Range(0, column.Length).Select(i => ToDouble(column, i)).ToArray();
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var epoch = Column.From(ColumnSeries.EpochColumn, ColumnType.I8, new[] { now });
        return name switch
        {
            "count" => new ColumnSeries([epoch, Column.From("Count", ColumnType.I8, new[] { (long)values.Length })]),
            "avg" => new ColumnSeries([epoch, Column.From("Avg", ColumnType.F8, new[] { values.Length == 0 ? double.NaN : values.Average() })]),
            "min" => new ColumnSeries([epoch, Column.From("Min", ColumnType.F4, new[] { values.Length == 0 ? 0f : (float)values.Min() })]),
            "max" => new ColumnSeries([epoch, Column.From("Max", ColumnType.F4, new[] { values.Length == 0 ? 0f : (float)values.Max() })]),
            _ => throw new StoreException($"no function in the UDA Registry named \"{m.Groups[1].Value.Trim()}\""),
        };
    }

    private static double ToDouble(Column c, int i) => c.Type switch
    {
        ColumnType.F4 => c.Values<float>()[i],
        ColumnType.F8 => c.Values<double>()[i],
        ColumnType.I4 => c.Values<int>()[i],
        ColumnType.I8 => c.Values<long>()[i],
        _ => double.Parse(c.Type.ToTypeString(), CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^([^(]+)\((.*)\)$")]
    private static partial Regex CallPattern();
}
