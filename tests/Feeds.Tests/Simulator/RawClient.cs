using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Archiver.Feeds.Tests.Simulator;

/// <summary>A bare <see cref="ClientWebSocket"/> for talking to the simulator as an exchange client would; every
/// receive has a timeout so a missing frame fails the test instead of hanging it.</summary>
internal sealed class RawClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound on frames any "receive until" loop reads before giving up.</summary>
    public const int MaxFrames = 20_000;

    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[1 << 20];

    private RawClient()
    {
    }

    public WebSocketState State => _socket.State;

    public static async Task<RawClient> ConnectAsync(Uri uri)
    {
        var client = new RawClient();
        using var timeout = new CancellationTokenSource(Timeout);
        await client._socket.ConnectAsync(uri, timeout.Token);
        return client;
    }

    public async Task SendAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    /// <summary>The next text frame as sent.</summary>
    public async Task<string> ReceiveTextAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var count = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(_buffer.AsMemory(count), timeout.Token);
            count += result.Count;
        }
        while (!result.EndOfMessage);

        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        return Encoding.UTF8.GetString(_buffer, 0, count);
    }

    /// <summary>The next frame, which must be JSON.</summary>
    public async Task<JsonElement> ReceiveJsonAsync() => Parse(await ReceiveTextAsync());

    /// <summary>Reads frames until one satisfies <paramref name="match"/>, handing every frame read to
    /// <paramref name="seen"/> first.</summary>
    public async Task<JsonElement> ReceiveUntilAsync(Func<JsonElement, bool> match, Action<JsonElement>? seen = null)
    {
        for (var i = 0; i < MaxFrames; i++)
        {
            var frame = await ReceiveJsonAsync();
            seen?.Invoke(frame);
            if (match(frame)) return frame;
        }

        throw new Xunit.Sdk.XunitException($"No matching frame in {MaxFrames} frames.");
    }

    public static JsonElement Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
