using System.Net;
using Archiver.Feeds.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Archiver.Feeds.Simulator;

/// <summary>
/// A local websocket server that speaks Binance USD-M, Bybit v5 linear and Hyperliquid exactly as their clients see
/// them, over markets that keep trading whether or not anyone is connected. Connectors and tests point at
/// <see cref="BinanceEndpoint"/>, <see cref="BybitEndpoint"/> and <see cref="HyperliquidEndpoint"/>; fault switches
/// (<see cref="DropConnections"/>, <see cref="SkipSequence"/>, <see cref="Silence"/>, <see cref="SendMalformed"/>,
/// <see cref="RestartBybit"/>) act on the running server, and <see cref="SentTradeIds"/> records what the markets
/// printed for loss checks. Tests await <see cref="WaitForSubscriptionAsync"/> and friends rather than sleeping.
/// </summary>
public sealed class ExchangeSimulator : IAsyncDisposable
{
    public const string BinancePath = "/binance/public/stream";
    public const string BybitPath = "/bybit/v5/public/linear";
    public const string HyperliquidPath = "/hyperliquid/ws";

    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly SimulatorSignals _signals;
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private BinanceFeed? _binance;
    private BybitFeed? _bybit;
    private HyperliquidFeed? _hyperliquid;
    private SimulatorOptions? _options;
    private int _port;
    private bool _disposed;

    public ExchangeSimulator() => _signals = new SimulatorSignals(this);

    /// <summary>A client opened a connection (raised on a server thread).</summary>
    public event EventHandler<SimulatorClientEventArgs>? ClientConnected
    {
        add => _signals.ClientConnected += value;
        remove => _signals.ClientConnected -= value;
    }

    /// <summary>A client subscribed a stream the simulator feeds (raised on a server thread, after the ack was queued).</summary>
    public event EventHandler<SimulatorClientEventArgs>? ClientSubscribed
    {
        add => _signals.ClientSubscribed += value;
        remove => _signals.ClientSubscribed -= value;
    }

    /// <summary>A connection ended, for whatever reason (raised on a server thread).</summary>
    public event EventHandler<SimulatorClientEventArgs>? ClientDisconnected
    {
        add => _signals.ClientDisconnected += value;
        remove => _signals.ClientDisconnected -= value;
    }

    /// <summary>The options the simulator runs with (after <see cref="StartAsync"/>).</summary>
    public SimulatorOptions Options => _options ?? throw NotStarted();

    /// <summary>The port on 127.0.0.1 the simulator listens on.</summary>
    public int Port => _app is null ? throw NotStarted() : _port;

    /// <summary><c>ws://127.0.0.1:&lt;port&gt;/binance/public/stream</c>: combined streams, SUBSCRIBE or <c>?streams=a/b</c>.</summary>
    public Uri BinanceEndpoint => Endpoint(ExchangeId.Binance);

    /// <summary><c>ws://127.0.0.1:&lt;port&gt;/bybit/v5/public/linear</c>.</summary>
    public Uri BybitEndpoint => Endpoint(ExchangeId.Bybit);

    /// <summary><c>ws://127.0.0.1:&lt;port&gt;/hyperliquid/ws</c>.</summary>
    public Uri HyperliquidEndpoint => Endpoint(ExchangeId.Hyperliquid);

    /// <summary>The websocket endpoint of <paramref name="exchange"/>.</summary>
    public Uri Endpoint(ExchangeId exchange)
    {
        var path = exchange switch
        {
            ExchangeId.Binance => BinancePath,
            ExchangeId.Bybit => BybitPath,
            ExchangeId.Hyperliquid => HyperliquidPath,
            _ => throw new ArgumentOutOfRangeException(nameof(exchange), exchange, "Not a simulated exchange."),
        };
        return new Uri($"ws://127.0.0.1:{Port}{path}");
    }

    /// <summary>Starts the markets and the server on 127.0.0.1 (port <see cref="SimulatorOptions.Port"/>, 0 = any free).</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public async Task StartAsync(SimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_app is not null) throw new InvalidOperationException("The simulator is already started.");
        options ??= new SimulatorOptions();
        options.Validate();
        _options = options;
        _binance = new BinanceFeed(options, _signals);
        _bybit = new BybitFeed(options, _signals);
        _hyperliquid = new HyperliquidFeed(options, _signals);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear(); // the host's appsettings must not reconfigure the simulator's Kestrel
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(DispatchAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            _port = new Uri(address).Port;
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _app = app;
        foreach (var feed in Feeds()) feed.Start(_stopping.Token);
    }

    /// <summary>Aborts every connection to <paramref name="exchange"/> (no close frame, as when a network path dies).</summary>
    public void DropConnections(ExchangeId exchange) => Feed(exchange).DropConnections();

    /// <summary>
    /// Loses one book message and the next <paramref name="tradesToSkip"/> trades of <paramref name="symbol"/>: Binance's
    /// next depth frame is not sent (so the following <c>pu</c> does not match) and <c>t</c> jumps; Bybit's next delta is
    /// not sent (so <c>u</c> jumps by 2); Hyperliquid misses one l2Book and some trades. Skipped ids are in
    /// <see cref="SkippedTradeIds"/>.
    /// </summary>
    public void SkipSequence(ExchangeId exchange, string symbol, int tradesToSkip = 2) => Feed(exchange).SkipSequence(symbol, tradesToSkip);

    /// <summary>Stops (or resumes) sending one stream while the socket stays open and subscriptions are still acked.
    /// The market keeps running, so on resume Binance's <c>pu</c> and Bybit's <c>u</c> show the gap.</summary>
    public void Silence(ExchangeId exchange, string symbol, StreamKind kind, bool silenced) => Feed(exchange).Silence(symbol, kind, silenced);

    /// <summary>Sends one truncated JSON frame to every connection of <paramref name="exchange"/>.</summary>
    public void SendMalformed(ExchangeId exchange) => Feed(exchange).SendMalformed();

    /// <summary>A Bybit service restart: every subscriber of <c>orderbook.50.&lt;symbol&gt;</c> gets a snapshot with
    /// <c>u = 1</c>, and deltas continue from <c>u = 2</c>.</summary>
    public void RestartBybit(string symbol) => ((BybitFeed)Feed(ExchangeId.Bybit)).Restart(symbol);

    /// <summary>Every trade id the market of <paramref name="symbol"/> printed, in order (including ids spent on
    /// Binance zero-price frames, ids withheld by <see cref="SkipSequence"/>, and trades printed while nobody listened
    /// or the stream was silenced). The oldest are forgotten past <see cref="SimulatorOptions.TradeIdHistoryLimit"/>.</summary>
    public IReadOnlyList<string> SentTradeIds(ExchangeId exchange, string symbol) => Feed(exchange).TradeIds(symbol);

    /// <summary>The trade ids <see cref="SkipSequence"/> withheld from every connection, in order.</summary>
    public IReadOnlyList<string> SkippedTradeIds(ExchangeId exchange, string symbol) => Feed(exchange).SkippedTradeIds(symbol);

    /// <summary>Connections now open to <paramref name="exchange"/>.</summary>
    public int ConnectionCount(ExchangeId exchange) => Feed(exchange).ConnectionCount();

    /// <summary>Completes once exactly <paramref name="count"/> connections are open to <paramref name="exchange"/>.</summary>
    public Task WaitForConnectionCountAsync(ExchangeId exchange, int count, CancellationToken cancellationToken)
    {
        var feed = Feed(exchange);
        return _signals.WaitAsync(() => feed.ConnectionCount() == count, cancellationToken);
    }

    /// <summary>Completes once some connection is subscribed to <paramref name="stream"/> (its ack already queued).</summary>
    public Task WaitForSubscriptionAsync(StreamKey stream, CancellationToken cancellationToken)
    {
        var feed = Feed(stream.Exchange);
        return _signals.WaitAsync(() => feed.HasSubscriber(stream), cancellationToken);
    }

    /// <summary>Completes once the market of <paramref name="symbol"/> has printed at least <paramref name="count"/>
    /// trades since the start.</summary>
    public Task WaitForTradesAsync(ExchangeId exchange, string symbol, long count, CancellationToken cancellationToken)
    {
        var feed = Feed(exchange);
        feed.TradeCount(symbol); // throws now for an unknown symbol
        return _signals.WaitAsync(() => feed.TradeCount(symbol) >= count, cancellationToken);
    }

    /// <summary>Trades printed by the market of <paramref name="symbol"/> since the start.</summary>
    public long TradeCount(ExchangeId exchange, string symbol) => Feed(exchange).TradeCount(symbol);

    /// <summary>Frames sent to the connections of <paramref name="exchange"/> since the start (all connections summed).</summary>
    public long FramesSent(ExchangeId exchange) => Feed(exchange).FramesSent;

    /// <summary>Trades printed by every market of <paramref name="exchange"/> since the start.</summary>
    public long TotalTradeCount(ExchangeId exchange) => Feed(exchange).TotalTradeCount();

    /// <summary>Stops the markets, aborts every connection and shuts the server down.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_app is not null)
        {
            foreach (var feed in Feeds()) feed.DropConnections();
            await Task.WhenAll(Feeds().Select(f => f.StopAsync())).ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(ShutdownTimeout);
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private Task DispatchAsync(HttpContext http)
    {
        var path = http.Request.Path;
        SimulatedFeed? feed = path == BinancePath ? _binance : path == BybitPath ? _bybit : path == HyperliquidPath ? _hyperliquid : null;
        if (feed is not null) return feed.AcceptAsync(http, _stopping.Token);
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private SimulatedFeed Feed(ExchangeId exchange)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        SimulatedFeed? feed = exchange switch
        {
            ExchangeId.Binance => _binance,
            ExchangeId.Bybit => _bybit,
            ExchangeId.Hyperliquid => _hyperliquid,
            _ => throw new ArgumentOutOfRangeException(nameof(exchange), exchange, "Not a simulated exchange."),
        };
        return feed ?? throw NotStarted();
    }

    private IEnumerable<SimulatedFeed> Feeds() => [_binance!, _bybit!, _hyperliquid!];

    private static InvalidOperationException NotStarted() => new("The simulator is not started; call StartAsync first.");
}
