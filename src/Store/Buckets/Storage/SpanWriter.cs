using System.Buffers.Binary;
using System.Text;

namespace Archiver.Store.Buckets.Storage;

/// <summary>Little-endian writes into a fixed span (meta files and log records); strings are u16 length + UTF-8.</summary>
internal ref struct SpanWriter
{
    private readonly Span<byte> _span;

    public SpanWriter(Span<byte> span)
    {
        _span = span;
        Position = 0;
    }

    public int Position { get; private set; }

    public void U8(byte v) => _span[Position++] = v;

    public void U16(ushort v)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_span[Position..], v);
        Position += 2;
    }

    public void U32(uint v)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_span[Position..], v);
        Position += 4;
    }

    public void I32(int v)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_span[Position..], v);
        Position += 4;
    }

    public void I64(long v)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_span[Position..], v);
        Position += 8;
    }

    public void Str(string s)
    {
        var n = Encoding.UTF8.GetBytes(s, _span[(Position + 2)..]);
        U16((ushort)n);
        Position += n;
    }

    /// <summary>Reserves <paramref name="length"/> bytes and returns their offset.</summary>
    public int Skip(int length)
    {
        var at = Position;
        Position += length;
        return at;
    }

    /// <summary>Bytes a string takes.</summary>
    public static int StrSize(string s) => 2 + Encoding.UTF8.GetByteCount(s);
}
