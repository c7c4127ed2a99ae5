using Archiver.Store.Buckets;

namespace Archiver.Store.Query.Functions;

/// <summary>The query-time functions by name (case-insensitive), MarketStore's UDA registry.</summary>
public static class FunctionRegistry
{
    private static readonly Dictionary<string, IQueryFunction> Functions = new IQueryFunction[]
    {
        new CandleCandlerFunction(),
        new TickCandlerFunction(),
        new CountFunction(),
        new AvgFunction(),
        new MinMaxFunction(isMax: false),
        new MinMaxFunction(isMax: true),
        new GapFunction(),
        new VwapFunction(),
    }.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every registered name.</summary>
    public static IReadOnlyCollection<string> Names => Functions.Keys;

    /// <summary>The function called <paramref name="name"/>; throws with MarketStore's text when there is none.</summary>
    public static IQueryFunction Find(string name) =>
        Functions.TryGetValue(name, out var f) ? f : throw new StoreException($"no function in the UDA Registry named \"{name}\"");
}
