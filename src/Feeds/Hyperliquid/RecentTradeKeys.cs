using System.Numerics;

namespace Archiver.Feeds.Hyperliquid;

/// <summary>
/// The most recent trade keys (exchange time in ms, <c>tid</c>) of one coin, in bounded memory: a ring holding the
/// keys in arrival order and an open-addressing (linear probing) index over the ring. When the ring is full, adding a
/// key evicts the oldest one (backward-shift deletion keeps the index free of tombstones). Nothing is allocated after
/// construction.
/// </summary>
internal sealed class RecentTradeKeys
{
    /// <summary>The smallest capacity accepted (rounded up to a power of two).</summary>
    public const int MinCapacity = 16;

    /// <summary>The largest capacity accepted, to bound memory per coin (16 MiB of keys).</summary>
    public const int MaxCapacity = 1 << 20;

    private readonly long[] _times;
    private readonly long[] _tids;

    // Index slots hold ring position + 1; 0 marks an empty slot. Twice the ring size keeps the load factor ≤ 0.5.
    private readonly int[] _index;
    private readonly int _ringMask;
    private readonly int _indexMask;
    private int _next;

    public RecentTradeKeys(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, MinCapacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)capacity);
        _times = new long[size];
        _tids = new long[size];
        _index = new int[size * 2];
        _ringMask = size - 1;
        _indexMask = (size * 2) - 1;
    }

    /// <summary>How many keys are remembered at most.</summary>
    public int Capacity => _times.Length;

    /// <summary>How many keys are remembered now.</summary>
    public int Count { get; private set; }

    public bool Contains(long timeMillis, long tid) => FindSlot(timeMillis, tid) >= 0;

    /// <summary>Remembers a key; false when it is already remembered. Evicts the oldest key when full.</summary>
    public bool TryAdd(long timeMillis, long tid)
    {
        if (FindSlot(timeMillis, tid) >= 0) return false;
        var position = _next;
        if (Count == _times.Length)
            RemoveSlot(FindSlot(_times[position], _tids[position]));
        else
            Count++;

        _times[position] = timeMillis;
        _tids[position] = tid;
        var slot = Home(timeMillis, tid);
        while (_index[slot] != 0) slot = (slot + 1) & _indexMask;
        _index[slot] = position + 1;
        _next = (position + 1) & _ringMask;
        return true;
    }

    /// <summary>Forgets every key.</summary>
    public void Clear()
    {
        Array.Clear(_index);
        Count = 0;
        _next = 0;
    }

    private int FindSlot(long timeMillis, long tid)
    {
        var slot = Home(timeMillis, tid);
        while (true)
        {
            var entry = _index[slot];
            if (entry == 0) return -1;
            if (_times[entry - 1] == timeMillis && _tids[entry - 1] == tid) return slot;
            slot = (slot + 1) & _indexMask;
        }
    }

    private void RemoveSlot(int hole)
    {
        // Backward-shift deletion: move each following entry of the probe run into the hole unless its home lies
        // cyclically in (hole, current], where moving it would put it before its home.
        var current = hole;
        while (true)
        {
            current = (current + 1) & _indexMask;
            var entry = _index[current];
            if (entry == 0) break;
            var home = Home(_times[entry - 1], _tids[entry - 1]);
            var stays = hole <= current ? hole < home && home <= current : hole < home || home <= current;
            if (stays) continue;
            _index[hole] = entry;
            hole = current;
        }

        _index[hole] = 0;
    }

    private int Home(long timeMillis, long tid)
    {
        var hash = ((ulong)timeMillis * 0x9E3779B97F4A7C15UL) ^ (ulong)tid;
        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        return (int)hash & _indexMask;
    }
}
