using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Archiver.Store.MessagePack;
using Microsoft.Extensions.Logging;

namespace Archiver.Store.Server.Streaming;

/// <summary>
/// One <c>/ws</c> connection: reads <c>{streams: [...]}</c> subscriptions (binary MessagePack), echoes a valid one
/// unchanged, answers an invalid pattern with <c>{error}</c> and keeps the previous set, and sends queued pushes in
/// order from one writer loop. A client that falls more than <see cref="QueueCapacity"/> messages behind loses the
/// oldest ones.
/// </summary>
public sealed class StreamSubscriber
{
    public const int QueueCapacity = 4096;

    /// <summary>Largest client message accepted (a subscription list).</summary>
    public const int MaxMessageBytes = 64 * 1024;

    private readonly WebSocket _socket;
    private readonly ILogger _logger;
    private readonly Channel<byte[]> _outgoing = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    private volatile StreamPattern[] _patterns = [];
    private WebSocketCloseStatus? _closeStatus;

    public StreamSubscriber(WebSocket socket, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(logger);
        _socket = socket;
        _logger = logger;
    }

    /// <summary>Whether any subscribed pattern matches <paramref name="key"/>.</summary>
    public bool Wants(string key)
    {
        foreach (var p in _patterns)
        {
            if (p.IsMatch(key)) return true;
        }

        return false;
    }

    /// <summary>Queues a message (never blocks the caller).</summary>
    public void Enqueue(byte[] message) => _outgoing.Writer.TryWrite(message);

    /// <summary>
    /// Serves the connection until the client closes it or the request is aborted. When <paramref name="stopping"/>
    /// fires, queued messages are sent, then a close frame; the client gets 5 s to answer it.
    /// </summary>
    public async Task RunAsync(CancellationToken stopping, CancellationToken aborted)
    {
        using var receiving = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        using var onStop = stopping.Register(() =>
        {
            _outgoing.Writer.TryComplete();
            receiving.CancelAfter(TimeSpan.FromSeconds(5));
        });
        var sender = SendLoopAsync(aborted);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxMessageBytes);
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == MaxMessageBytes)
                    {
                        _closeStatus = WebSocketCloseStatus.MessageTooBig;
                        return;
                    }

                    result = await _socket.ReceiveAsync(buffer.AsMemory(length, MaxMessageBytes - length), receiving.Token).ConfigureAwait(false);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close) return;
                HandleClientMessage(buffer.AsSpan(0, length));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException e)
        {
            _logger.LogDebug("ws connection ended: {Error}", e.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _outgoing.Writer.TryComplete();
            await sender.ConfigureAwait(false);
        }
    }

    private void HandleClientMessage(ReadOnlySpan<byte> message)
    {
        List<string>? streams = null;
        try
        {
            var reader = new MessagePackReader(message);
            var count = reader.ReadMapHeader();
            for (var i = 0; i < count; i++)
            {
                var key = reader.ReadStringBytes();
                if (key.SequenceEqual("streams"u8) && !reader.TryReadNil())
                {
                    var n = reader.ReadArrayHeader();
                    streams = new List<string>(n);
                    for (var j = 0; j < n; j++) streams.Add(reader.ReadString());
                }
                else if (!key.SequenceEqual("streams"u8)) reader.Skip();
            }
        }
        catch (MessagePackException e)
        {
            _logger.LogInformation("ws: ignoring a client message that is not a subscription: {Error}", e.Message);
            return;
        }

        if (streams is null || streams.Count == 0) return;
        var patterns = new StreamPattern[streams.Count];
        for (var i = 0; i < streams.Count; i++)
        {
            if (!StreamPattern.TryParse(streams[i], out var pattern))
            {
                Enqueue(StreamMessages.InvalidStream(streams[i]));
                return;
            }

            patterns[i] = pattern!;
        }

        _patterns = patterns;
        Enqueue(message.ToArray());
        _logger.LogInformation("ws: subscribed to {Streams}", string.Join(", ", streams));
    }

    /// <summary>The only sender: queued messages in order, then the close frame once the queue is completed.</summary>
    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await _socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                var status = _closeStatus ?? (_socket.State == WebSocketState.CloseReceived ? WebSocketCloseStatus.NormalClosure : WebSocketCloseStatus.EndpointUnavailable);
                await _socket.CloseOutputAsync(status, status == WebSocketCloseStatus.EndpointUnavailable ? "server stopping" : null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException e)
        {
            _logger.LogDebug("ws send ended: {Error}", e.Message);
        }
    }
}
