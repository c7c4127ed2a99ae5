using System.Buffers;

namespace Archiver.Store.Server.Rpc;

/// <summary>An <see cref="IBufferWriter{T}"/> that only counts what is written (to know a reply's Content-Length before sending it).</summary>
internal sealed class ByteCounter : IBufferWriter<byte>, IPayloadSink
{
    private byte[] _scratch = new byte[256];

    public long Count { get; private set; }

    /// <summary>Counts a payload that is not passed through the writer.</summary>
    public void AddPayload(ReadOnlyMemory<byte> payload) => Count += payload.Length;

    public void Advance(int count) => Count += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => Scratch(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => Scratch(sizeHint);

    private byte[] Scratch(int sizeHint)
    {
        if (sizeHint > _scratch.Length) _scratch = new byte[Math.Max(sizeHint, _scratch.Length * 2)];
        return _scratch;
    }
}
