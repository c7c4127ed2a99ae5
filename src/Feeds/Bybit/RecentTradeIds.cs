using System.Buffers.Binary;
using System.Numerics;

namespace Archiver.Feeds.Bybit;

/// <summary>
/// The last <see cref="Capacity"/> trade ids of one stream, to drop trades a resubscribe sends again. Ids are kept as
/// 64-bit hashes (a false duplicate needs a collision with one of a few thousand recent ids: about 1 in 10^15 per
/// trade) in a ring, for eviction order, and an open-addressing set, for lookup; nothing is allocated after construction.
/// </summary>
internal sealed class RecentTradeIds
{
    private const ulong Empty = 0;

    private readonly ulong[] _ring;
    private readonly ulong[] _table;
    private readonly int _mask;
    private int _next;
    private int _count;

    public RecentTradeIds(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _ring = new ulong[capacity];
        var tableSize = (int)BitOperations.RoundUpToPowerOf2((uint)capacity * 2); // load factor ≤ 1/2
        _table = new ulong[tableSize];
        _mask = tableSize - 1;
    }

    public int Capacity => _ring.Length;

    public int Count => _count;

    /// <summary>Remembers <paramref name="id"/>; false if it is among the recent ids already.</summary>
    public bool Add(ReadOnlySpan<byte> id)
    {
        var hash = Hash(id);
        var slot = (int)hash & _mask;
        while (_table[slot] != Empty)
        {
            if (_table[slot] == hash) return false;
            slot = (slot + 1) & _mask;
        }

        if (_count == _ring.Length)
        {
            Remove(_ring[_next]);
            // The removal may have moved entries; find the free slot for the new hash again.
            slot = (int)hash & _mask;
            while (_table[slot] != Empty) slot = (slot + 1) & _mask;
        }
        else
        {
            _count++;
        }

        _table[slot] = hash;
        _ring[_next] = hash;
        _next = _next + 1 == _ring.Length ? 0 : _next + 1;
        return true;
    }

    /// <summary>Whether <paramref name="id"/> is among the recent ids.</summary>
    public bool Contains(ReadOnlySpan<byte> id)
    {
        var hash = Hash(id);
        for (var slot = (int)hash & _mask; _table[slot] != Empty; slot = (slot + 1) & _mask)
        {
            if (_table[slot] == hash) return true;
        }

        return false;
    }

    /// <summary>Forgets every id.</summary>
    public void Clear()
    {
        Array.Clear(_ring);
        Array.Clear(_table);
        _next = 0;
        _count = 0;
    }

    // Linear-probing delete with backward shift: later entries of the cluster move into the hole when their home slot
    // does not lie cyclically between the hole and themselves, so lookups never need tombstones.
    private void Remove(ulong hash)
    {
        var slot = (int)hash & _mask;
        while (_table[slot] != hash)
        {
            if (_table[slot] == Empty) return;
            slot = (slot + 1) & _mask;
        }

        var hole = slot;
        var next = (hole + 1) & _mask;
        while (_table[next] != Empty)
        {
            var home = (int)_table[next] & _mask;
            if (((next - home) & _mask) >= ((next - hole) & _mask))
            {
                _table[hole] = _table[next];
                hole = next;
            }

            next = (next + 1) & _mask;
        }

        _table[hole] = Empty;
    }

    /// <summary>A 64-bit hash of the id's bytes, never <see cref="Empty"/>.</summary>
    internal static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        var h = 0x9E3779B97F4A7C15UL ^ (ulong)bytes.Length;
        while (bytes.Length >= 8)
        {
            h = Mix(h ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            bytes = bytes[8..];
        }

        if (!bytes.IsEmpty)
        {
            ulong tail = 0;
            for (var i = 0; i < bytes.Length; i++) tail |= (ulong)bytes[i] << (8 * i);
            h = Mix(h ^ tail);
        }

        h = Mix(h);
        return h == Empty ? 1 : h;
    }

    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
