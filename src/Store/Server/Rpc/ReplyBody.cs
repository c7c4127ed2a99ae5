using System.Buffers;
using System.IO.Pipelines;

namespace Archiver.Store.Server.Rpc;

/// <summary>
/// A MessagePack reply laid out before it is sent: the encoded structure (maps, keys, headers; small) in one buffer,
/// and every column payload as a reference to the query result's own memory. Its <see cref="Length"/> is the
/// Content-Length; <see cref="SendAsync"/> copies each payload once, straight into the response pipe, flushing every
/// <see cref="FlushBytes"/> so sending overlaps copying and the pipe reuses a few warm blocks instead of buffering the
/// whole reply.
/// </summary>
internal sealed class ReplyBody : IBufferWriter<byte>, IPayloadSink
{
    /// <summary>Bytes copied into the pipe between flushes.</summary>
    public const int FlushBytes = 1 << 20;

    private readonly ArrayBufferWriter<byte> _encoded = new(1024);
    private readonly List<(int EncodedEnd, ReadOnlyMemory<byte> Payload)> _payloads = [];
    private long _payloadBytes;

    /// <summary>Total bytes of the reply.</summary>
    public long Length => _encoded.WrittenCount + _payloadBytes;

    public void Advance(int count) => _encoded.Advance(count);

    public Memory<byte> GetMemory(int sizeHint = 0) => _encoded.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => _encoded.GetSpan(sizeHint);

    /// <summary>A payload that follows the bytes encoded so far; referenced, not copied.</summary>
    public void AddPayload(ReadOnlyMemory<byte> payload)
    {
        if (payload.IsEmpty) return;
        _payloads.Add((_encoded.WrittenCount, payload));
        _payloadBytes += payload.Length;
    }

    /// <summary>Copies the reply into <paramref name="output"/> in order, flushing every <see cref="FlushBytes"/>, and flushes at the end.</summary>
    public async ValueTask SendAsync(PipeWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var encoded = _encoded.WrittenMemory;
        var sent = 0;
        var unflushed = 0L;
        foreach (var (end, payload) in _payloads)
        {
            Copy(output, encoded.Span[sent..end]);
            unflushed += end - sent;
            sent = end;
            for (var at = 0; at < payload.Length;)
            {
                var n = (int)Math.Min(payload.Length - at, FlushBytes - unflushed);
                Copy(output, payload.Span.Slice(at, n));
                at += n;
                unflushed += n;
                if (unflushed < FlushBytes) continue;
                var flushed = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flushed.IsCompleted || flushed.IsCanceled) return;
                unflushed = 0;
            }
        }

        Copy(output, encoded.Span[sent..]);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies into whatever block the pipe has (no size hint: a large hint makes the pipe allocate a fresh array).</summary>
    private static void Copy(PipeWriter output, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var span = output.GetSpan();
            var n = Math.Min(span.Length, bytes.Length);
            bytes[..n].CopyTo(span);
            output.Advance(n);
            bytes = bytes[n..];
        }
    }
}
