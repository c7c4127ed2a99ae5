namespace Archiver.Store.Buckets;

/// <summary>The unit of a <see cref="Timeframe"/>.</summary>
public enum TimeframeUnit
{
    Second,
    Minute,
    Hour,
    Day,
    Week,

    /// <summary>A calendar month: only in query-time aggregation (<c>candlecandler('1M', …)</c>), never a bucket.</summary>
    Month,

    /// <summary>365 days.</summary>
    Year,
}
