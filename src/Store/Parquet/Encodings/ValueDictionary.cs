using System.Runtime.CompilerServices;

namespace Archiver.Store.Parquet.Encodings;

/// <summary>
/// Value-to-index map for RLE_DICTIONARY writing of INT32, INT64, FLOAT and DOUBLE columns. Indices follow insertion
/// order. Keys compare by bit pattern, so every NaN payload is its own entry and -0.0 differs from 0.0, which keeps
/// the written dictionary an exact copy of the data. Open addressing with linear probing over a power-of-two table
/// kept at most half full; <see cref="Clear"/> keeps the arrays.
/// </summary>
public sealed class ValueDictionary<T>
    where T : unmanaged
{
    private T[] _values;
    private int[] _table; // index + 1, 0 = empty
    private int _count;
    private int _shift;   // 64 - log2(table length)

    public ValueDictionary(int initialCapacity = 256)
    {
        if (typeof(T) != typeof(int) && typeof(T) != typeof(long) && typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"ValueDictionary supports int, long, float and double, not {typeof(T)}.");
        var tableSize = (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(initialCapacity, 8) * 2));
        _table = new int[tableSize];
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)tableSize);
        _values = new T[tableSize / 2];
    }

    /// <summary>Distinct values added.</summary>
    public int Count => _count;

    /// <summary>The distinct values in index order.</summary>
    public ReadOnlySpan<T> Values => _values.AsSpan(0, _count);

    /// <summary>Size of the dictionary page in PLAIN encoding.</summary>
    public int PlainByteSize => _count * Unsafe.SizeOf<T>();

    /// <summary>Index of <paramref name="value"/>, adding it if it is new.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetOrAdd(T value)
    {
        var bits = Bits(value);
        var table = _table;
        var mask = table.Length - 1;
        var slot = (int)((bits * 0x9E3779B97F4A7C15UL) >> _shift);
        while (true)
        {
            var entry = table[slot];
            if (entry == 0) return Add(value, slot);
            if (Bits(_values[entry - 1]) == bits) return entry - 1;
            slot = (slot + 1) & mask;
        }
    }

    /// <summary>Forgets all values, keeping the buffers.</summary>
    public void Clear()
    {
        Array.Clear(_table);
        _count = 0;
    }

    private int Add(T value, int slot)
    {
        var index = _count;
        if (index == _values.Length) Array.Resize(ref _values, _values.Length * 2);
        _values[index] = value;
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
        var shift = _shift - 1;
        var mask = size - 1;
        for (var i = 0; i < _count; i++)
        {
            var slot = (int)((Bits(_values[i]) * 0x9E3779B97F4A7C15UL) >> shift);
            while (table[slot] != 0) slot = (slot + 1) & mask;
            table[slot] = i + 1;
        }

        _table = table;
        _shift = shift;
    }

    /// <summary>The value's bits, zero-extended to 64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bits(T value) =>
        Unsafe.SizeOf<T>() == 4 ? Unsafe.As<T, uint>(ref value) : Unsafe.As<T, ulong>(ref value);
}
