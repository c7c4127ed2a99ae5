using Archiver.Store.Buckets;

namespace Archiver.Store.Query;

/// <summary>One symbol's rows in a query result, under its key with categories (<c>BTC/1Min/OHLCV:Symbol/Timeframe/AttributeGroup</c>).</summary>
public sealed record QuerySlice(string Key, ColumnSeries Series);
