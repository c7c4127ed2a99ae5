namespace Archiver.Feeds.Model;

/// <summary>What the archive should know about how a trade arrived (the <c>flags</c> column).</summary>
[Flags]
public enum TradeFlags : byte
{
    None = 0,

    /// <summary>Recovered by the exchange's subscribe backfill (Hyperliquid re-sends recent trades).</summary>
    Backfilled = 1,

    /// <summary>The first trade of the stream after a (re)connect or resubscribe.</summary>
    FirstAfterReconnect = 2,

    /// <summary>Trade ids that should have come before this one were never seen (Binance ids are consecutive).</summary>
    IdGapBefore = 4,
}
