using System.Buffers;

namespace Archiver.Store.Server.Rpc;

/// <summary>An <see cref="IBufferWriter{T}"/> that only counts what is written (to know a reply's Content-Length before sending it).</summary>
internal sealed class ByteCounter : IBufferWriter<byte>
{
    private byte[] _scratch = new byte[256];

    public long Count { get; private set; }

    /// <summary>Counts <paramref name="bytes"/> bytes that are not passed through the writer (column payloads).</summary>
    public void Add(long bytes) => Count += bytes;

    public void Advance(int count) => Count += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => Scratch(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => Scratch(sizeHint);

    private byte[] Scratch(int sizeHint)
    {
        if (sizeHint > _scratch.Length) _scratch = new byte[Math.Max(sizeHint, _scratch.Length * 2)];
        return _scratch;
    }
}
