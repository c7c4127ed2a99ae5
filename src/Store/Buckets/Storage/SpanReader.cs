using System.Buffers.Binary;
using System.Text;

namespace Archiver.Store.Buckets.Storage;

/// <summary>Little-endian reads from a span with bounds checks (<see cref="InvalidDataException"/> past the end).</summary>
internal ref struct SpanReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly ReadOnlySpan<byte> _span;

    public SpanReader(ReadOnlySpan<byte> span)
    {
        _span = span;
        Position = 0;
    }

    public int Position { get; private set; }

    public int Remaining => _span.Length - Position;

    public byte U8() => Take(1)[0];

    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public int I32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long I64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public string Str() => StrictUtf8.GetString(Take(U16()));

    /// <summary>Skips <paramref name="length"/> bytes and returns their offset.</summary>
    public int Skip(long length)
    {
        if (length < 0 || length > Remaining) throw new InvalidDataException($"{length} bytes needed at {Position}, {Remaining} left");
        var at = Position;
        Position += (int)length;
        return at;
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n > Remaining) throw new InvalidDataException($"{n} bytes needed at {Position}, {Remaining} left");
        var s = _span.Slice(Position, n);
        Position += n;
        return s;
    }
}
