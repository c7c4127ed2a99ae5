using Archiver.Feeds.Binance;
using Archiver.Feeds.Connections;
using Archiver.Feeds.Model;
using Archiver.Feeds.Simulator;

namespace Archiver.Feeds.Tests.Integration;

/// <summary>
/// The real connectors against the exchange simulator on 127.0.0.1: reconnects, resubscribes, rotation and sequence
/// breaks, with the trade ids the simulator generated as the truth. Nothing may be duplicated, and anything missing
/// must be announced by a gap event and a flag on the next record.
/// </summary>
public sealed class FeedsAgainstSimulatorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private static string Symbol(ExchangeId exchange) => exchange == ExchangeId.Hyperliquid ? "BTC" : "BTCUSDT";

    private static SimulatorOptions Market(double tradesPerSecond) => new()
    {
        Seed = 7,
        Binance = new SimulatedExchangeOptions { Symbols = ["BTCUSDT"], TradesPerSecond = tradesPerSecond, BurstsPerSecond = 0, BookInterval = TimeSpan.FromMilliseconds(100) },
        Bybit = new SimulatedExchangeOptions { Symbols = ["BTCUSDT"], TradesPerSecond = tradesPerSecond, BurstsPerSecond = 0, BookInterval = TimeSpan.FromMilliseconds(50) },
        Hyperliquid = new SimulatedExchangeOptions { Symbols = ["BTC"], TradesPerSecond = tradesPerSecond, BurstsPerSecond = 0, BookInterval = TimeSpan.FromMilliseconds(200), PriceSignificantDigits = 5 },
    };

    private static FeedOptions Options(ExchangeSimulator simulator, ExchangeId exchange) => new()
    {
        Exchange = exchange,
        Endpoint = simulator.Endpoint(exchange),
        Symbols = [Symbol(exchange)],
        ReconnectDelayMin = TimeSpan.FromMilliseconds(200),
        ReconnectDelayMax = TimeSpan.FromSeconds(1),
        ResubscribeMinInterval = TimeSpan.FromMilliseconds(500),
    };

    private static long DistinctIds(List<Trade> trades) => trades.Select(t => t.Id.ToString()).Distinct().LongCount();

    [Theory]
    [InlineData(ExchangeId.Binance)]
    [InlineData(ExchangeId.Bybit)]
    [InlineData(ExchangeId.Hyperliquid)]
    public async Task A_dropped_connection_reconnects_resubscribes_and_reports_the_outage_without_duplicates(ExchangeId exchange)
    {
        await using var simulator = new ExchangeSimulator();
        await simulator.StartAsync(Market(tradesPerSecond: 15));
        var sink = new SignalingSink();
        await using var feed = new ExchangeFeed(ExchangeProtocols.For(exchange), Options(simulator, exchange), sink);
        using var stop = new CancellationTokenSource();
        var run = feed.RunAsync(stop.Token);

        await sink.WaitAsync(s => s.Trades.Count >= 10 && s.Books >= 3, Patience, "first trades and books");
        simulator.DropConnections(exchange);
        await sink.WaitAsync(s => s.Events.Any(e => e.Kind == FeedEventKind.Connected && e.DurationMicros > 0), Patience, "the reconnect");
        var before = sink.Snapshot().Trades.Count;
        await sink.WaitAsync(s => s.Trades.Count >= before + 10, Patience, "trades after the reconnect");
        await stop.CancelAsync();
        await run;

        var (trades, events) = sink.Snapshot();
        var sent = simulator.SentTradeIds(exchange, Symbol(exchange)).ToHashSet();
        Assert.Equal(trades.Count, DistinctIds(trades));                 // nothing twice
        Assert.All(trades, t => Assert.Contains(t.Id.ToString(), sent)); // nothing invented
        Assert.Contains(events, e => e.Kind == FeedEventKind.Disconnected);
        Assert.Contains(events, e => e.Kind == FeedEventKind.GapDetected);
        Assert.Equal(0, sink.CrossedBooks);
        if (exchange == ExchangeId.Binance)
        {
            // Ids are consecutive: every jump must be flagged on the trade after it.
            for (var i = 1; i < trades.Count; i++)
                if (trades[i].Id.Numeric != trades[i - 1].Id.Numeric + 1)
                    Assert.True(trades[i].Flags.HasFlag(TradeFlags.IdGapBefore) || trades[i].Flags.HasFlag(TradeFlags.FirstAfterReconnect), $"unflagged jump before trade {trades[i].Id}");
        }

        if (exchange == ExchangeId.Hyperliquid)
        {
            // The outage is shorter than the 30-trade backfill: every trade printed in the window is recovered.
            var order = simulator.SentTradeIds(exchange, Symbol(exchange)).Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
            var positions = trades.Select(t => order[t.Id.ToString()]).Order().ToList();
            Assert.Equal(Enumerable.Range(positions[0], positions.Count), positions);
            Assert.Contains(trades, t => t.Flags.HasFlag(TradeFlags.Backfilled));
        }
    }

    [Theory]
    [InlineData(ExchangeId.Binance)]
    [InlineData(ExchangeId.Bybit)]
    public async Task A_silent_book_stream_is_reported_stale_and_resubscribed_then_flows_again(ExchangeId exchange)
    {
        await using var simulator = new ExchangeSimulator();
        await simulator.StartAsync(Market(tradesPerSecond: 5));
        var options = Options(simulator, exchange);
        options.BookStaleAfter = TimeSpan.FromSeconds(1);
        var sink = new SignalingSink();
        await using var feed = new ExchangeFeed(ExchangeProtocols.For(exchange), options, sink);
        using var stop = new CancellationTokenSource();
        var run = feed.RunAsync(stop.Token);

        await sink.WaitAsync(s => s.Books >= 3, Patience, "first books");
        simulator.Silence(exchange, Symbol(exchange), StreamKind.Book, true);
        await sink.WaitAsync(s => s.Events.Any(e => e.Kind == FeedEventKind.StreamStale && e.Stream?.Kind == StreamKind.Book), Patience, "a stale book stream");
        simulator.Silence(exchange, Symbol(exchange), StreamKind.Book, false);
        var books = sink.Books;
        await sink.WaitAsync(s => s.Books >= books + 3, Patience, "books after the silence");
        await stop.CancelAsync();
        await run;

        Assert.DoesNotContain(sink.Snapshot().Events, e => e.Kind == FeedEventKind.Disconnected); // the socket stayed up
    }

    [Fact]
    public async Task Binance_rotation_opens_the_replacement_first_and_loses_or_repeats_no_trade()
    {
        await using var simulator = new ExchangeSimulator();
        var market = Market(tradesPerSecond: 30);
        market.BinanceZeroPriceTradeProbability = 0; // every id is a real trade, so ids must be strictly consecutive
        await simulator.StartAsync(market);
        var options = Options(simulator, ExchangeId.Binance);
        options.ConnectionRotationMargin = TimeSpan.FromSeconds(2);
        var sink = new SignalingSink();
        await using var feed = new ExchangeFeed(new ShortLivedProtocol(new BinanceProtocol(), TimeSpan.FromSeconds(5)), options, sink);
        using var stop = new CancellationTokenSource();
        var run = feed.RunAsync(stop.Token);

        await sink.WaitAsync(s => s.Events.Any(e => e.Kind == FeedEventKind.Rotated), Patience, "a rotation");
        var before = sink.Snapshot().Trades.Count;
        await sink.WaitAsync(s => s.Trades.Count >= before + 30, Patience, "trades after the rotation");
        await stop.CancelAsync();
        await run;

        var (trades, events) = sink.Snapshot();
        Assert.Equal(trades.Count, DistinctIds(trades));
        for (var i = 1; i < trades.Count; i++)
            Assert.True(trades[i].Id.Numeric == trades[i - 1].Id.Numeric + 1, $"trade ids jump from {trades[i - 1].Id} to {trades[i].Id} across the rotation");
        var sent = simulator.SentTradeIds(ExchangeId.Binance, "BTCUSDT");
        var first = sent.ToList().IndexOf(trades[0].Id.ToString());
        Assert.Equal(sent.Skip(first).Take(trades.Count), trades.Select(t => t.Id.ToString()));
        Assert.DoesNotContain(events, e => e.Kind is FeedEventKind.Disconnected or FeedEventKind.GapDetected);
        Assert.DoesNotContain(trades, t => t.Flags.HasFlag(TradeFlags.IdGapBefore));
    }

    [Fact]
    public async Task A_bybit_sequence_break_invalidates_the_book_resubscribes_and_resyncs_from_a_fresh_snapshot()
    {
        await using var simulator = new ExchangeSimulator();
        await simulator.StartAsync(Market(tradesPerSecond: 5));
        var sink = new SignalingSink();
        await using var feed = new ExchangeFeed(ExchangeProtocols.For(ExchangeId.Bybit), Options(simulator, ExchangeId.Bybit), sink);
        using var stop = new CancellationTokenSource();
        var run = feed.RunAsync(stop.Token);

        await sink.WaitAsync(s => s.Books >= 5, Patience, "first books");
        simulator.SkipSequence(ExchangeId.Bybit, "BTCUSDT", tradesToSkip: 0);
        await sink.WaitAsync(s => s.Events.Any(e => e.Kind == FeedEventKind.Resynced), Patience, "the resync");
        var books = sink.Books;
        await sink.WaitAsync(s => s.Books >= books + 5, Patience, "books after the resync");
        await stop.CancelAsync();
        await run;

        var events = sink.Snapshot().Events;
        var gap = events.FindIndex(e => e.Kind == FeedEventKind.GapDetected && e.Stream?.Kind == StreamKind.Book);
        var resync = events.FindIndex(e => e.Kind == FeedEventKind.Resynced);
        Assert.InRange(gap, 0, resync - 1);
        Assert.Equal(0, sink.CrossedBooks);
        Assert.DoesNotContain(events, e => e.Kind == FeedEventKind.Disconnected);
    }

    [Theory]
    [InlineData(ExchangeId.Binance)]
    [InlineData(ExchangeId.Bybit)]
    [InlineData(ExchangeId.Hyperliquid)]
    public async Task A_malformed_frame_is_reported_and_the_connection_keeps_running(ExchangeId exchange)
    {
        await using var simulator = new ExchangeSimulator();
        await simulator.StartAsync(Market(tradesPerSecond: 10));
        var sink = new SignalingSink();
        await using var feed = new ExchangeFeed(ExchangeProtocols.For(exchange), Options(simulator, exchange), sink);
        using var stop = new CancellationTokenSource();
        var run = feed.RunAsync(stop.Token);

        await sink.WaitAsync(s => s.Trades.Count >= 3, Patience, "first trades");
        simulator.SendMalformed(exchange);
        await sink.WaitAsync(s => s.Events.Any(e => e.Kind == FeedEventKind.MalformedFrame), Patience, "the malformed frame");
        var trades = sink.Snapshot().Trades.Count;
        await sink.WaitAsync(s => s.Trades.Count >= trades + 3, Patience, "trades after the malformed frame");
        await stop.CancelAsync();
        await run;

        Assert.DoesNotContain(sink.Snapshot().Events, e => e.Kind == FeedEventKind.Disconnected);
    }

    [Fact]
    public async Task A_raw_capture_of_a_live_feed_replays_into_the_same_trades_with_the_same_receive_times()
    {
        var directory = Directory.CreateTempSubdirectory("feeds-live-capture-").FullName;
        try
        {
            await using var simulator = new ExchangeSimulator();
            await simulator.StartAsync(Market(tradesPerSecond: 20));
            var options = Options(simulator, ExchangeId.Binance);
            options.CaptureDirectory = directory;
            var sink = new SignalingSink();
            await using (var feed = new ExchangeFeed(ExchangeProtocols.For(ExchangeId.Binance), options, sink))
            {
                using var stop = new CancellationTokenSource();
                var run = feed.RunAsync(stop.Token);
                await sink.WaitAsync(s => s.Trades.Count >= 20 && s.Books >= 5, Patience, "trades and books");
                await stop.CancelAsync();
                await run;
            }

            var live = sink.Snapshot().Trades;
            var files = Directory.GetFiles(directory, "*.jsonl.gz", SearchOption.AllDirectories);
            Assert.NotEmpty(files);
            Assert.All(files, f => Assert.Matches(@"binance[/\\]\d{4}[/\\]\d{2}[/\\]\d{4}\.jsonl\.gz$", f));
            var replayed = new SignalingSink();
            var handler = ExchangeProtocols.For(ExchangeId.Binance).CreateHandler(
                [new StreamKey(ExchangeId.Binance, "BTCUSDT", StreamKind.Book), new StreamKey(ExchangeId.Binance, "BTCUSDT", StreamKind.Trades)],
                20, replayed, Archiver.Feeds.Handling.IFeedControl.None, TimeProvider.System);
            foreach (var file in files.Order())
            {
                using var reader = Archiver.Feeds.Replay.CapturedFrameReader.Open(file);
                Archiver.Feeds.Replay.FrameReplayer.Run(reader, handler);
            }

            var again = replayed.Snapshot().Trades;
            Assert.True(again.Count >= live.Count, $"replay produced {again.Count} trades, live {live.Count}");
            for (var i = 0; i < live.Count; i++)
            {
                Assert.Equal(live[i].Id, again[i].Id);
                Assert.Equal(live[i].ReceiveTimeMicros, again[i].ReceiveTimeMicros);
                Assert.Equal(live[i].Price, again[i].Price);
                Assert.Equal(live[i].Flags, again[i].Flags);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
