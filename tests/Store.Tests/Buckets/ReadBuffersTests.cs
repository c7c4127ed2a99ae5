using System.Runtime.InteropServices;
using Archiver.Store.Buckets;
using static Archiver.Store.Tests.Buckets.Rows;

namespace Archiver.Store.Tests.Buckets;

/// <summary>Reads into pooled <see cref="ReadBuffers"/>: same values as ordinary reads, memory carved and given back as described.</summary>
public sealed class ReadBuffersTests : IDisposable
{
    private readonly StoreDirectory _dir = new();
    private readonly BucketStore _store;

    public ReadBuffersTests() => _store = _dir.Open();

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Small_allocations_share_one_chunk_8_byte_aligned_without_overlap()
    {
        using var buffers = new ReadBuffers();
        var a = buffers.Allocate(12);
        var b = buffers.Allocate(8);
        var c = buffers.Allocate(1);
        Assert.True(MemoryMarshal.TryGetArray<byte>(a, out var sa));
        Assert.True(MemoryMarshal.TryGetArray<byte>(b, out var sb));
        Assert.True(MemoryMarshal.TryGetArray<byte>(c, out var sc));
        Assert.Same(sa.Array, sb.Array);
        Assert.Same(sa.Array, sc.Array);
        Assert.Equal((0, 16, 24), (sa.Offset, sb.Offset, sc.Offset));
        Assert.Equal((12, 8, 1), (a.Length, b.Length, c.Length));
        Assert.Equal(sa.Array!.Length, buffers.RentedBytes);
        Assert.True(buffers.RentedBytes >= ReadBuffers.ChunkBytes);
    }

    [Fact]
    public void A_large_allocation_gets_its_own_array_and_a_full_chunk_starts_a_new_one()
    {
        using var buffers = new ReadBuffers();
        var large = buffers.Allocate((ReadBuffers.ChunkBytes / 4) + 1);
        var first = buffers.Allocate(ReadBuffers.ChunkBytes / 4);
        var second = buffers.Allocate(ReadBuffers.ChunkBytes / 4);
        var third = buffers.Allocate(ReadBuffers.ChunkBytes / 4);
        var fourth = buffers.Allocate(ReadBuffers.ChunkBytes / 4);
        var fifth = buffers.Allocate(8);
        MemoryMarshal.TryGetArray<byte>(large, out var sl);
        MemoryMarshal.TryGetArray<byte>(first, out var s1);
        MemoryMarshal.TryGetArray<byte>(fourth, out var s4);
        MemoryMarshal.TryGetArray<byte>(fifth, out var s5);
        Assert.NotSame(sl.Array, s1.Array);
        Assert.Equal(0, sl.Offset);
        Assert.Same(s1.Array, s4.Array);
        Assert.Equal(3 * ReadBuffers.ChunkBytes / 4, s4.Offset);
        Assert.NotSame(s1.Array, s5.Array);
        Assert.Equal(0, s5.Offset);
        Assert.Equal((ReadBuffers.ChunkBytes / 4, ReadBuffers.ChunkBytes / 4), (second.Length, third.Length));
    }

    [Fact]
    public void Allocating_after_dispose_throws_and_zero_bytes_rent_nothing()
    {
        var buffers = new ReadBuffers();
        Assert.True(buffers.Allocate(0).IsEmpty);
        Assert.Equal(0, buffers.RentedBytes);
        buffers.Dispose();
        buffers.Dispose();
        Assert.Throws<ObjectDisposedException>(() => buffers.Allocate(8));
    }

    [Fact]
    public void A_read_into_buffers_returns_the_same_rows_as_an_ordinary_read_from_the_buffers_memory()
    {
        var epochs = Enumerable.Range(0, 50_000).Select(i => T2024 + (60L * i)).ToArray();
        var close = Enumerable.Range(0, 50_000).Select(i => i * 0.5).ToArray();
        _store.Write(Fixed("BUF/1Min/OHLCV", Epoch(epochs), F8("Close", close)));
        // A second bucket in the same buffers: its columns must not overwrite the first one's.
        _store.Write(Fixed("SMALL/1Min/OHLCV", Epoch(T2024, T2024 + 60), F8("Close", 7, 8)));
        using var buffers = new ReadBuffers();
        var request = new ReadRequest { Start = At(T2024 + 60), Limit = 40_000, FromStart = true, Buffers = buffers };
        var pooled = _store.Read("BUF/1Min/OHLCV", request);
        var small = _store.Read("SMALL/1Min/OHLCV", request with { Start = StoreTime.MinValue });
        var plain = _store.Read("BUF/1Min/OHLCV", request with { Buffers = null });
        Assert.Equal(epochs[1..40_001], pooled.Epochs());
        Assert.Equal(close[1..40_001], pooled.Values<double>("Close"));
        Assert.Equal(plain.Epochs(), pooled.Epochs());
        Assert.Equal([T2024, T2024 + 60], small.Epochs());
        Assert.Equal([7.0, 8.0], small.Values<double>("Close"));
        Assert.True(buffers.RentedBytes >= (40_000 * 16) + 32);
        // Pooled arrays come in powers of two; an ordinary read allocates exactly the column's size.
        Assert.True(MemoryMarshal.TryGetArray(pooled.Columns[1].Data, out var rented));
        Assert.True(MemoryMarshal.TryGetArray(plain.Columns[1].Data, out var allocated));
        Assert.Equal((524_288, 320_000), (rented.Array!.Length, allocated.Array!.Length));
    }
}
