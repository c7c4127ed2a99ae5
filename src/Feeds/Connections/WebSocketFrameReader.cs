using System.Buffers;
using System.Net.WebSockets;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Connections;

/// <summary>
/// Reads whole websocket messages: reassembles fragments into one pooled buffer that grows up to the message limit and
/// is reused for every message (no allocation per message once it has grown to the usual size), skips messages over
/// the limit without ending the connection, and stamps each message with the time its last fragment arrived.
/// One reader serves one connection (and its reconnects); it is not thread-safe.
/// </summary>
internal sealed class WebSocketFrameReader : IDisposable
{
    /// <summary>The buffer's first size; books of 20 levels fit comfortably.</summary>
    internal const int InitialCapacity = 16 * 1024;

    /// <summary>The buffer grows when less than this is free for the next receive.</summary>
    private const int MinReceiveSpace = 4 * 1024;

    private readonly int _maxMessageBytes;
    private readonly TimeProvider _time;
    private byte[] _buffer;
    private byte[]? _discard;
    private int _length;

    public WebSocketFrameReader(int maxMessageBytes, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessageBytes);
        ArgumentNullException.ThrowIfNull(time);
        _maxMessageBytes = maxMessageBytes;
        _time = time;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialCapacity, maxMessageBytes));
    }

    /// <summary>The last <see cref="FrameReadKind.Text"/> message, valid until the next read.</summary>
    public ReadOnlySpan<byte> Message => _buffer.AsSpan(0, _length);

    /// <summary>The buffer's current size (it only grows, up to the message limit).</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Reads the next whole message. Throws what the socket throws (a lost connection, a cancellation).</summary>
    public async ValueTask<FrameReadResult> ReadAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        _length = 0;
        long received = 0;
        var oversized = false;
        while (true)
        {
            Memory<byte> target;
            if (oversized)
            {
                target = Discard();
            }
            else
            {
                EnsureSpace();
                // At the limit with the message not yet ended: one more byte makes it oversized; receive into the
                // discard buffer so a message of exactly the limit (closed by an empty final fragment) still passes.
                target = _length < _buffer.Length ? _buffer.AsMemory(_length) : Discard();
            }

            var result = await socket.ReceiveAsync(target, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                _length = 0;
                return new FrameReadResult(FrameReadKind.Closed, 0, FeedClock.NowMicros(_time), socket.CloseStatus, socket.CloseStatusDescription);
            }

            received += result.Count;
            if (!oversized)
            {
                if (_length < _buffer.Length) _length += result.Count;
                else if (result.Count > 0) oversized = true;
                if (_length > _maxMessageBytes) oversized = true;
            }

            if (!result.EndOfMessage) continue;
            var receiveMicros = FeedClock.NowMicros(_time);
            if (oversized)
            {
                _length = 0;
                return new FrameReadResult(FrameReadKind.Oversized, received, receiveMicros);
            }

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                _length = 0;
                return new FrameReadResult(FrameReadKind.Binary, received, receiveMicros);
            }

            return new FrameReadResult(FrameReadKind.Text, received, receiveMicros);
        }
    }

    public void Dispose()
    {
        if (_buffer.Length == 0) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        if (_discard is not null) ArrayPool<byte>.Shared.Return(_discard);
        _discard = null;
        _length = 0;
    }

    private void EnsureSpace()
    {
        if (_buffer.Length - _length >= MinReceiveSpace || _buffer.Length >= _maxMessageBytes) return;
        var size = (int)Math.Min((long)_buffer.Length * 2, _maxMessageBytes);
        var grown = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _length).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
    }

    private Memory<byte> Discard() => _discard ??= ArrayPool<byte>.Shared.Rent(MinReceiveSpace);
}
