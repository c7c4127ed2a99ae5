using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Archiver.Feeds.Model;
using Microsoft.AspNetCore.Http;

namespace Archiver.Feeds.Simulator;

/// <summary>
/// One client connection to a simulated exchange: an outgoing frame queue drained by a send loop (so frames queued
/// under the feed lock keep their order), and a receive loop that hands each client text message to the exchange's
/// protocol (<see cref="OnMessage"/>). Subscription state is read and written under the feed's lock.
/// </summary>
internal abstract class SimulatorSession
{
    /// <summary>Largest client message accepted; a longer one ends the connection.</summary>
    public const int MaxClientMessageBytes = 64 * 1024;

    /// <summary>Frames queued for a client that does not read; beyond this the connection is dropped, as exchanges
    /// drop slow consumers.</summary>
    public const int MaxQueuedFrames = 100_000;

    private readonly WebSocket _socket;
    private readonly HttpContext _http;
    private readonly Channel<byte[]> _outbound = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(MaxQueuedFrames) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    protected SimulatorSession(SimulatedFeed feed, WebSocket socket, HttpContext http, string id)
    {
        Feed = feed;
        _socket = socket;
        _http = http;
        Id = id;
    }

    public string Id { get; }

    protected SimulatedFeed Feed { get; }

    /// <summary>Whether this connection currently receives <paramref name="stream"/>. Call under the feed lock.</summary>
    public abstract bool IsSubscribed(StreamKey stream);

    /// <summary>Runs under the feed lock when the connection opens (a greeting, URL-named streams); returns the streams
    /// subscribed by it.</summary>
    public virtual IReadOnlyList<StreamKey> OpenLocked() => [];

    /// <summary>Queues a text frame. A client that lets <see cref="MaxQueuedFrames"/> pile up is dropped.</summary>
    public void Enqueue(byte[] frame)
    {
        if (!_outbound.Writer.TryWrite(frame)) AbortLocked();
    }

    public void Enqueue(string text) => Enqueue(Encoding.UTF8.GetBytes(text));

    /// <summary>Kills the connection without a close handshake. Call under the feed lock: the HTTP context is only valid
    /// while the session is registered with its feed.</summary>
    public void AbortLocked()
    {
        _outbound.Writer.TryComplete();
        _socket.Abort();
        _http.Abort();
    }

    /// <summary>Serves the connection until the client closes it, it breaks, or <paramref name="cancellationToken"/>.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var sending = SendLoopAsync(cancellationToken);
        var closedByClient = false;
        try
        {
            closedByClient = await ReceiveLoopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
        }

        _outbound.Writer.TryComplete();
        await sending.ConfigureAwait(false);
        if (closedByClient && _socket.State == WebSocketState.CloseReceived)
        {
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsConnectionFailure(e))
            {
            }
        }
        else
        {
            _socket.Abort();
        }
    }

    /// <summary>Handles one complete client text message (on the receive loop).</summary>
    protected abstract void OnMessage(ReadOnlySpan<byte> message);

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in _outbound.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
                Feed.CountSent();
            }
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            _socket.Abort();
        }
    }

    /// <returns>True when the client sent a close frame.</returns>
    private async Task<bool> ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxClientMessageBytes];
        while (true)
        {
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (count == buffer.Length) return false; // too long: RunAsync aborts the connection
                result = await _socket.ReceiveAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
                count += result.Count;
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close) return true;
            if (result.MessageType == WebSocketMessageType.Text) OnMessage(buffer.AsSpan(0, count));
        }
    }

    private static bool IsConnectionFailure(Exception e) =>
        e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException;
}
