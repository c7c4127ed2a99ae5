using System.Numerics;

namespace Archiver.Feeds.Collections;

/// <summary>
/// The most recent keys added, in bounded memory: a ring holding the keys in arrival order and an open-addressing
/// (linear probing) index over the ring, twice its size. When the ring is full, adding a key evicts the oldest one;
/// backward-shift deletion keeps the index free of tombstones. Nothing is allocated after construction. Used to drop
/// trades delivered twice (Hyperliquid's subscribe backfill, the live store's duplicate check).
/// </summary>
public sealed class BoundedKeySet<TKey> where TKey : struct, IEquatable<TKey>
{
    private readonly TKey[] _ring;

    // Index slots hold ring position + 1; 0 marks an empty slot. Twice the ring size keeps the load factor ≤ 0.5.
    private readonly int[] _index;
    private readonly int _ringMask;
    private readonly int _indexMask;
    private int _next;

    /// <param name="capacity">Keys to remember at most, rounded up to a power of two (1 to 2^24).</param>
    public BoundedKeySet(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1 << 24);
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)capacity);
        _ring = new TKey[size];
        _index = new int[size * 2];
        _ringMask = size - 1;
        _indexMask = (size * 2) - 1;
    }

    /// <summary>How many keys are remembered at most.</summary>
    public int Capacity => _ring.Length;

    /// <summary>How many keys are remembered now.</summary>
    public int Count { get; private set; }

    public bool Contains(in TKey key) => FindSlot(key) >= 0;

    /// <summary>Remembers <paramref name="key"/>; false when it is already remembered. Evicts the oldest key when full.</summary>
    public bool TryAdd(in TKey key)
    {
        if (FindSlot(key) >= 0) return false;
        var position = _next;
        if (Count == _ring.Length)
            RemoveSlot(FindSlot(_ring[position]));
        else
            Count++;

        _ring[position] = key;
        var slot = Home(key);
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

    private int FindSlot(in TKey key)
    {
        var slot = Home(key);
        while (true)
        {
            var entry = _index[slot];
            if (entry == 0) return -1;
            if (_ring[entry - 1].Equals(key)) return slot;
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
            var home = Home(_ring[entry - 1]);
            var stays = hole <= current ? hole < home && home <= current : hole < home || home <= current;
            if (stays) continue;
            _index[hole] = entry;
            hole = current;
        }

        _index[hole] = 0;
    }

    private int Home(in TKey key)
    {
        // The key's own hash, mixed (a multiply-xorshift finalizer) so that similar keys spread over the index.
        var hash = (ulong)(uint)key.GetHashCode() * 0x9E3779B97F4A7C15UL;
        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        return (int)hash & _indexMask;
    }
}
