using System.Buffers.Binary;
using System.Numerics;
using Archiver.Store.Parquet.IO;

namespace Archiver.Store.Parquet.Encodings;

/// <summary>
/// Byte-string-to-index map for RLE_DICTIONARY writing of BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY columns. Distinct
/// values are appended to one growable byte buffer (with offsets and cached hashes), and an open-addressing table of
/// indices finds them, so adding a value allocates nothing unless a buffer has to grow. <see cref="Clear"/> keeps
/// the buffers.
/// </summary>
public sealed class BinaryDictionary
{
    private byte[] _bytes;
    private int[] _offsets;  // Count + 1 entries used
    private uint[] _hashes;  // per entry, to skip most byte comparisons and to rehash without reading bytes
    private int[] _table;    // index + 1, 0 = empty
    private int _count;
    private int _byteLength;

    public BinaryDictionary(int initialCapacity = 256, int initialBytes = 16 * 1024)
    {
        var tableSize = (int)Math.Max(16, BitOperations.RoundUpToPowerOf2((uint)Math.Max(initialCapacity, 8) * 2));
        _table = new int[tableSize];
        _hashes = new uint[tableSize / 2];
        _offsets = new int[(tableSize / 2) + 1];
        _bytes = new byte[Math.Max(initialBytes, 64)];
    }

    /// <summary>Distinct values added.</summary>
    public int Count => _count;

    /// <summary>Size of the dictionary page in PLAIN encoding: 4 + length per value.</summary>
    public int PlainByteSize => (_count * 4) + _byteLength;

    /// <summary>Value <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
            return _bytes.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);
        }
    }

    /// <summary>All distinct value bytes concatenated in index order (Arrow layout with <see cref="Offsets"/>).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, _byteLength);

    /// <summary><see cref="Count"/> + 1 offsets into <see cref="Bytes"/>.</summary>
    public ReadOnlySpan<int> Offsets => _offsets.AsSpan(0, _count + 1);

    /// <summary>Index of <paramref name="value"/>, adding it if it is new.</summary>
    public int GetOrAdd(ReadOnlySpan<byte> value)
    {
        var hash = Hash(value);
        var table = _table;
        var mask = table.Length - 1;
        var slot = (int)(hash & (uint)mask);
        while (true)
        {
            var entry = table[slot];
            if (entry == 0) return Add(value, hash, slot);
            var i = entry - 1;
            if (_hashes[i] == hash)
            {
                var start = _offsets[i];
                if (_bytes.AsSpan(start, _offsets[i + 1] - start).SequenceEqual(value)) return i;
            }

            slot = (slot + 1) & mask;
        }
    }

    /// <summary>Writes the dictionary page body: each value as a 4-byte little-endian length and its bytes.</summary>
    public void WritePlain(PooledBufferWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var dst = output.Allocate(PlainByteSize);
        var o = 0;
        for (var i = 0; i < _count; i++)
        {
            var start = _offsets[i];
            var length = _offsets[i + 1] - start;
            BinaryPrimitives.WriteInt32LittleEndian(dst[o..], length);
            _bytes.AsSpan(start, length).CopyTo(dst[(o + 4)..]);
            o += 4 + length;
        }
    }

    /// <summary>Forgets all values, keeping the buffers.</summary>
    public void Clear()
    {
        Array.Clear(_table);
        _count = 0;
        _byteLength = 0;
    }

    private int Add(ReadOnlySpan<byte> value, uint hash, int slot)
    {
        var index = _count;
        if (index == _hashes.Length)
        {
            Array.Resize(ref _hashes, _hashes.Length * 2);
            Array.Resize(ref _offsets, (_hashes.Length) + 1);
        }

        if ((long)_byteLength + value.Length + (4L * (_count + 1)) > Array.MaxLength)
            throw new InvalidOperationException("Dictionary exceeds the largest buffer size.");
        if (_byteLength + value.Length > _bytes.Length)
        {
            var size = Math.Min(Array.MaxLength, Math.Max(_bytes.Length * 2L, (long)_byteLength + value.Length));
            Array.Resize(ref _bytes, (int)size);
        }

        value.CopyTo(_bytes.AsSpan(_byteLength));
        _byteLength += value.Length;
        _hashes[index] = hash;
        _offsets[index + 1] = _byteLength;
        _table[slot] = index + 1;
        _count = index + 1;
        if ((long)_count * 2 > _table.Length) Grow();
        return index;
    }

    private void Grow()
    {
        var size = _table.Length * 2;
        if (size <= 0 || size > Array.MaxLength) throw new InvalidOperationException("Dictionary too large.");
        var table = new int[size];
        var mask = size - 1;
        for (var i = 0; i < _count; i++)
        {
            var slot = (int)(_hashes[i] & (uint)mask);
            while (table[slot] != 0) slot = (slot + 1) & mask;
            table[slot] = i + 1;
        }

        _table = table;
    }

    /// <summary>
    /// A fast 64-bit multiply-mix hash over 8-byte little-endian words, finished with a full avalanche so the low bits
    /// used for the slot depend on every input byte.
    /// </summary>
    internal static uint Hash(ReadOnlySpan<byte> value)
    {
        const ulong K1 = 0x9E3779B97F4A7C15UL;
        const ulong K2 = 0xC2B2AE3D27D4EB4FUL;
        var h = K1 ^ ((ulong)value.Length * K2);
        var i = 0;
        for (; i + 8 <= value.Length; i += 8)
        {
            var k = BinaryPrimitives.ReadUInt64LittleEndian(value[i..]);
            h = BitOperations.RotateLeft(h ^ (k * K2), 31) * K1;
        }

        var rest = value.Length - i;
        if (rest > 0)
        {
            ulong k;
            if (rest >= 4)
            {
                // Two overlapping 4-byte reads cover 4..7 bytes.
                k = BinaryPrimitives.ReadUInt32LittleEndian(value[i..])
                    | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(value[(value.Length - 4)..]) << 32);
            }
            else
            {
                k = value[i] | ((ulong)value[i + (rest >> 1)] << 8) | ((ulong)value[value.Length - 1] << 16);
            }

            h = BitOperations.RotateLeft(h ^ (k * K2), 31) * K1;
        }

        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return (uint)h;
    }
}
