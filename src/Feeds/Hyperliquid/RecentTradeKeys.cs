using Archiver.Feeds.Collections;

namespace Archiver.Feeds.Hyperliquid;

/// <summary>
/// The most recent trade keys (exchange time in ms, <c>tid</c>) of one coin, in bounded memory (a
/// <see cref="BoundedKeySet{TKey}"/>): adding a key to a full set evicts the oldest one; nothing is allocated after
/// construction.
/// </summary>
internal sealed class RecentTradeKeys
{
    /// <summary>The smallest capacity accepted (rounded up to a power of two).</summary>
    public const int MinCapacity = 16;

    /// <summary>The largest capacity accepted, to bound memory per coin (16 MiB of keys).</summary>
    public const int MaxCapacity = 1 << 20;

    private readonly BoundedKeySet<(long TimeMillis, long Tid)> _keys;

    public RecentTradeKeys(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, MinCapacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        _keys = new BoundedKeySet<(long, long)>(capacity);
    }

    /// <summary>How many keys are remembered at most.</summary>
    public int Capacity => _keys.Capacity;

    /// <summary>How many keys are remembered now.</summary>
    public int Count => _keys.Count;

    public bool Contains(long timeMillis, long tid) => _keys.Contains((timeMillis, tid));

    /// <summary>Remembers a key; false when it is already remembered. Evicts the oldest key when full.</summary>
    public bool TryAdd(long timeMillis, long tid) => _keys.TryAdd((timeMillis, tid));

    /// <summary>Forgets every key.</summary>
    public void Clear() => _keys.Clear();
}
