using System.Buffers;
using System.Net.WebSockets;
using Archiver.Store.MessagePack;

namespace Archiver.Store.Tests.Server;

/// <summary><c>/ws</c>: binary MessagePack frames, subscribe echo, invalid pattern error, pushes of the latest written record.</summary>
public sealed class StreamingTests
{
    internal static byte[] Subscribe(params string[] streams)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(buffer);
        w.WriteMapHeader(1);
        w.WriteString("streams");
        MsgTree.Strings(w, streams);
        return buffer.WrittenSpan.ToArray();
    }

    internal static async Task<ClientWebSocket> ConnectAsync(ServerFixture f)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(new Uri(f.Server.Url, "/ws")) { Scheme = "ws" }.Uri, CancellationToken.None);
        return socket;
    }

    internal static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[65536];
        var length = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), timeout.Token);
            length += result.Count;
        }
        while (!result.EndOfMessage);
        return (result.MessageType, buffer[..length]);
    }

    internal static Task SendAsync(ClientWebSocket socket, byte[] message) =>
        socket.SendAsync(message, WebSocketMessageType.Binary, true, CancellationToken.None);

    internal static async Task WaitForSubscribersAsync(ServerFixture f, int count)
    {
        for (var i = 0; i < 200 && f.Server.StreamConnections < count; i++) await Task.Delay(10);
        Assert.Equal(count, f.Server.StreamConnections);
    }

    [Fact]
    public async Task Subscribe_is_echoed_byte_for_byte_in_a_binary_frame_and_writes_are_pushed_once_per_batch()
    {
        await using var f = await ServerFixture.StartAsync();
        using var socket = await ConnectAsync(f);
        var subscribe = Subscribe("BTC/*/*");
        await SendAsync(socket, subscribe);
        var echo = await ReceiveAsync(socket);
        Assert.Equal(WebSocketMessageType.Binary, echo.Type);
        Assert.Equal(subscribe, echo.Data);
        await WaitForSubscribersAsync(f, 1);

        await f.RpcAsync(MsgTree.WriteRequest("ETH/1Min/OHLCV", 1, false, ("Epoch", "i8", MsgTree.Bytes(1500000000L)), ("Close", "f4", MsgTree.Bytes(9f))));
        await f.RpcAsync(MsgTree.WriteRequest("BTC/1Min/OHLCV", 3, false,
            ("Epoch", "i8", MsgTree.Bytes(1500000000L, 1500000120L, 1500000060L)), ("Close", "f4", MsgTree.Bytes(1.5f, 3.5f, 2.5f)), ("Volume", "f8", MsgTree.Bytes(1.0, 3.0, 2.0))));
        await f.RpcAsync(MsgTree.WriteRequest("BTC/1Sec/TICK", 1, true,
            ("Epoch", "i8", MsgTree.Bytes(1500000000L)), ("Price", "f8", MsgTree.Bytes(7.25)), ("Nanoseconds", "i4", MsgTree.Bytes(123))));

        var push = MsgTree.Decode((await ReceiveAsync(socket)).Data);
        Assert.Equal(["key", "data"], MsgTree.Keys(push));
        Assert.Equal("BTC/1Min/OHLCV", MsgTree.Get(push, "key"));
        var data = MsgTree.Get(push, "data");
        Assert.Equal(["Epoch", "Close", "Volume"], MsgTree.Keys(data));
        Assert.Equal(1500000120L, MsgTree.Get(data, "Epoch"));
        Assert.Equal(3.5, MsgTree.Get(data, "Close"));
        Assert.Equal(3.0, MsgTree.Get(data, "Volume"));

        var tick = MsgTree.Decode((await ReceiveAsync(socket)).Data);
        Assert.Equal("BTC/1Sec/TICK", MsgTree.Get(tick, "key"));
        Assert.Equal(123L, MsgTree.Get(MsgTree.Get(tick, "data"), "Nanoseconds"));
        Assert.Equal(7.25, MsgTree.Get(MsgTree.Get(tick, "data"), "Price"));
    }

    [Fact]
    public async Task Push_sends_float32_as_float32_and_u16_strings_as_str()
    {
        await using var f = await ServerFixture.StartAsync();
        using var socket = await ConnectAsync(f);
        await SendAsync(socket, Subscribe("*/*/*"));
        await ReceiveAsync(socket);
        await WaitForSubscribersAsync(f, 1);
        var name = new byte[64];
        Archiver.Store.Buckets.U16.Encode("héllo", name);
        await f.RpcAsync(MsgTree.WriteRequest("S/1Sec/X", 1, false, ("Epoch", "i8", MsgTree.Bytes(1L)), ("F", "f4", MsgTree.Bytes(1.5f)), ("Name", "U16", name), ("U", "u8", MsgTree.Bytes(ulong.MaxValue))));
        var frame = (await ReceiveAsync(socket)).Data;
        Assert.True(frame.AsSpan().IndexOf(new byte[] { 0xa1, (byte)'F', 0xca, 0x3f, 0xc0, 0, 0 }) > 0);
        var reader = new MessagePackReader(frame);
        reader.ReadMapHeader();
        reader.Skip();
        reader.Skip();
        reader.Skip();
        reader.ReadMapHeader();
        reader.Skip();
        reader.Skip();
        reader.Skip();
        reader.Skip();
        Assert.Equal("Name", reader.ReadString());
        Assert.Equal("héllo", reader.ReadString());
        Assert.Equal("U", reader.ReadString());
        Assert.Equal(ulong.MaxValue, reader.ReadUInt64());
    }

    [Fact]
    public async Task Invalid_pattern_gets_an_error_and_keeps_the_previous_subscription()
    {
        await using var f = await ServerFixture.StartAsync();
        using var socket = await ConnectAsync(f);
        await SendAsync(socket, Subscribe("ETH/*/*"));
        await ReceiveAsync(socket);
        await SendAsync(socket, Subscribe("BTC/*/*", "BTC/*"));
        var error = MsgTree.Decode((await ReceiveAsync(socket)).Data);
        Assert.Equal("BTC/* is an invalid stream", MsgTree.Get(error, "error"));
        await SendAsync(socket, [0xc1, 0x00]);
        await SendAsync(socket, Subscribe());
        await WaitForSubscribersAsync(f, 1);

        await f.RpcAsync(MsgTree.WriteRequest("BTC/1Min/OHLCV", 1, false, ("Epoch", "i8", MsgTree.Bytes(60L)), ("Close", "f4", MsgTree.Bytes(1f))));
        await f.RpcAsync(MsgTree.WriteRequest("ETH/1Min/OHLCV", 1, false, ("Epoch", "i8", MsgTree.Bytes(60L)), ("Close", "f4", MsgTree.Bytes(2f))));
        var push = MsgTree.Decode((await ReceiveAsync(socket)).Data);
        Assert.Equal("ETH/1Min/OHLCV", MsgTree.Get(push, "key"));
    }

    [Fact]
    public async Task A_new_subscription_replaces_the_old_set()
    {
        await using var f = await ServerFixture.StartAsync();
        using var socket = await ConnectAsync(f);
        await SendAsync(socket, Subscribe("ETH/*/*"));
        await ReceiveAsync(socket);
        await SendAsync(socket, Subscribe("BTC/*/*"));
        await ReceiveAsync(socket);
        await WaitForSubscribersAsync(f, 1);
        await f.RpcAsync(MsgTree.WriteRequest("ETH/1Min/OHLCV", 1, false, ("Epoch", "i8", MsgTree.Bytes(60L)), ("Close", "f4", MsgTree.Bytes(2f))));
        await f.RpcAsync(MsgTree.WriteRequest("BTC/1Min/OHLCV", 1, false, ("Epoch", "i8", MsgTree.Bytes(60L)), ("Close", "f4", MsgTree.Bytes(1f))));
        Assert.Equal("BTC/1Min/OHLCV", MsgTree.Get(MsgTree.Decode((await ReceiveAsync(socket)).Data), "key"));
    }

    [Fact]
    public async Task Stopping_the_server_closes_open_streams()
    {
        var f = await ServerFixture.StartAsync();
        using var socket = await ConnectAsync(f);
        await SendAsync(socket, Subscribe("*/*/*"));
        await ReceiveAsync(socket);
        await WaitForSubscribersAsync(f, 1);
        var stop = f.Server.StopAsync(CancellationToken.None);
        var closing = await ReceiveAsync(socket);
        Assert.Equal(WebSocketMessageType.Close, closing.Type);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.CloseStatus);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await stop;
        Assert.Equal(0, f.Server.StreamConnections);
        await f.DisposeAsync();
    }
}
