namespace Archiver.Store.Query;

/// <summary>
/// Runs MarketStore queries against a bucket store: destination parsing, <c>*</c> expansion, the queryable-timeframe
/// fallback, range and limit, projection, the function pipeline per symbol and multi-symbol assembly. Throws
/// <see cref="Buckets.StoreException"/> with MarketStore's error texts (e.g. <c>no files returned from query parse</c>).
/// </summary>
public interface IQueryEngine
{
    QueryResult Execute(QueryRequest request);
}
