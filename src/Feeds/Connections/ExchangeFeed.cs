using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archiver.Feeds.Connections;

/// <summary>
/// One exchange's feed: subscribes the configured streams over as many connections as the exchange's per-connection
/// limit requires, keeps every connection up (reconnects, per-stream staleness watchdog, rotation before the
/// exchange's lifetime limit) and hands normalized records to the sink. The sink is called by one thread at a time.
/// </summary>
public sealed class ExchangeFeed : IAsyncDisposable
{
    private readonly IExchangeProtocol _protocol;
    private readonly FeedOptions _options;
    private readonly TimeProvider _time;
    private readonly StreamGroup[] _groups;
    private readonly Dictionary<StreamKey, StreamGroup> _groupOf = [];
    private readonly StreamWatchdog _watchdog;
    private readonly CancellationTokenSource _disposing = new();
    private readonly Capture.HourlyRawCapture? _capture;
    private Task? _running;
    private int _disposed;

    /// <param name="protocol">The exchange's websocket protocol.</param>
    /// <param name="options">What to subscribe and the connection limits; validated here.</param>
    /// <param name="sink">Receives every record and event, one call at a time.</param>
    /// <param name="time">The clock and timers (tests pass a fake); <see cref="TimeProvider.System"/> by default.</param>
    /// <param name="logger">Where connections log.</param>
    /// <exception cref="ArgumentException">The options are invalid or do not fit the protocol.</exception>
    public ExchangeFeed(IExchangeProtocol protocol, FeedOptions options, IFeedSink sink, TimeProvider? time = null, ILogger? logger = null)
        : this(protocol, options, sink, time, logger, random: null)
    {
    }

    internal ExchangeFeed(IExchangeProtocol protocol, FeedOptions options, IFeedSink sink, TimeProvider? time, ILogger? logger, Random? random)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate(protocol);
        _protocol = protocol;
        _options = options;
        _time = time ?? TimeProvider.System;
        var log = logger ?? NullLogger.Instance;
        if (options.CaptureDirectory is { Length: > 0 } captureDirectory)
            _capture = new Capture.HourlyRawCapture(captureDirectory, protocol.Exchange, _time);
        var gate = new Lock();
        var events = new SerializedFeedSink(sink, gate);
        Streams = options.Streams();
        _watchdog = new StreamWatchdog(protocol, options, Streams, new Router(this), events, _time, log);
        var split = Split(Streams, protocol.MaxStreamsPerConnection, (options.Books ? 1 : 0) + (options.Trades ? 1 : 0));
        var exchange = protocol.Exchange.ToString().ToLowerInvariant();
        _groups = new StreamGroup[split.Count];
        for (var i = 0; i < split.Count; i++)
        {
            _groups[i] = new StreamGroup($"{exchange}/{i + 1}", protocol, options, split[i], sink, events, gate, _watchdog, _time, log, random, _capture);
            foreach (var stream in split[i]) _groupOf.Add(stream, _groups[i]);
        }

        Connections = [.. split];
    }

    public ExchangeId Exchange => _protocol.Exchange;

    /// <summary>Every subscribed stream.</summary>
    public IReadOnlyList<StreamKey> Streams { get; }

    /// <summary>The streams of each connection.</summary>
    public IReadOnlyList<IReadOnlyList<StreamKey>> Connections { get; }

    /// <summary>The watchdog of every stream.</summary>
    public StreamWatchdog Watchdog => _watchdog;

    /// <summary>The connection slots, for tests and diagnostics.</summary>
    internal IReadOnlyList<StreamGroup> Groups => _groups;

    /// <summary>
    /// Connects everything and keeps it connected until <paramref name="cancellationToken"/> is cancelled or the feed
    /// is disposed; then completes normally. Connection <c>i</c> starts <c>i × ReconnectDelayMin</c> after the first,
    /// so a restart does not open every connection and send every subscription at once.
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.CompareExchange(ref _running, Task.CompletedTask, null) is not null)
            throw new InvalidOperationException($"The {Exchange} feed is already running.");
        var running = RunCoreAsync(cancellationToken);
        Volatile.Write(ref _running, running);
        return running;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _disposing.CancelAsync().ConfigureAwait(false);
        if (Volatile.Read(ref _running) is { } running) await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var group in _groups) await group.DisposeAsync().ConfigureAwait(false);
        await _watchdog.DisposeAsync().ConfigureAwait(false);
        _capture?.Dispose();
        _disposing.Dispose();
    }

    private async Task RunCoreAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        var runs = new Task[_groups.Length];
        for (var i = 0; i < _groups.Length; i++) runs[i] = _groups[i].RunAsync(_options.ReconnectDelayMin * i, linked.Token);
        await Task.WhenAll(runs).ConfigureAwait(false);
    }

    /// <summary>
    /// Splits streams into connections of at most <paramref name="maxPerConnection"/>, keeping a symbol's streams on
    /// one connection whenever they fit (the trade watchdog reads the same symbol's book).
    /// </summary>
    internal static IReadOnlyList<IReadOnlyList<StreamKey>> Split(IReadOnlyList<StreamKey> streams, int maxPerConnection, int streamsPerSymbol)
    {
        var perConnection = streamsPerSymbol > 0 && maxPerConnection >= streamsPerSymbol
            ? maxPerConnection / streamsPerSymbol * streamsPerSymbol
            : maxPerConnection;
        var result = new List<IReadOnlyList<StreamKey>>();
        for (var start = 0; start < streams.Count; start += perConnection)
            result.Add(streams.Skip(start).Take(perConnection).ToArray());
        return result;
    }

    /// <summary>Sends the watchdog's resubscribes to the group carrying the stream.</summary>
    private sealed class Router(ExchangeFeed feed) : IFeedControl
    {
        public void Resubscribe(StreamKey stream, string reason)
        {
            if (feed._groupOf.TryGetValue(stream, out var group)) group.Resubscribe(stream, reason);
        }
    }
}
