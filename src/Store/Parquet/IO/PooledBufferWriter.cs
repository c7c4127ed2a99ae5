using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Archiver.Store.Parquet.IO;

/// <summary>
/// A growable byte buffer rented from <see cref="ArrayPool{T}.Shared"/>, written through
/// <see cref="IBufferWriter{T}"/> (ensure, write, advance). Reused across pages and row groups by calling
/// <see cref="Clear"/>, so steady-state encoding allocates nothing. All multi-byte helpers write little-endian,
/// as Parquet pages and thrift compact varints require.
/// </summary>
public sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _written;

    public PooledBufferWriter(int initialCapacity = 4096)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));
    }

    /// <summary>Bytes written so far.</summary>
    public int Length => _written;

    /// <summary>Current capacity of the rented buffer.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <summary>The bytes written so far.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    /// <summary>Forgets the content, keeping the buffer for reuse.</summary>
    public void Clear() => _written = 0;

    /// <summary>Drops the last bytes written (or moves back to an earlier length).</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _written);
        _written = length;
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > _buffer.Length) throw new InvalidOperationException("Advanced past the end of the buffer.");
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>A span of exactly <paramref name="count"/> bytes at the end, already counted as written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Allocate(int count)
    {
        Ensure(count);
        var span = _buffer.AsSpan(_written, count);
        _written += count;
        return span;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_written));
        _written += bytes.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteByte(byte value)
    {
        if (_written >= _buffer.Length) Grow(1);
        _buffer[_written++] = value;
    }

    public void WriteInt32LittleEndian(int value) => BinaryPrimitives.WriteInt32LittleEndian(Allocate(4), value);

    public void WriteInt64LittleEndian(long value) => BinaryPrimitives.WriteInt64LittleEndian(Allocate(8), value);

    /// <summary>Overwrites four bytes at <paramref name="position"/> (a length prefix reserved earlier).</summary>
    public void PatchInt32LittleEndian(int position, int value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(position, _written - 4);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(position, 4), value);
    }

    /// <summary>Unsigned LEB128 varint, as used by thrift compact, RLE run headers and delta encodings.</summary>
    public void WriteVarUInt64(ulong value)
    {
        Ensure(10);
        var b = _buffer;
        var i = _written;
        while (value >= 0x80)
        {
            b[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        b[i++] = (byte)value;
        _written = i;
    }

    /// <summary>ZigZag-encoded signed varint.</summary>
    public void WriteVarInt64(long value) => WriteVarUInt64((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Copies the written bytes to <paramref name="destination"/>.</summary>
    public void CopyTo(Stream destination) => destination.Write(_buffer, 0, _written);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int sizeHint)
    {
        if (sizeHint < 1) sizeHint = 1;
        if (_buffer.Length - _written < sizeHint) Grow(sizeHint);
    }

    private void Grow(int sizeHint)
    {
        var needed = (long)_written + sizeHint;
        var next = Math.Max(needed, (long)_buffer.Length * 2);
        if (next > Array.MaxLength) next = Math.Max(needed, Array.MaxLength);
        if (next > Array.MaxLength) throw new OutOfMemoryException("Buffer would exceed the largest array size.");
        var bigger = ArrayPool<byte>.Shared.Rent((int)next);
        _buffer.AsSpan(0, _written).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        var b = _buffer;
        _buffer = [];
        _written = 0;
        if (b.Length > 0) ArrayPool<byte>.Shared.Return(b);
    }
}
