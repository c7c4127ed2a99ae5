using System.Text;
using Archiver.Feeds.Connections;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;
using Xunit.Abstractions;

namespace Archiver.Feeds.Tests.Connections;

/// <summary>A <see cref="FeedConnection"/> against a real websocket server on the loopback interface.</summary>
public sealed class FeedConnectionTests(ITestOutputHelper output)
{
    private static readonly StreamKey BtcBook = new(ExchangeId.Binance, "BTCUSDT", StreamKind.Book);
    private static readonly StreamKey BtcTrades = new(ExchangeId.Binance, "BTCUSDT", StreamKind.Trades);

    [Fact]
    public async Task Fragmented_messages_are_reassembled_and_stamped_when_their_last_fragment_arrives()
    {
        await using var server = await TestWebSocketServer.StartAsync();
        var large = "X " + new string('a', 100_000);
        server.Script = async (c, ct) =>
        {
            await c.Received.WhenCountAsync(2);
            await c.SendFragmentsAsync(["B BT"u8.ToArray(), "CUSDT 10"u8.ToArray(), "0 101"u8.ToArray()], ct);
            await c.SendFragmentsAsync(Chunks(large, 7_000), ct);
            await c.SendAsync("T BTCUSDT", ct);
        };
        var sink = new RecordingSink();
        var handler = Handler(sink);
        await using var connection = new FeedConnection(new FakeProtocol(), Options(server.Uri), [BtcBook, BtcTrades], handler, sink, TimeProvider.System, new TestLogger(output));
        using var stop = new CancellationTokenSource(TestTimeouts.Test);
        var run = connection.RunAsync(stop.Token);

        await handler.Frames.WhenCountAsync(3);

        var frames = handler.Frames.Snapshot();
        Assert.Equal(["B BTCUSDT 100 101", large, "T BTCUSDT"], frames.Select(f => f.Text));
        Assert.All(frames, f => Assert.True(f.ReceiveMicros > 0));
        Assert.True(frames[0].ReceiveMicros <= frames[1].ReceiveMicros && frames[1].ReceiveMicros <= frames[2].ReceiveMicros);
        Assert.Equal(1, sink.Books);
        Assert.Equal(1, sink.Trades);
        Assert.False(handler.Overlapped);
        await connection.StopAsync();
        await run.WaitAsync(TestTimeouts.Step);
    }

    [Fact]
    public async Task An_oversized_message_is_skipped_and_reported_without_dropping_the_connection()
    {
        await using var server = await TestWebSocketServer.StartAsync();
        var exactlyAtLimit = "X " + new string('b', 1022);
        server.Script = async (c, ct) =>
        {
            await c.Received.WhenCountAsync(2);
            await c.SendFragmentsAsync(Chunks("X " + new string('o', 4998), 700), ct);
            // A message exactly at the limit, closed by an empty final fragment, still passes.
            await c.SendFragmentsAsync([.. Chunks(exactlyAtLimit, 512), []], ct);
            await c.SendAsync("T BTCUSDT", ct);
        };
        var sink = new RecordingSink();
        var handler = Handler(sink);
        var options = Options(server.Uri);
        options.MaxMessageBytes = 1024;
        await using var connection = new FeedConnection(new FakeProtocol(), options, [BtcBook, BtcTrades], handler, sink, TimeProvider.System, new TestLogger(output));
        using var stop = new CancellationTokenSource(TestTimeouts.Test);
        var run = connection.RunAsync(stop.Token);

        await handler.Frames.WhenCountAsync(2);

        Assert.Equal([exactlyAtLimit, "T BTCUSDT"], handler.Frames.Snapshot().Select(f => f.Text));
        var malformed = Assert.Single(sink.Of(FeedEventKind.MalformedFrame));
        Assert.Contains("5000 bytes, over the 1024-byte limit", malformed.Detail, StringComparison.Ordinal);
        Assert.Equal(1, connection.MessagesSkipped);
        Assert.Equal(1, server.Connections.Count);
        Assert.Empty(sink.Of(FeedEventKind.Disconnected));
        Assert.True(connection.IsConnected);
        await connection.StopAsync();
        await run.WaitAsync(TestTimeouts.Step);
    }

    [Fact]
    public async Task A_dropped_connection_is_reopened_resubscribed_and_reported_with_its_outage()
    {
        await using var server = await TestWebSocketServer.StartAsync();
        var sink = new RecordingSink();
        var handler = Handler(sink);
        server.Script = async (c, ct) =>
        {
            await c.Received.WhenCountAsync(2);
            await c.SendAsync("B BTCUSDT 100 101", ct);
            if (c.Index != 0) return;
            await handler.Frames.WhenCountAsync(1);
            c.Abort();
        };
        var options = Options(server.Uri);
        await using var connection = new FeedConnection(new FakeProtocol(), options, [BtcBook, BtcTrades], handler, sink, TimeProvider.System, new TestLogger(output));
        using var stop = new CancellationTokenSource(TestTimeouts.Test);
        var run = connection.RunAsync(stop.Token);

        await handler.Lifecycle.WhenCountAsync(3);
        await handler.Frames.WhenCountAsync(2);
        var second = (await WhenConnection(server, 1));
        await second.Received.WhenCountAsync(2);

        Assert.Equal([FakeProtocol.Subscribe(BtcBook), FakeProtocol.Subscribe(BtcTrades)], second.Texts);
        var lifecycle = handler.Lifecycle.Snapshot();
        Assert.Equal((true, false), (lifecycle[0].Connected, lifecycle[0].IsReconnect));
        Assert.False(lifecycle[1].Connected);
        Assert.Equal((true, true), (lifecycle[2].Connected, lifecycle[2].IsReconnect));
        var outage = lifecycle[2].TimeMicros - lifecycle[1].TimeMicros;
        Assert.True(outage >= options.ReconnectDelayMin.TotalMicroseconds, $"reconnected after {outage} µs");

        var events = sink.Events.Snapshot().Where(e => e.Kind is FeedEventKind.Connected or FeedEventKind.Disconnected).ToArray();
        Assert.Equal([FeedEventKind.Connected, FeedEventKind.Disconnected, FeedEventKind.Connected], events.Select(e => e.Kind));
        Assert.Equal(0, events[0].DurationMicros);
        Assert.Equal(lifecycle[1].TimeMicros, events[1].TimeMicros);
        Assert.Equal(outage, events[2].DurationMicros);
        Assert.Equal(1, connection.Reconnects);
        Assert.False(handler.Overlapped);
        await stop.CancelAsync();
        await run.WaitAsync(TestTimeouts.Step);
    }

    [Fact]
    public async Task Subscriptions_and_pings_are_paced_to_the_exchange_message_limit()
    {
        await using var server = await TestWebSocketServer.StartAsync();
        var protocol = new FakeProtocol { MaxClientMessagesPerSecond = 20, PingMessage = "ping", PingInterval = TimeSpan.FromMilliseconds(100) };
        var options = Options(server.Uri, "BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT", "DOGEUSDT", "BNBUSDT", "LTCUSDT");
        options.IdleTimeout = TimeSpan.FromSeconds(30); // the server does not answer pings
        var streams = options.Streams();
        var sink = new RecordingSink();
        var handler = Handler(sink);
        await using var connection = new FeedConnection(protocol, options, streams, handler, sink, TimeProvider.System, new TestLogger(output));
        using var stop = new CancellationTokenSource(TestTimeouts.Test);
        var run = connection.RunAsync(stop.Token);

        var client = await WhenConnection(server, 0);
        await client.Received.WhenAsync(r => r.Count(m => m.Text == "ping") >= 3 && r.Count(m => m.Text != "ping") == streams.Count);

        var received = client.Received.Snapshot();
        Assert.Equal(streams.Select(FakeProtocol.Subscribe), received.Where(r => r.Text != "ping").Select(r => r.Text));
        var interval = options.ClientMessageInterval(protocol);
        Assert.Equal(TimeSpan.FromMilliseconds(55), interval);
        // The exchange's rule, checked where the exchange checks it: no 1-second window holds more than the limit.
        for (var i = 0; i < received.Count; i++)
        {
            var inWindow = received.Skip(i).TakeWhile(r => r.At - received[i].At < TimeSpan.FromSeconds(1)).Count();
            Assert.True(inWindow <= protocol.MaxClientMessagesPerSecond, $"{inWindow} messages within a second from message {i}");
        }

        // And on average the messages are spaced by the interval (single arrivals may bunch on a loaded machine).
        var average = (received[^1].At - received[0].At) / (received.Count - 1);
        Assert.True(average >= interval - TimeSpan.FromMilliseconds(5), $"messages arrived {average.TotalMilliseconds} ms apart on average");

        await connection.StopAsync();
        await run.WaitAsync(TestTimeouts.Step);
    }

    [Fact]
    public async Task A_resubscribe_sends_unsubscribe_then_subscribe_and_repeats_too_soon_are_dropped()
    {
        await using var server = await TestWebSocketServer.StartAsync();
        var sink = new RecordingSink();
        var handler = Handler(sink);
        var options = Options(server.Uri);
        options.ResubscribeMinInterval = TimeSpan.FromMinutes(1);
        await using var connection = new FeedConnection(new FakeProtocol(), options, [BtcBook, BtcTrades], handler, sink, TimeProvider.System, new TestLogger(output));
        using var stop = new CancellationTokenSource(TestTimeouts.Test);
        var run = connection.RunAsync(stop.Token);
        var client = await WhenConnection(server, 0);
        await client.Received.WhenCountAsync(2);

        IFeedControl control = connection;
        control.Resubscribe(BtcBook, "gap");
        await client.Received.WhenAnyAsync(r => r.Text == FakeProtocol.Subscribe(BtcBook) && client.Received.Count > 2);
        control.Resubscribe(BtcBook, "gap again");
        control.Resubscribe(BtcTrades, "gap");
        await client.Received.WhenCountAsync(6);

        Assert.Equal(
            [
                FakeProtocol.Subscribe(BtcBook), FakeProtocol.Subscribe(BtcTrades),
                FakeProtocol.Unsubscribe(BtcBook), FakeProtocol.Subscribe(BtcBook),
                FakeProtocol.Unsubscribe(BtcTrades), FakeProtocol.Subscribe(BtcTrades),
            ],
            client.Texts);
        Assert.Equal(2, connection.Resubscribes);
        Assert.Throws<ArgumentException>(() => control.Resubscribe(new StreamKey(ExchangeId.Binance, "XRPUSDT", StreamKind.Book), "not mine"));
        await connection.StopAsync();
        await run.WaitAsync(TestTimeouts.Step);
    }

    [Fact]
    public async Task A_connection_on_which_nothing_arrives_is_reopened()
    {
        await using var server = await TestWebSocketServer.StartAsync();
        var sink = new RecordingSink();
        var handler = Handler(sink);
        var options = Options(server.Uri);
        options.IdleTimeout = TimeSpan.FromMilliseconds(300);
        await using var connection = new FeedConnection(new FakeProtocol(), options, [BtcBook, BtcTrades], handler, sink, TimeProvider.System, new TestLogger(output));
        using var stop = new CancellationTokenSource(TestTimeouts.Test);
        var run = connection.RunAsync(stop.Token);

        await WhenConnection(server, 1);
        await sink.Events.WhenAnyAsync(e => e.Kind == FeedEventKind.Disconnected);

        var lost = sink.Of(FeedEventKind.Disconnected)[0];
        Assert.Contains("nothing received for 0.3 s", lost.Detail, StringComparison.Ordinal);
        await stop.CancelAsync();
        await run.WaitAsync(TestTimeouts.Step);
    }

    internal static FeedOptions Options(Uri endpoint, params string[] symbols) => new()
    {
        Exchange = ExchangeId.Binance,
        Endpoint = endpoint,
        Symbols = symbols.Length == 0 ? ["BTCUSDT"] : [.. symbols],
        ReconnectDelayMin = TimeSpan.FromMilliseconds(20),
        ReconnectDelayMax = TimeSpan.FromMilliseconds(200),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    internal static async Task<ServerConnection> WhenConnection(TestWebSocketServer server, int index)
    {
        await server.Connections.WhenCountAsync(index + 1);
        return server.Connections.Snapshot()[index];
    }

    private static FakeHandler Handler(IFeedSink sink) =>
        new(ExchangeId.Binance, [BtcBook, BtcTrades], 20, sink, IFeedControl.None);

    private static byte[][] Chunks(string text, int size)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return bytes.Chunk(size).ToArray();
    }
}
