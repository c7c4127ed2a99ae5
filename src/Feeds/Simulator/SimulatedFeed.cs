using System.Net.WebSockets;
using Archiver.Feeds.Model;
using Microsoft.AspNetCore.Http;

namespace Archiver.Feeds.Simulator;

/// <summary>
/// One simulated exchange: its markets (each advanced by its own timer), its connections, its faults. Market steps,
/// subscriptions and fault switches all run under <see cref="Gate"/>, and frames are queued to connections under it,
/// so every connection sees one consistent order (an ack before the first data, a snapshot before the next delta).
/// </summary>
internal abstract class SimulatedFeed
{
    /// <summary>The longest market step: trades are drawn at least this often even when books are slower.</summary>
    private static readonly TimeSpan MaxStep = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<string, SimulatedSymbol> _symbols = new(StringComparer.Ordinal);
    private readonly List<SimulatorSession> _sessions = [];
    private readonly List<Task> _loops = [];
    private readonly SimulatorSignals _signals;
    private readonly TimeSpan _step;
    private readonly long _stepsPerBook;
    private readonly double _tradesPerStep;
    private readonly double _burstProbabilityPerStep;
    private readonly int _burstSize;
    private long _connections;
    private long _framesSent;

    protected SimulatedFeed(ExchangeId exchange, SimulatorOptions options, SimulatedTradeIdKind idKind, int recentTrades, SimulatorSignals signals)
    {
        Exchange = exchange;
        Options = options;
        _signals = signals;
        var exchangeOptions = options.For(exchange);
        Time = options.TimeProvider;
        _step = exchangeOptions.BookInterval < MaxStep ? exchangeOptions.BookInterval : MaxStep;
        _stepsPerBook = Math.Max(1, (long)Math.Round(exchangeOptions.BookInterval / _step));
        _tradesPerStep = exchangeOptions.TradesPerSecond * _step.TotalSeconds;
        _burstProbabilityPerStep = Math.Min(1, exchangeOptions.BurstsPerSecond * _step.TotalSeconds);
        _burstSize = exchangeOptions.BurstSize;
        foreach (var name in exchangeOptions.Symbols)
        {
            var seed = StableSeed(options.Seed, exchange, name);
            var market = new SimulatedMarket(name, options.StartPriceFor(name), exchangeOptions, idKind, seed, recentTrades, options.TradeIdHistoryLimit);
            var firstUpdateId = 1_000_000L + market.Random.Next(0, 50_000_000);
            var firstSequence = 10_000_000_000L + market.Random.Next(0, 1_000_000_000);
            _symbols.Add(name, new SimulatedSymbol(market, firstUpdateId, firstSequence));
        }
    }

    public ExchangeId Exchange { get; }

    /// <summary>Guards markets, subscriptions, faults and frame queuing.</summary>
    public Lock Gate { get; } = new();

    protected SimulatorOptions Options { get; }

    protected TimeProvider Time { get; }

    /// <summary>Connections now open (read under <see cref="Gate"/>).</summary>
    protected IReadOnlyList<SimulatorSession> Sessions => _sessions;

    public IEnumerable<string> SymbolNames => _symbols.Keys;

    /// <summary>The configured spelling of <paramref name="symbol"/> (matched ignoring case), or null.</summary>
    public string? FindSymbol(string symbol)
    {
        foreach (var name in _symbols.Keys)
        {
            if (string.Equals(name, symbol, StringComparison.OrdinalIgnoreCase)) return name;
        }

        return null;
    }

    public void Start(CancellationToken stopping)
    {
        foreach (var symbol in _symbols.Values) _loops.Add(RunMarketAsync(symbol, stopping));
    }

    /// <summary>Waits for the market loops to end (after the stopping token was cancelled).</summary>
    public Task StopAsync() => Task.WhenAll(_loops);

    /// <summary>Serves one HTTP request on this exchange's path: upgrades it and runs the connection.</summary>
    public async Task AcceptAsync(HttpContext http, CancellationToken stopping)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("websocket connections only\n", stopping).ConfigureAwait(false);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(CreateAcceptContext()).ConfigureAwait(false);
        var id = $"sim-{Exchange.ToString().ToLowerInvariant()}-{Interlocked.Increment(ref _connections):D6}";
        var session = CreateSession(socket, http, id);
        IReadOnlyList<StreamKey> subscribed;
        lock (Gate)
        {
            _sessions.Add(session);
            subscribed = session.OpenLocked();
        }

        _signals.OnConnected(new SimulatorClientEventArgs(Exchange, id, null));
        RaiseSubscribed(session, subscribed);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, http.RequestAborted);
        try
        {
            await session.RunAsync(linked.Token).ConfigureAwait(false);
        }
        finally
        {
            lock (Gate) _sessions.Remove(session);
            _signals.OnDisconnected(new SimulatorClientEventArgs(Exchange, id, null));
        }
    }

    /// <summary>Reports subscriptions a session made (call without holding <see cref="Gate"/>).</summary>
    public void RaiseSubscribed(SimulatorSession session, IReadOnlyList<StreamKey> streams)
    {
        foreach (var stream in streams) _signals.OnSubscribed(new SimulatorClientEventArgs(Exchange, session.Id, stream));
    }

    /// <summary>Frames handed to the sockets of this exchange's connections since the start (every connection counted).</summary>
    public long FramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>Counts one frame sent (called by the sessions' send loops).</summary>
    internal void CountSent() => Interlocked.Increment(ref _framesSent);

    /// <summary>Trades printed by every market of this exchange since the start.</summary>
    public long TotalTradeCount()
    {
        lock (Gate)
        {
            long total = 0;
            foreach (var symbol in _symbols.Values) total += symbol.Market.TradeCount;
            return total;
        }
    }

    public int ConnectionCount()
    {
        lock (Gate) return _sessions.Count;
    }

    public bool HasSubscriber(StreamKey stream)
    {
        lock (Gate)
        {
            foreach (var session in _sessions)
            {
                if (session.IsSubscribed(stream)) return true;
            }
        }

        return false;
    }

    public void DropConnections()
    {
        lock (Gate)
        {
            foreach (var session in _sessions) session.AbortLocked();
        }
    }

    public void SendMalformed()
    {
        lock (Gate)
        {
            foreach (var session in _sessions) session.Enqueue(MalformedFrame());
        }
    }

    public void SkipSequence(string symbol, int trades)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trades);
        lock (Gate) GetSymbol(symbol).Faults.Skip(trades);
    }

    public void Silence(string symbol, StreamKind kind, bool silenced)
    {
        lock (Gate) GetSymbol(symbol).Faults.SetSilenced(kind, silenced);
    }

    public IReadOnlyList<string> TradeIds(string symbol)
    {
        lock (Gate) return [.. GetSymbol(symbol).Market.TradeIds];
    }

    public IReadOnlyList<string> SkippedTradeIds(string symbol)
    {
        lock (Gate) return [.. GetSymbol(symbol).SkippedTradeIds];
    }

    public long TradeCount(string symbol)
    {
        lock (Gate) return GetSymbol(symbol).Market.TradeCount;
    }

    /// <summary>The symbol's state; throws for a symbol this exchange does not list.</summary>
    protected SimulatedSymbol GetSymbol(string symbol) =>
        FindSymbol(symbol) is { } name
            ? _symbols[name]
            : throw new ArgumentException($"{Exchange} does not list {symbol}; it lists {string.Join(", ", _symbols.Keys)}.", nameof(symbol));

    /// <summary>The symbol's state, or null when not listed (matched ignoring case).</summary>
    protected SimulatedSymbol? TryGetSymbol(string symbol) => FindSymbol(symbol) is { } name ? _symbols[name] : null;

    protected long NowMillis() => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Keep-alive settings for accepted sockets (only Binance pings with control frames).</summary>
    protected virtual WebSocketAcceptContext CreateAcceptContext() => new() { KeepAliveInterval = TimeSpan.Zero };

    protected abstract SimulatorSession CreateSession(WebSocket socket, HttpContext http, string id);

    /// <summary>Publishes a market step to subscribed connections; runs under <see cref="Gate"/>.</summary>
    protected abstract void PublishLocked(SimulatedSymbol symbol, bool bookStep, long nowMs);

    /// <summary>A frame that is cut short (valid UTF-8, invalid JSON).</summary>
    protected abstract byte[] MalformedFrame();

    /// <summary>Queues <paramref name="frame"/> to every connection subscribed to <paramref name="stream"/>.</summary>
    protected void BroadcastLocked(StreamKey stream, Func<byte[]> frame)
    {
        byte[]? bytes = null;
        foreach (var session in _sessions)
        {
            if (session.IsSubscribed(stream)) session.Enqueue(bytes ??= frame());
        }
    }

    private async Task RunMarketAsync(SimulatedSymbol symbol, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_step, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                bool printed;
                lock (Gate)
                {
                    var now = NowMillis();
                    var bookStep = symbol.Steps++ % _stepsPerBook == 0;
                    if (bookStep) symbol.Market.StepBook();
                    symbol.Market.StepTrades(now, _tradesPerStep, _burstProbabilityPerStep, _burstSize);
                    PublishLocked(symbol, bookStep, now);
                    printed = symbol.Market.NewTrades.Count > 0;
                }

                if (printed) _signals.Notify();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>A seed per (exchange, symbol) that does not depend on the process (string hashes are randomized).</summary>
    private static int StableSeed(int seed, ExchangeId exchange, string symbol)
    {
        var hash = 2166136261u ^ (uint)seed;
        hash = (hash ^ (uint)exchange) * 16777619u;
        foreach (var c in symbol.ToUpperInvariant()) hash = (hash ^ c) * 16777619u;
        return (int)(hash & 0x7FFF_FFFF);
    }
}
