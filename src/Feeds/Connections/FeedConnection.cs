using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archiver.Feeds.Connections;

/// <summary>
/// One websocket carrying a set of streams, kept up: connects with a timeout, subscribes at the protocol's pace, pings
/// on the protocol's interval, treats an exception, a close frame or silence beyond the idle timeout as a lost
/// connection, and reconnects with capped, jittered exponential backoff, subscribing everything again. The handler
/// hears of every loss and reconnect (so it records the gap) and receives each whole message with its receive time.
/// </summary>
public sealed class FeedConnection : IFeedControl, IAsyncDisposable
{
    /// <summary>How long a deliberate stop waits for the close handshake before dropping the socket.</summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly IExchangeProtocol _protocol;
    private readonly FeedOptions _options;
    private readonly StreamKey[] _streams;
    private readonly HashSet<StreamKey> _streamSet;
    private readonly IFrameHandler _handler;
    private readonly IFeedSink _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IConnectionObserver? _observer;
    private readonly ReconnectPolicy _policy;
    private readonly WebSocketFrameReader _reader;
    private readonly WebSocketSender _sender;
    private readonly TimeSpan _idleTimeout;
    private readonly Channel<StreamKey> _requests = Channel.CreateUnbounded<StreamKey>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<StreamKey, string> _pending = new();
    private readonly Dictionary<StreamKey, long> _lastResubscribe = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstOpened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _running;
    private ClientWebSocket? _socket;
    private volatile bool _stopping;
    private readonly Lock _state = new();
    private volatile bool _isPrimary;
    private bool _open;
    private bool _notifiedOpen;
    private long? _lostAtMicros;
    private long _lastFrameMicros;
    private long _openedAtMicros;
    private long _framesReceived;
    private long _messagesSkipped;
    private long _reconnects;
    private long _resubscribes;
    private int _disposed;

    /// <summary>
    /// A connection for <paramref name="streams"/> whose messages go to <paramref name="handler"/> and whose connection
    /// events go to <paramref name="sink"/>. The handler is called from this connection only, one call at a time.
    /// </summary>
    public FeedConnection(
        IExchangeProtocol protocol,
        FeedOptions options,
        IReadOnlyList<StreamKey> streams,
        IFrameHandler handler,
        IFeedSink sink,
        TimeProvider time,
        ILogger? logger = null,
        string? name = null)
        : this(protocol, options, streams, CheckedHandler(handler), sink, time, logger, name, observer: null, random: null, isPrimary: true)
    {
    }

    internal FeedConnection(
        IExchangeProtocol protocol,
        FeedOptions options,
        IReadOnlyList<StreamKey> streams,
        Func<FeedConnection, IFrameHandler> handlerFor,
        IFeedSink events,
        TimeProvider time,
        ILogger? logger,
        string? name,
        IConnectionObserver? observer,
        Random? random,
        bool isPrimary)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(handlerFor);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate(protocol);
        if (streams.Count == 0) throw new ArgumentException("A connection needs at least one stream.", nameof(streams));
        if (streams.Count > protocol.MaxStreamsPerConnection)
            throw new ArgumentException($"{streams.Count} streams exceed the {protocol.MaxStreamsPerConnection} the exchange allows on one connection.", nameof(streams));
        _protocol = protocol;
        _options = options;
        _streams = [.. streams];
        _streamSet = [.. streams];
        if (_streamSet.Count != _streams.Length) throw new ArgumentException("A stream is listed twice.", nameof(streams));
        _handler = handlerFor(this);
        _events = events;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _observer = observer;
        _isPrimary = isPrimary;
        Name = name ?? $"{protocol.Exchange.ToString().ToLowerInvariant()}({_streams.Length} streams)";
        _policy = new ReconnectPolicy(options.ReconnectDelayMin, options.ReconnectDelayMax, options.ReconnectResetAfter, time, random);
        _reader = new WebSocketFrameReader(options.MaxMessageBytes, time);
        _sender = new WebSocketSender(options.ClientMessageInterval(protocol), time);
        _idleTimeout = options.IdleTimeoutFor(protocol, _streams);
    }

    /// <summary>A name for logs (exchange and index).</summary>
    public string Name { get; }

    /// <summary>The streams this connection carries.</summary>
    public IReadOnlyList<StreamKey> Streams => _streams;

    /// <summary>Whether the socket is open now.</summary>
    public bool IsConnected => Volatile.Read(ref _socket)?.State == WebSocketState.Open;

    /// <summary>When the current socket opened (µs UTC), or 0 before the first.</summary>
    public long OpenedAtMicros => Volatile.Read(ref _openedAtMicros);

    /// <summary>Whole text messages handed to the handler.</summary>
    public long FramesReceived => Interlocked.Read(ref _framesReceived);

    /// <summary>Oversized or binary messages skipped.</summary>
    public long MessagesSkipped => Interlocked.Read(ref _messagesSkipped);

    /// <summary>Times the socket opened again after the first.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Single-stream resubscribes sent.</summary>
    public long Resubscribes => Interlocked.Read(ref _resubscribes);

    /// <summary>Client messages sent (subscribes, unsubscribes, pings).</summary>
    public long MessagesSent => _sender.Sent;

    /// <summary>Completes when the socket first opens.</summary>
    public Task FirstOpened => _firstOpened.Task;

    /// <summary>
    /// Whether this connection speaks for its streams: only the primary tells the handler and the sink about opens and
    /// losses. A rotation's replacement is not primary until it takes over; the replaced connection stops being one.
    /// </summary>
    internal bool IsPrimary => _isPrimary;

    /// <summary>Makes this connection speak for its streams (a rotation's replacement taking over).</summary>
    internal void Promote()
    {
        lock (_state)
        {
            if (_isPrimary) return;
            _isPrimary = true;
            // The handler has been receiving these streams through the connection being replaced, so whatever this
            // one does next is a reconnect; if its socket is down right now, that is a loss the handler must hear of.
            _notifiedOpen = true;
            if (_open) return;
            var now = FeedClock.NowMicros(_time);
            _lostAtMicros = now;
            _handler.OnDisconnected(now);
            _events.OnEvent(new FeedEvent(FeedEventKind.Disconnected, _protocol.Exchange, null, now, 0, $"{Name}: not connected when it took over its streams"));
        }
    }

    /// <summary>Stops this connection from speaking for its streams (it is being replaced).</summary>
    internal void Demote()
    {
        lock (_state) _isPrimary = false;
    }

    /// <summary>
    /// Runs the connection until <paramref name="cancellationToken"/> is cancelled or <see cref="StopAsync"/> is
    /// called; then completes normally. Connection failures never end it: they are reported and retried.
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _running, Task.CompletedTask, null) is not null)
            throw new InvalidOperationException($"{Name} is already running.");
        var running = RunCoreAsync(cancellationToken);
        Volatile.Write(ref _running, running);
        return running;
    }

    /// <summary>
    /// Asks for <paramref name="stream"/> to be unsubscribed and subscribed again (a fresh snapshot). Returns at once;
    /// the request is carried out in order with the other client messages, at the protocol's pace. A stream already
    /// waiting for a resubscribe is not queued twice, and one resubscribed within
    /// <see cref="FeedOptions.ResubscribeMinInterval"/> is not resubscribed again.
    /// </summary>
    public void Resubscribe(StreamKey stream, string reason)
    {
        if (!_streamSet.Contains(stream)) throw new ArgumentException($"{Name} does not carry {stream}.", nameof(stream));
        if (_pending.TryAdd(stream, reason ?? string.Empty)) _requests.Writer.TryWrite(stream);
    }

    /// <summary>Closes the socket politely and ends <see cref="RunAsync"/> without reporting a loss.</summary>
    public async Task StopAsync()
    {
        if (Volatile.Read(ref _disposed) != 0 && _stop.IsCancellationRequested) return;
        _stopping = true;
        if (Volatile.Read(ref _socket) is { State: WebSocketState.Open } socket)
        {
            using var timeout = new CancellationTokenSource(CloseTimeout, _time);
            try
            {
                await _sender.CloseOutputAsync(socket, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The socket is going away regardless; the cancellation below aborts it.
            }
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (Volatile.Read(ref _running) is { } running) await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await StopAsync().ConfigureAwait(false);
        _reader.Dispose();
        _sender.Dispose();
        _stop.Dispose();
    }

    private async Task RunCoreAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var token = linked.Token;
        while (!_stopping && !token.IsCancellationRequested)
        {
            try
            {
                await RunSessionAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }

            if (_stopping || token.IsCancellationRequested) break;
            var delay = _policy.NextDelay();
            ConnectionLog.Reconnecting(_logger, Name, (long)delay.TotalMilliseconds, _policy.Attempt);
            try
            {
                await Task.Delay(delay, _time, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
        }

        ConnectionLog.Closed(_logger, Name, _stopping ? "stopped" : "cancelled");
    }

    /// <summary>One socket's life: open, subscribe, read until it fails. Returns when it is over.</summary>
    private async Task RunSessionAsync(CancellationToken token)
    {
        var uri = _protocol.GetConnectionUri(_options.EndpointOrDefault(_protocol), _streams);
        using var socket = new ClientWebSocket();
        ConnectionLog.Connecting(_logger, Name, uri);
        using (var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time))
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(token, timeout.Token))
        {
            try
            {
                await socket.ConnectAsync(uri, connect.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                ConnectionLog.ConnectFailed(_logger, Name, $"no connection within {_options.ConnectTimeout}");
                return;
            }
            catch (Exception e) when (!token.IsCancellationRequested && e is not OperationCanceledException)
            {
                ConnectionLog.ConnectFailed(_logger, Name, Describe(e));
                return;
            }
        }

        var openedAt = FeedClock.NowMicros(_time);
        Volatile.Write(ref _socket, socket);
        try
        {
            OnOpened(openedAt);
            var reason = await ReadUntilLostAsync(socket, token).ConfigureAwait(false);
            if (_stopping || token.IsCancellationRequested) return;
            OnLost(FeedClock.NowMicros(_time), reason);
        }
        finally
        {
            Volatile.Write(ref _socket, null);
        }
    }

    /// <summary>Runs the reader, the subscriber and the pinger until one ends; returns why the socket is over.</summary>
    private async Task<string> ReadUntilLostAsync(ClientWebSocket socket, CancellationToken token)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(token);
        var idleFired = 0;
        ITimer? idleTimer = null;
        idleTimer = _time.CreateTimer(_ => CheckIdle(), null, _idleTimeout, Timeout.InfiniteTimeSpan);
        await using (idleTimer.ConfigureAwait(false))
        {
            var receive = ReceiveLoopAsync(socket, session.Token);
            var control = ControlLoopAsync(socket, session.Token);
            var ping = PingLoopAsync(socket, session.Token);
            var first = await Task.WhenAny(receive, control, ping).ConfigureAwait(false);
            await session.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(receive, control, ping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (Volatile.Read(ref idleFired) == 1) return $"nothing received for {_idleTimeout.TotalSeconds:0.###} s";
            if (first == receive && receive.IsCompletedSuccessfully) return receive.Result;
            return first.Exception?.GetBaseException() is { } failure ? Describe(failure) : "cancelled";
        }

        void CheckIdle()
        {
            var silent = TimeSpan.FromMicroseconds(FeedClock.NowMicros(_time) - Volatile.Read(ref _lastFrameMicros));
            if (silent >= _idleTimeout)
            {
                Volatile.Write(ref idleFired, 1);
                session.Cancel();
                return;
            }

            try
            {
                idleTimer!.Change(_idleTimeout - silent, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // The session ended while this check ran.
            }
        }
    }

    private async Task<string> ReceiveLoopAsync(ClientWebSocket socket, CancellationToken token)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(socket, token).ConfigureAwait(false);
            Volatile.Write(ref _lastFrameMicros, result.ReceiveMicros);
            switch (result.Kind)
            {
                case FrameReadKind.Text:
                    Interlocked.Increment(ref _framesReceived);
                    Deliver(result.ReceiveMicros);
                    break;
                case FrameReadKind.Closed:
                    return $"the server closed the connection ({result.CloseStatus} {result.CloseDescription})";
                default:
                    Skipped(result);
                    break;
            }
        }
    }

    private void Deliver(long receiveMicros)
    {
        try
        {
            _handler.OnFrame(_reader.Message, receiveMicros);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Handlers never throw for bad input; one that does has a bug. Report it and keep the data flowing.
            ConnectionLog.HandlerFailed(_logger, Name, e);
            _events.OnEvent(new FeedEvent(FeedEventKind.MalformedFrame, _protocol.Exchange, null, receiveMicros, 0,
                $"{Name}: the frame handler threw {e.GetType().Name}: {e.Message}"));
        }
    }

    private void Skipped(in FrameReadResult result)
    {
        Interlocked.Increment(ref _messagesSkipped);
        ConnectionLog.MessageSkipped(_logger, Name, result.Kind, result.Bytes);
        var detail = result.Kind == FrameReadKind.Oversized
            ? $"{Name}: skipped a message of {result.Bytes} bytes, over the {_options.MaxMessageBytes}-byte limit"
            : $"{Name}: skipped a binary message of {result.Bytes} bytes";
        _events.OnEvent(new FeedEvent(FeedEventKind.MalformedFrame, _protocol.Exchange, null, result.ReceiveMicros, 0, detail));
    }

    /// <summary>Subscribes every stream, then carries out resubscribe requests until the session ends.</summary>
    private async Task ControlLoopAsync(ClientWebSocket socket, CancellationToken token)
    {
        // A full subscribe covers whatever was requested before it.
        while (_requests.Reader.TryRead(out var stale)) _pending.TryRemove(stale, out _);
        var messages = _protocol.SubscribeMessages(_streams, _options.Depth);
        foreach (var message in messages) await _sender.SendAsync(socket, message, token).ConfigureAwait(false);
        ConnectionLog.Subscribed(_logger, Name, _streams.Length, messages.Count);
        _observer?.OnSubscribed(this, _streams, FeedClock.NowMicros(_time));
        await foreach (var stream in _requests.Reader.ReadAllAsync(token).ConfigureAwait(false))
        {
            _pending.TryRemove(stream, out var reason);
            await ResubscribeNowAsync(socket, stream, reason ?? string.Empty, token).ConfigureAwait(false);
        }
    }

    private async Task ResubscribeNowAsync(ClientWebSocket socket, StreamKey stream, string reason, CancellationToken token)
    {
        var now = FeedClock.NowMicros(_time);
        if (_lastResubscribe.TryGetValue(stream, out var last) && TimeSpan.FromMicroseconds(now - last) < _options.ResubscribeMinInterval)
        {
            ConnectionLog.ResubscribeThrottled(_logger, Name, stream.ToString(), reason, (now - last) / 1000);
            return;
        }

        _lastResubscribe[stream] = now;
        ConnectionLog.Resubscribing(_logger, Name, stream.ToString(), reason);
        StreamKey[] one = [stream];
        foreach (var message in _protocol.UnsubscribeMessages(one, _options.Depth)) await _sender.SendAsync(socket, message, token).ConfigureAwait(false);
        foreach (var message in _protocol.SubscribeMessages(one, _options.Depth)) await _sender.SendAsync(socket, message, token).ConfigureAwait(false);
        Interlocked.Increment(ref _resubscribes);
        _observer?.OnSubscribed(this, one, FeedClock.NowMicros(_time));
    }

    private async Task PingLoopAsync(ClientWebSocket socket, CancellationToken token)
    {
        if (_protocol.PingMessage is not { } ping || _protocol.PingInterval <= TimeSpan.Zero)
        {
            // The exchange pings with control frames, which ClientWebSocket answers itself.
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, token).ConfigureAwait(false);
            return;
        }

        using var timer = new PeriodicTimer(_protocol.PingInterval, _time);
        while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            await _sender.SendAsync(socket, ping, token).ConfigureAwait(false);
    }

    private void OnOpened(long now)
    {
        Volatile.Write(ref _lastFrameMicros, now);
        Volatile.Write(ref _openedAtMicros, now);
        _policy.OnConnected();
        if (!_firstOpened.TrySetResult()) Interlocked.Increment(ref _reconnects);
        lock (_state)
        {
            _open = true;
            var outage = _lostAtMicros is { } lost ? now - lost : 0;
            ConnectionLog.Connected(_logger, Name, outage / 1000);
            if (_isPrimary)
            {
                var isReconnect = _notifiedOpen;
                _notifiedOpen = true;
                _lostAtMicros = null;
                _handler.OnConnected(now, isReconnect);
                _events.OnEvent(new FeedEvent(FeedEventKind.Connected, _protocol.Exchange, null, now, outage,
                    isReconnect ? $"{Name} reconnected after {outage / 1000} ms" : $"{Name} connected"));
            }
        }

        _observer?.OnOpened(this, now);
    }

    private void OnLost(long now, string reason)
    {
        ConnectionLog.Disconnected(_logger, Name, reason);
        lock (_state)
        {
            _open = false;
            if (_isPrimary)
            {
                _lostAtMicros = now;
                _notifiedOpen = true;
                _handler.OnDisconnected(now);
                _events.OnEvent(new FeedEvent(FeedEventKind.Disconnected, _protocol.Exchange, null, now, 0, $"{Name}: {reason}"));
            }
        }

        _observer?.OnLost(this, now);
    }

    private static Func<FeedConnection, IFrameHandler> CheckedHandler(IFrameHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return _ => handler;
    }

    private static string Describe(Exception e) => e switch
    {
        WebSocketException ws => $"websocket error {ws.WebSocketErrorCode}: {ws.Message}",
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
