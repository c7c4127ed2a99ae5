using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace Archiver.Feeds.Connections;

/// <summary>
/// The one path by which a connection sends: messages go out one at a time (a ping never interleaves with a
/// subscribe), each at least the pacing interval after the previous one, so the exchange's per-connection message
/// limit holds for everything the client sends. Text is encoded into a reused pooled buffer.
/// </summary>
internal sealed class WebSocketSender : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1024);
    private long? _lastSent;

    public WebSocketSender(TimeSpan interval, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        _interval = interval;
        _time = time;
    }

    /// <summary>Messages sent since the sender was created.</summary>
    public long Sent { get; private set; }

    /// <summary>Sends <paramref name="text"/> as one text message once the pacing allows it.</summary>
    public async Task SendAsync(WebSocket socket, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(text);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_lastSent is { } last)
            {
                var wait = _interval - _time.GetElapsedTime(last);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }

            var length = Encode(text);
            await socket.SendAsync(_buffer.AsMemory(0, length), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            _lastSent = _time.GetTimestamp();
            Sent++;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Starts the close handshake, in turn with the other messages (a close must not interleave with a send).</summary>
    public async Task CloseOutputAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closing", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        if (_buffer.Length == 0) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private int Encode(string text)
    {
        var needed = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (needed > _buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(needed);
        }

        return Encoding.UTF8.GetBytes(text, _buffer);
    }
}
