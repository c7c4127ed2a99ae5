using System.Globalization;
using Archiver.Feeds.Connections;
using Archiver.Feeds.Model;
using Xunit.Abstractions;

namespace Archiver.Feeds.Tests.Connections;

/// <summary>An <see cref="ExchangeFeed"/> against a real websocket server on the loopback interface.</summary>
public sealed class ExchangeFeedTests(ITestOutputHelper output)
{
    [Fact]
    public void Streams_are_spread_over_connections_keeping_each_symbol_on_one()
    {
        var options = new FeedOptions { Exchange = ExchangeId.Binance, Symbols = ["A", "B", "C", "D", "E"] };
        var streams = options.Streams();

        var split = ExchangeFeed.Split(streams, maxPerConnection: 5, streamsPerSymbol: 2);

        Assert.Equal([4, 4, 2], split.Select(c => c.Count));
        Assert.All(split, c => Assert.Equal(c.Count / 2, c.Select(s => s.Symbol).Distinct().Count()));
        Assert.Equal(streams, split.SelectMany(c => c));
        Assert.Equal([1, 1, 1], ExchangeFeed.Split(streams.Take(3).ToArray(), 1, 2).Select(c => c.Count));
    }

    [Fact]
    public async Task Each_connection_subscribes_its_own_streams_with_its_own_handler()
    {
        await using var server = await TestWebSocketServer.StartAsync();
        var protocol = new FakeProtocol { MaxStreamsPerConnection = 2 };
        var options = FeedConnectionTests.Options(server.Uri, "BTCUSDT", "ETHUSDT", "SOLUSDT");
        var sink = new RecordingSink();
        await using var feed = new ExchangeFeed(protocol, options, sink, TimeProvider.System, new TestLogger(output));
        using var stop = new CancellationTokenSource(TestTimeouts.Test);
        var run = feed.RunAsync(stop.Token);

        await server.Connections.WhenCountAsync(3);
        var connections = server.Connections.Snapshot();
        foreach (var connection in connections) await connection.Received.WhenCountAsync(2);

        Assert.Equal(3, protocol.Handlers.Count);
        var subscribed = connections.Select(c => string.Join(",", c.Texts.Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal);
        Assert.Equal(
            [
                "sub binance:BTCUSDT:l2book,sub binance:BTCUSDT:trades",
                "sub binance:ETHUSDT:l2book,sub binance:ETHUSDT:trades",
                "sub binance:SOLUSDT:l2book,sub binance:SOLUSDT:trades",
            ],
            subscribed);
        Assert.Equal(3, sink.Of(FeedEventKind.Connected).Count);
        await stop.CancelAsync();
        await run.WaitAsync(TestTimeouts.Step);
    }

    [Fact]
    public async Task The_watchdog_resubscribes_a_subscribed_stream_that_stays_silent()
    {
        await using var server = await TestWebSocketServer.StartAsync();
        server.Script = async (c, ct) =>
        {
            await c.Received.WhenCountAsync(4);
            // BTC's book flows; ETH's book was acknowledged (say) but never sends anything.
            for (var i = 0; !ct.IsCancellationRequested; i++)
            {
                await c.SendAsync($"B BTCUSDT {100 + (i % 2)} 102", ct);
                await Task.Delay(20, ct); // the server's send rate, not a wait for the client
            }
        };
        var protocol = new FakeProtocol();
        var options = FeedConnectionTests.Options(server.Uri, "BTCUSDT", "ETHUSDT");
        options.BookStaleAfter = TimeSpan.FromSeconds(2); // generous: a loaded machine stalls the server now and then
        var sink = new RecordingSink();
        await using var feed = new ExchangeFeed(protocol, options, sink, TimeProvider.System, new TestLogger(output));
        using var stop = new CancellationTokenSource(TestTimeouts.Test);
        var run = feed.RunAsync(stop.Token);
        var ethBook = new StreamKey(ExchangeId.Binance, "ETHUSDT", StreamKind.Book);

        var client = await FeedConnectionTests.WhenConnection(server, 0);
        await client.Received.WhenAnyAsync(r => r.Text == FakeProtocol.Unsubscribe(ethBook));
        await client.Received.WhenAsync(r => r.Count(m => m.Text == FakeProtocol.Subscribe(ethBook)) == 2);

        var stale = Assert.Single(sink.Of(FeedEventKind.StreamStale));
        Assert.Equal(ethBook, stale.Stream);
        Assert.DoesNotContain(client.Texts, t => t.StartsWith("unsub", StringComparison.Ordinal) && t != FakeProtocol.Unsubscribe(ethBook));
        Assert.Equal(1, server.Connections.Count);
        await stop.CancelAsync();
        await run.WaitAsync(TestTimeouts.Step);
    }

    [Fact]
    public async Task Rotation_opens_the_replacement_before_closing_the_old_connection_and_loses_nothing()
    {
        await using var server = await TestWebSocketServer.StartAsync();
        var protocol = new FakeProtocol { MaxConnectionLifetime = TimeSpan.FromSeconds(2) };
        var options = FeedConnectionTests.Options(server.Uri, "BTCUSDT");
        options.ConnectionRotationMargin = TimeSpan.FromSeconds(1.5);
        options.RotationReadyTimeout = TimeSpan.FromSeconds(10);
        var sink = new RecordingSink();
        await using var feed = new ExchangeFeed(protocol, options, sink, TimeProvider.System, new TestLogger(output));
        using var stop = new CancellationTokenSource(TestTimeouts.Test);
        var run = feed.RunAsync(stop.Token);
        var exchange = BroadcastAsync(server, stop.Token);

        await sink.Events.WhenAnyAsync(e => e.Kind == FeedEventKind.Rotated);
        await server.Timeline.WhenAnyAsync(t => t == ("closed", 0));
        var handler = Assert.Single(protocol.Handlers.Snapshot());
        var framesAtClose = handler.Frames.Count;
        await handler.Frames.WhenCountAsync(framesAtClose + 10);

        var timeline = server.Timeline.Snapshot().ToList();
        Assert.True(timeline.IndexOf(("open", 1)) < timeline.IndexOf(("closed", 0)), string.Join(" ", timeline));
        var frames = handler.Frames.Snapshot().Select(f => f.Text.Split(' ')).Select(p => (Sequence: long.Parse(p[2], CultureInfo.InvariantCulture), Carrier: long.Parse(p[3], CultureInfo.InvariantCulture) - 2_000_000_000)).ToArray();
        Assert.Contains(frames, f => f.Carrier == 0);
        Assert.Contains(frames, f => f.Carrier == 1);
        var sequences = frames.Select(f => f.Sequence).ToHashSet();
        var missing = Enumerable.Range((int)sequences.Min(), (int)(sequences.Max() - sequences.Min() + 1)).Where(n => !sequences.Contains(n)).ToArray();
        Assert.True(missing.Length == 0, $"updates lost across the rotation: {string.Join(",", missing)}");
        Assert.False(handler.Overlapped);
        Assert.Equal([(true, false)], handler.Lifecycle.Snapshot().Select(l => (l.Connected, l.IsReconnect)));
        Assert.Empty(sink.Of(FeedEventKind.Disconnected));
        Assert.Contains("was delivering data", sink.Of(FeedEventKind.Rotated)[0].Detail, StringComparison.Ordinal);
        await stop.CancelAsync();
        await run.WaitAsync(TestTimeouts.Step);
        await exchange.WaitAsync(TestTimeouts.Step);
    }

    /// <summary>
    /// Plays the exchange: one sequence of book updates sent to every connection that has subscribed, as an exchange
    /// sends the same update on every socket. The ask says which connection carried the frame.
    /// </summary>
    private static async Task BroadcastAsync(TestWebSocketServer server, CancellationToken cancellationToken)
    {
        for (var sequence = 1; !cancellationToken.IsCancellationRequested; sequence++)
        {
            foreach (var connection in server.Connections.Snapshot())
            {
                if (connection.Closed.IsCompleted || connection.Received.Count < 2) continue;
                try
                {
                    await connection.SendAsync(string.Create(CultureInfo.InvariantCulture, $"B BTCUSDT {sequence} {2_000_000_000 + connection.Index}"), cancellationToken);
                }
                catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
                {
                    // This connection is closing; the others carry on.
                }
            }

            try
            {
                await Task.Delay(5, cancellationToken); // the exchange's update rate, not a wait for the client
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
