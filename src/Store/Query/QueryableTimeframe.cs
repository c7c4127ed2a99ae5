using Archiver.Store.Buckets;

namespace Archiver.Store.Query;

/// <summary>
/// Which bucket timeframe a query reads (marketstore-protocol.md §4.2): the requested timeframe itself when such a
/// bucket exists, otherwise MarketStore's rule: walk <see cref="Timeframe.Standard"/> from the end and take the first
/// whose length divides the requested length (months read 1D). The limit is scaled by requested/queryable.
/// </summary>
public readonly record struct QueryableTimeframe(Timeframe Timeframe, long LimitFactor)
{
    /// <summary>MarketStore's fallback for <paramref name="requested"/>.</summary>
    public static QueryableTimeframe Fallback(Timeframe requested)
    {
        if (requested.Unit == TimeframeUnit.Month)
        {
            var day = Timeframe.ParseBucket("1D");
            return new QueryableTimeframe(day, requested.Seconds / day.Seconds);
        }

        for (var i = Timeframe.Standard.Count - 1; i >= 0; i--)
        {
            var candidate = Timeframe.ParseBucket(Timeframe.Standard[i]);
            if (requested.Seconds % candidate.Seconds == 0) return new QueryableTimeframe(candidate, requested.Seconds / candidate.Seconds);
        }

        // Every length is a whole number of seconds, so 1Sec always divides; this is not reached.
        throw new StoreException($"timeframe not found in \"{requested.Name}\"");
    }

    /// <summary>
    /// The timeframe to read for the query timeframe <paramref name="text"/>: the exact spelling when
    /// <paramref name="exactExists"/> says a bucket of that spelling exists, else <see cref="Fallback"/>.
    /// </summary>
    public static QueryableTimeframe Resolve(string text, Func<Timeframe, bool> exactExists)
    {
        ArgumentNullException.ThrowIfNull(exactExists);
        var requested = Timeframe.ParseQuery(text);
        if (Timeframe.TryParseBucket(text, out var exact) && exactExists(exact)) return new QueryableTimeframe(exact, 1);
        return Fallback(requested);
    }

    /// <summary>
    /// <paramref name="limit"/> scaled by <see cref="LimitFactor"/> as a read limit: 0 stays "no limit", results past
    /// <see cref="int.MaxValue"/> are clamped to it (no bucket returns more rows), negative limits are refused.
    /// </summary>
    public int ScaleLimit(long limit)
    {
        if (limit < 0) throw new StoreException($"limit_record_count must not be negative, have {limit}");
        if (limit == 0) return 0;
        return limit > int.MaxValue / LimitFactor ? int.MaxValue : (int)(limit * LimitFactor);
    }
}
