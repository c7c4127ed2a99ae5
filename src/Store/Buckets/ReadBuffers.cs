using System.Buffers;

namespace Archiver.Store.Buckets;

/// <summary>
/// Memory for the columns that reads return, rented from <see cref="ArrayPool{T}.Shared"/> and given back all at once
/// by <see cref="Dispose"/>: a server answering a 48 MB query, or a thousand small ones, reuses warm memory instead of
/// allocating fresh arrays (page faults, large-object heap, background collections) on every request. Small columns
/// are carved from shared 1 MB chunks (8-byte aligned), large ones get an array each. The owner disposes only when
/// nothing uses the returned columns any more (for the server: once the reply is sent). Not thread-safe: one query,
/// one thread.
/// </summary>
public sealed class ReadBuffers : IDisposable
{
    /// <summary>Size of the chunks small columns are carved from; columns over a quarter of it get their own array.</summary>
    public const int ChunkBytes = 1 << 20;

    private readonly List<byte[]> _rented = [];
    private byte[]? _chunk;
    private int _used;
    private bool _disposed;

    /// <summary>Bytes rented so far (whole arrays, as the pool handed them out).</summary>
    public long RentedBytes { get; private set; }

    /// <summary><paramref name="length"/> bytes of uninitialized memory, valid until <see cref="Dispose"/>.</summary>
    public Memory<byte> Allocate(int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length == 0) return Memory<byte>.Empty;
        if (length > ChunkBytes / 4) return Rent(length).AsMemory(0, length);
        var start = (_used + 7) & ~7;
        if (_chunk is null || start + length > _chunk.Length)
        {
            _chunk = Rent(ChunkBytes);
            start = 0;
        }

        _used = start + length;
        return _chunk.AsMemory(start, length);
    }

    /// <summary>Gives every rented array back to the pool; memory handed out before must not be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var array in _rented) ArrayPool<byte>.Shared.Return(array);
        _rented.Clear();
        _chunk = null;
    }

    private byte[] Rent(int length)
    {
        var array = ArrayPool<byte>.Shared.Rent(length);
        _rented.Add(array);
        RentedBytes += array.Length;
        return array;
    }
}
