using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Archiver.Feeds.Tests.Connections;

/// <summary>One accepted websocket.</summary>
internal sealed class ServerConnection(int index, WebSocket socket, HttpContext context)
{
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Index => index;

    /// <summary>Text messages from the client, with a monotonic receive time.</summary>
    public Observed<(string Text, TimeSpan At)> Received { get; } = new();

    public Task Closed => _closed.Task;

    public IEnumerable<string> Texts => Received.Snapshot().Select(r => r.Text);

    public Task SendAsync(string text, CancellationToken cancellationToken = default) =>
        SendFragmentsAsync([Encoding.UTF8.GetBytes(text)], cancellationToken);

    /// <summary>Sends one message as several frames (all but the last with end-of-message false).</summary>
    public async Task SendFragmentsAsync(IReadOnlyList<byte[]> fragments, CancellationToken cancellationToken = default)
    {
        await _send.WaitAsync(cancellationToken);
        try
        {
            for (var i = 0; i < fragments.Count; i++)
                await socket.SendAsync(fragments[i], WebSocketMessageType.Text, i == fragments.Count - 1, cancellationToken);
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>Drops the TCP connection without a close handshake.</summary>
    public void Abort() => context.Abort();

    internal async Task ReceiveUntilClosedAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                Received.Add((Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length), clock.Elapsed));
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away or the test aborted the connection.
        }
    }

    internal void MarkClosed() => _closed.TrySetResult();
}
