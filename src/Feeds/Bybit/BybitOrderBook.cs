using Archiver.Feeds.Model;

namespace Archiver.Feeds.Bybit;

/// <summary>
/// The local book kept from Bybit's <c>orderbook.50</c> stream: up to <see cref="MaxLevels"/> levels per side in sorted
/// arrays, updated in place (no allocation after construction). A side has room for twice that many levels so a delta
/// that inserts before it deletes is applied exactly; <see cref="Trim"/> then restores the limit.
/// </summary>
public sealed class BybitOrderBook
{
    /// <summary>Levels per side the <c>orderbook.50</c> stream maintains.</summary>
    public const int MaxLevels = 50;

    private const int SideCapacity = 2 * MaxLevels;

    private readonly SortedLevels _bids = new(SideCapacity); // keyed by -price: best (highest) bid first
    private readonly SortedLevels _asks = new(SideCapacity); // keyed by price: best (lowest) ask first

    public int BidCount => _bids.Count;

    public int AskCount => _asks.Count;

    /// <summary>Whether the best bid is at or above the best ask (an empty side is not crossed).</summary>
    public bool IsCrossed => _bids.Count > 0 && _asks.Count > 0 && -_bids.KeyAt(0) >= _asks.KeyAt(0);

    /// <summary>The bid price at <paramref name="level"/> (0 = best).</summary>
    public double BidPrice(int level) => -CheckedLevel(_bids, level).KeyAt(level);

    public double BidSize(int level) => CheckedLevel(_bids, level).SizeAt(level);

    /// <summary>The ask price at <paramref name="level"/> (0 = best).</summary>
    public double AskPrice(int level) => CheckedLevel(_asks, level).KeyAt(level);

    public double AskSize(int level) => CheckedLevel(_asks, level).SizeAt(level);

    /// <summary>Empties both sides (before a snapshot is loaded).</summary>
    public void Clear()
    {
        _bids.Clear();
        _asks.Clear();
    }

    /// <summary>
    /// Applies one bid level: size 0 deletes it (deleting an unknown price is normal), an unknown price is inserted, a
    /// known one gets the new size. Returns false if a side overflowed its room and the worst level was dropped.
    /// </summary>
    public bool UpdateBid(double price, double size) => _bids.Set(-price, size);

    /// <summary>Applies one ask level, like <see cref="UpdateBid"/>.</summary>
    public bool UpdateAsk(double price, double size) => _asks.Set(price, size);

    /// <summary>
    /// Cuts each side to <see cref="MaxLevels"/>. Returns how many levels were dropped: after a delta more than that is a
    /// symptom of a missed delete.
    /// </summary>
    public int Trim() => _bids.TrimTo(MaxLevels) + _asks.TrimTo(MaxLevels);

    /// <summary>Copies the best <see cref="BookSnapshot.Depth"/> levels of each side into <paramref name="snapshot"/>.</summary>
    public void CopyTop(BookSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var bids = Math.Min(snapshot.Depth, _bids.Count);
        for (var i = 0; i < bids; i++)
        {
            snapshot.BidPrices[i] = -_bids.KeyAt(i);
            snapshot.BidSizes[i] = _bids.SizeAt(i);
        }

        var asks = Math.Min(snapshot.Depth, _asks.Count);
        for (var i = 0; i < asks; i++)
        {
            snapshot.AskPrices[i] = _asks.KeyAt(i);
            snapshot.AskSizes[i] = _asks.SizeAt(i);
        }

        snapshot.BidCount = bids;
        snapshot.AskCount = asks;
    }

    private static SortedLevels CheckedLevel(SortedLevels side, int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, side.Count);
        return side;
    }
}
