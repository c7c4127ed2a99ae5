using System.Net.WebSockets;
using System.Text.Json;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Simulator;

/// <summary>The fault switches every exchange shares, each checked by what a raw client observes.</summary>
public sealed class SimulatorFaultTests
{
    public static TheoryData<ExchangeId> Exchanges => [ExchangeId.Binance, ExchangeId.Bybit, ExchangeId.Hyperliquid];

    [Theory]
    [MemberData(nameof(Exchanges))]
    public async Task DropConnections_aborts_the_socket_and_a_new_connection_is_served(ExchangeId exchange)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync();
        var dialect = WireDialect.For(exchange);
        await using (var client = await dialect.ConnectAndSubscribeAsync(simulator))
        {
            await client.ReceiveUntilAsync(f => dialect.Classify(f) == FrameKind.Book);
            Assert.Equal(1, simulator.ConnectionCount(exchange));

            simulator.DropConnections(exchange);

            // Frames already in flight may still arrive; then the socket fails without a close handshake.
            await Assert.ThrowsAsync<WebSocketException>(() => client.ReceiveUntilAsync(_ => false));
            await simulator.WaitForConnectionCountAsync(exchange, 0, SimulatorTestOptions.Timeout());
        }

        await using var again = await dialect.ConnectAndSubscribeAsync(simulator);
        await again.ReceiveUntilAsync(f => dialect.Classify(f) == FrameKind.Trades);
        Assert.Equal(1, simulator.ConnectionCount(exchange));
    }

    [Theory]
    [MemberData(nameof(Exchanges))]
    public async Task SendMalformed_delivers_one_truncated_frame_and_the_stream_goes_on(ExchangeId exchange)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync();
        var dialect = WireDialect.For(exchange);
        await using var client = await dialect.ConnectAndSubscribeAsync(simulator);
        await client.ReceiveUntilAsync(f => dialect.Classify(f) == FrameKind.Book);

        simulator.SendMalformed(exchange);

        string? malformed = null;
        for (var i = 0; i < RawClient.MaxFrames && malformed is null; i++)
        {
            var text = await client.ReceiveTextAsync();
            try
            {
                RawClient.Parse(text);
            }
            catch (JsonException)
            {
                malformed = text;
            }
        }

        Assert.NotNull(malformed);
        Assert.StartsWith("{", malformed, StringComparison.Ordinal);
        await client.ReceiveUntilAsync(f => dialect.Classify(f) == FrameKind.Book);
        await client.ReceiveUntilAsync(f => dialect.Classify(f) == FrameKind.Trades);
    }

    [Theory]
    [MemberData(nameof(Exchanges))]
    public async Task Silence_stops_one_stream_while_the_socket_still_answers_and_the_market_keeps_running(ExchangeId exchange)
    {
        await using var simulator = await SimulatorTestOptions.StartAsync();
        var dialect = WireDialect.For(exchange);
        await using var client = await dialect.ConnectAndSubscribeAsync(simulator);
        var lastBook = await client.ReceiveUntilAsync(f => dialect.Classify(f) == FrameKind.Book);
        await client.ReceiveUntilAsync(f => dialect.Classify(f) == FrameKind.Trades);

        simulator.Silence(exchange, dialect.Symbol, StreamKind.Book, true);
        // Any trade id not printed yet was printed after the silence; book frames after it are a failure.
        var printedBefore = new HashSet<string>(simulator.SentTradeIds(exchange, dialect.Symbol));
        var tradeFramesAfter = 0;
        var afterSilence = false;
        var booksAfterSilence = 0;
        await client.ReceiveUntilAsync(f => tradeFramesAfter >= 15, f =>
        {
            switch (dialect.Classify(f))
            {
                case FrameKind.Book when afterSilence:
                    booksAfterSilence++;
                    break;
                case FrameKind.Book:
                    lastBook = f;
                    break;
                case FrameKind.Trades:
                    afterSilence |= dialect.TradeIds(f).Any(id => !printedBefore.Contains(id));
                    if (afterSilence) tradeFramesAfter++;
                    break;
            }
        });
        Assert.Equal(0, booksAfterSilence);

        await client.SendAsync(dialect.Probe);
        await client.ReceiveUntilAsync(f => dialect.IsReply(f), f => Assert.NotEqual(FrameKind.Book, dialect.Classify(f)));

        simulator.Silence(exchange, dialect.Symbol, StreamKind.Book, false);
        var resumed = await client.ReceiveUntilAsync(f => dialect.Classify(f) == FrameKind.Book);
        Assert.NotEqual(false, dialect.ChainBroken(lastBook, resumed));
    }
}
