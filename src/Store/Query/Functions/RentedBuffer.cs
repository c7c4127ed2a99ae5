using System.Buffers;

namespace Archiver.Store.Query.Functions;

/// <summary>A scratch array from the shared pool for one function call; dispose to return it.</summary>
internal readonly struct RentedBuffer<T> : IDisposable where T : unmanaged
{
    private readonly T[] _array;

    public RentedBuffer(int length)
    {
        Length = length;
        _array = ArrayPool<T>.Shared.Rent(Math.Max(length, 1));
    }

    public int Length { get; }

    public Span<T> Span => _array.AsSpan(0, Length);

    public void Dispose() => ArrayPool<T>.Shared.Return(_array);
}
