using System.Numerics;

namespace Archiver.Cli.Live;

/// <summary>
/// The last <see cref="Capacity"/> trade keys of one symbol, so a trade delivered twice is stored once, exactly as the
/// archive keeps it: the hour close drops a trade whose exchange time and id hash it already holds in the same hourly
/// file, so the key is (exchange time, id hash, receive hour): a trade repeated in the next receive hour is in two
/// files, and ingest stores it twice, so the live store does too. Oldest keys are evicted first.
/// </summary>
/// <remarks>
/// Kept in flat arrays allocated once (a ring of the keys in arrival order and an open-addressing index over it, linear
/// probing with backward-shift deletion, so no tombstones): 32 bytes per remembered key and nothing allocated
/// afterwards. A <c>HashSet</c> plus a <c>Queue</c> of tuples took about 60 bytes per key and, because the queue held
/// one key more than the capacity for a moment, doubled its array once it filled (about 1.4 MB per symbol, 400 MB
/// for 300 symbols, measured with benchmarks/LiveStore.Driver).
/// </remarks>
internal sealed class RecentTradeKeys
{
    private const long MicrosPerHour = 3_600_000_000L;

    private readonly long[] _times;
    private readonly ulong[] _ids;
    private readonly long[] _hours;

    // Index slots hold ring position + 1; 0 marks an empty slot. Twice the ring size keeps the load factor at most 0.5.
    private readonly int[] _index;
    private readonly int _ringMask;
    private readonly int _indexMask;
    private int _next;
    private int _count;

    public RecentTradeKeys(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1 << 24);
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)capacity);
        _times = new long[size];
        _ids = new ulong[size];
        _hours = new long[size];
        _index = new int[size * 2];
        _ringMask = size - 1;
        _indexMask = (size * 2) - 1;
    }

    /// <summary>How many keys are remembered at most (the capacity asked for, rounded up to a power of two).</summary>
    public int Capacity => _times.Length;

    /// <summary>Remembers the key of a trade; false when it is already remembered (a duplicate). Evicts the oldest key when full.</summary>
    public bool Add(long exchangeMicros, ulong idHash, long receiveMicros)
    {
        var hour = (receiveMicros / MicrosPerHour) - (receiveMicros % MicrosPerHour < 0 ? 1 : 0);
        if (FindSlot(exchangeMicros, idHash, hour) >= 0) return false;
        var position = _next;
        if (_count == _times.Length)
            RemoveSlot(FindSlot(_times[position], _ids[position], _hours[position]));
        else
            _count++;

        _times[position] = exchangeMicros;
        _ids[position] = idHash;
        _hours[position] = hour;
        var slot = Home(exchangeMicros, idHash, hour);
        while (_index[slot] != 0) slot = (slot + 1) & _indexMask;
        _index[slot] = position + 1;
        _next = (position + 1) & _ringMask;
        return true;
    }

    private int FindSlot(long time, ulong id, long hour)
    {
        var slot = Home(time, id, hour);
        while (true)
        {
            var entry = _index[slot];
            if (entry == 0) return -1;
            var p = entry - 1;
            if (_times[p] == time && _ids[p] == id && _hours[p] == hour) return slot;
            slot = (slot + 1) & _indexMask;
        }
    }

    private void RemoveSlot(int hole)
    {
        // Backward shift: each following entry of the probe run moves into the hole unless its home lies cyclically in
        // (hole, current], where moving it would put it before its home.
        var current = hole;
        while (true)
        {
            current = (current + 1) & _indexMask;
            var entry = _index[current];
            if (entry == 0) break;
            var p = entry - 1;
            var home = Home(_times[p], _ids[p], _hours[p]);
            var stays = hole <= current ? hole < home && home <= current : hole < home || home <= current;
            if (stays) continue;
            _index[hole] = entry;
            hole = current;
        }

        _index[hole] = 0;
    }

    private int Home(long time, ulong id, long hour)
    {
        var hash = ((ulong)time * 0x9E3779B97F4A7C15UL) ^ id ^ ((ulong)hour * 0xC2B2AE3D27D4EB4FUL);
        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        return (int)hash & _indexMask;
    }
}
