using System.Runtime.CompilerServices;

namespace Archiver.Store.Parquet.Data;

/// <summary>
/// Collects variable-length values (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY) as one contiguous byte buffer plus an offsets
/// array (<c>Offsets[i]..Offsets[i+1]</c> is value i), the Arrow layout. Decoders append to it; it is reused by
/// <see cref="Clear"/>, so decoding many pages allocates only when a buffer has to grow.
/// </summary>
public sealed class BinaryValueBuilder
{
    private byte[] _bytes;
    private int[] _offsets;
    private int _count;
    private int _byteLength;

    public BinaryValueBuilder(int valueCapacity = 256, int byteCapacity = 4096)
    {
        _bytes = new byte[Math.Max(byteCapacity, 16)];
        _offsets = new int[Math.Max(valueCapacity, 4) + 1];
    }

    /// <summary>Number of values appended.</summary>
    public int Count => _count;

    /// <summary>Total bytes of all values.</summary>
    public int ByteLength => _byteLength;

    /// <summary>The concatenated bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, _byteLength);

    /// <summary>Offsets, <see cref="Count"/> + 1 entries.</summary>
    public ReadOnlySpan<int> Offsets => _offsets.AsSpan(0, _count + 1);

    /// <summary>Value <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> this[int index] => _bytes.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);

    public void Clear()
    {
        _count = 0;
        _byteLength = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ReadOnlySpan<byte> value)
    {
        EnsureValues(1);
        EnsureBytes(value.Length);
        value.CopyTo(_bytes.AsSpan(_byteLength));
        _byteLength += value.Length;
        _offsets[++_count] = _byteLength;
    }

    /// <summary>Appends a value of <paramref name="length"/> bytes and returns the span to fill in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> AddUninitialized(int length)
    {
        EnsureValues(1);
        EnsureBytes(length);
        var span = _bytes.AsSpan(_byteLength, length);
        _byteLength += length;
        _offsets[++_count] = _byteLength;
        return span;
    }

    /// <summary>Reserves room for <paramref name="values"/> more values and <paramref name="bytes"/> more bytes.</summary>
    public void Reserve(int values, int bytes)
    {
        EnsureValues(values);
        EnsureBytes(bytes);
    }

    /// <summary>
    /// Hands the buffers to a new <see cref="BinaryColumnValues"/> without copying the bytes (the byte array may be
    /// longer than the values need) and leaves this builder empty.
    /// </summary>
    public BinaryColumnValues Detach()
    {
        var offsets = _offsets.Length == _count + 1 ? _offsets : _offsets.AsSpan(0, _count + 1).ToArray();
        var values = new BinaryColumnValues(_bytes, offsets);
        _bytes = [];
        _offsets = [0];
        _count = 0;
        _byteLength = 0;
        return values;
    }

    /// <summary>Copies the content into a new <see cref="BinaryColumnValues"/> of exact size.</summary>
    public BinaryColumnValues ToValues() =>
        new(_bytes.AsSpan(0, _byteLength).ToArray(), _offsets.AsSpan(0, _count + 1).ToArray());

    private void EnsureValues(int more)
    {
        if (_count + more + 1 <= _offsets.Length) return;
        var next = Math.Max(_offsets.Length * 2L, (long)_count + more + 1);
        if (next > Array.MaxLength) throw new InsufficientMemoryException("Too many values for one column buffer.");
        Array.Resize(ref _offsets, (int)next);
    }

    private void EnsureBytes(int more)
    {
        if ((long)_byteLength + more <= _bytes.Length) return;
        var next = Math.Max(_bytes.Length * 2L, (long)_byteLength + more);
        if (next > Array.MaxLength) throw new InsufficientMemoryException("Column values exceed the largest array size.");
        Array.Resize(ref _bytes, (int)next);
    }
}
