namespace Archiver.Store;

/// <summary>
/// Configuration of the bucket store (<c>Archiver:Store</c> in appsettings.json): where it lives, how often the write
/// log commits, the on-disk aggregations and the MarketStore-compatible server.
/// </summary>
public sealed class StoreOptions
{
    /// <summary>The store's root directory.</summary>
    public string Root { get; set; } = "store";

    /// <summary>How long a write may wait for others to share its log fsync (group commit). Zero = commit at once.</summary>
    public TimeSpan CommitWindow { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>On-disk aggregations: base bucket pattern → derived timeframes (MarketStore's ondiskagg trigger).</summary>
    public List<AggregationRule> Aggregations { get; set; } = [];

    /// <summary>The MarketStore-compatible server (<c>archiver serve</c>, or hosted by <c>archiver run</c> when enabled).</summary>
    public StoreServerOptions Server { get; set; } = new();
}
