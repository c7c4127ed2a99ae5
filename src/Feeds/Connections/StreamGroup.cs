using System.Threading.Channels;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;
using Microsoft.Extensions.Logging;

namespace Archiver.Feeds.Connections;

/// <summary>
/// The streams of one connection slot of an <see cref="ExchangeFeed"/>: one frame handler, the connection currently
/// carrying them (the primary), and — when the exchange limits a connection's lifetime — the rotation that replaces
/// that connection before the exchange closes it, make-before-break, both feeding the same handler.
/// </summary>
internal sealed class StreamGroup : IFeedControl, IConnectionObserver, IAsyncDisposable
{
    private readonly IExchangeProtocol _protocol;
    private readonly FeedOptions _options;
    private readonly StreamKey[] _streams;
    private readonly IFeedSink _events;
    private readonly StreamWatchdog _watchdog;
    private readonly HandlerGate _gate;
    private readonly RotationProbe _probe;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Random? _random;
    private readonly ITimer _rotationTimer;
    private readonly Channel<bool> _rotationDue = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private FeedConnection _primary;
    private Task? _primaryRun;
    private int _generation;
    private long _rotations;

    public StreamGroup(
        string name,
        IExchangeProtocol protocol,
        FeedOptions options,
        IReadOnlyList<StreamKey> streams,
        IFeedSink sink,
        IFeedSink events,
        Lock gate,
        StreamWatchdog watchdog,
        TimeProvider time,
        ILogger logger,
        Random? random,
        Capture.IRawCapture? capture = null)
    {
        Name = name;
        _protocol = protocol;
        _options = options;
        _streams = [.. streams];
        _events = events;
        _watchdog = watchdog;
        _time = time;
        _logger = logger;
        _random = random;
        _gate = new HandlerGate(gate);
        _probe = new RotationProbe(watchdog.Observe(sink), _gate);
        var handler = protocol.CreateHandler(_streams, options.Depth, _probe, this, time);
        _gate.Attach(capture is null ? handler : new Capture.CapturingFrameHandler(handler, capture));
        _rotationTimer = time.CreateTimer(_ => _rotationDue.Writer.TryWrite(true), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _primary = NewConnection(isPrimary: true);
    }

    public string Name { get; }

    public IReadOnlyList<StreamKey> Streams => _streams;

    /// <summary>The connection carrying the streams now.</summary>
    public FeedConnection Primary => Volatile.Read(ref _primary);

    /// <summary>The frame handler shared by the group's connections.</summary>
    public IFrameHandler Handler => _gate.Handler;

    /// <summary>Connections replaced before the exchange's lifetime limit.</summary>
    public long Rotations => Interlocked.Read(ref _rotations);

    /// <summary>Routes a resubscribe (from the handler or the watchdog) to the connection carrying the stream now.</summary>
    public void Resubscribe(StreamKey stream, string reason) => Primary.Resubscribe(stream, reason);

    /// <summary>Runs the group's connection(s), rotating them when due, until cancelled.</summary>
    public async Task RunAsync(TimeSpan startDelay, CancellationToken cancellationToken)
    {
        try
        {
            if (startDelay > TimeSpan.Zero) await Task.Delay(startDelay, _time, cancellationToken).ConfigureAwait(false);
            _primaryRun = Primary.RunAsync(cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                var due = _rotationDue.Reader.ReadAsync(cancellationToken).AsTask();
                var first = await Task.WhenAny(due, _primaryRun).ConfigureAwait(false);
                // A connection runs until cancelled; ending sooner is a bug, which awaiting it surfaces.
                if (first != due) break;
                await due.ConfigureAwait(false);
                await RotateAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        if (_primaryRun is { } run) await run.ConfigureAwait(false);
    }

    public void OnOpened(FeedConnection connection, long timeMicros)
    {
        if (connection == Primary) ScheduleRotation(connection);
    }

    public void OnSubscribed(FeedConnection connection, IReadOnlyList<StreamKey> streams, long timeMicros)
    {
        if (connection == Primary) _watchdog.OnSubscribed(streams);
    }

    public void OnLost(FeedConnection connection, long timeMicros)
    {
        if (connection != Primary) return;
        _watchdog.Suspend(_streams);
        ChangeRotationTimer(Timeout.InfiniteTimeSpan);
    }

    public async ValueTask DisposeAsync()
    {
        await _rotationTimer.DisposeAsync().ConfigureAwait(false);
        await Primary.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Opens a replacement for the primary, waits until it delivers data for its streams (or the ready timeout), then
    /// makes it the primary and closes the old one. A replacement that has not even connected by then is dropped and
    /// the rotation retried later; the old connection keeps the streams meanwhile.
    /// </summary>
    private async Task RotateAsync(CancellationToken cancellationToken)
    {
        var old = Primary;
        var replacement = NewConnection(isPrimary: false);
        ConnectionLog.RotationStarted(_logger, old.Name, replacement.Name);
        var ready = _probe.Begin(replacement, _streams);
        var replacementRun = replacement.RunAsync(cancellationToken);
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var timer = Task.Delay(_options.RotationReadyTimeout, _time, timeout.Token);
            await Task.WhenAny(ready, timer).ConfigureAwait(false);
            await timeout.CancelAsync().ConfigureAwait(false);
            await timer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var delivered = ready.IsCompletedSuccessfully;
        _probe.End();
        if (cancellationToken.IsCancellationRequested || (!delivered && !replacement.IsConnected))
        {
            if (!cancellationToken.IsCancellationRequested)
                ConnectionLog.RotationAbandoned(_logger, old.Name, replacement.Name, (long)_options.RotationReadyTimeout.TotalMilliseconds);
            await replacement.DisposeAsync().ConfigureAwait(false);
            await replacementRun.ConfigureAwait(false);
            ChangeRotationTimer(_options.RotationReadyTimeout);
            return;
        }

        old.Demote();
        replacement.Promote();
        Volatile.Write(ref _primary, replacement);
        var oldRun = _primaryRun;
        _primaryRun = replacementRun;
        ScheduleRotation(replacement);
        await old.DisposeAsync().ConfigureAwait(false);
        if (oldRun is not null) await oldRun.ConfigureAwait(false);
        Interlocked.Increment(ref _rotations);
        var now = FeedClock.NowMicros(_time);
        var age = TimeSpan.FromMicroseconds(now - old.OpenedAtMicros);
        ConnectionLog.Rotated(_logger, old.Name, replacement.Name, delivered);
        _events.OnEvent(new FeedEvent(FeedEventKind.Rotated, _protocol.Exchange, null, now, 0,
            $"{old.Name} replaced by {replacement.Name} after {age.TotalHours:0.##} h; " +
            (delivered ? "the replacement was delivering data" : $"the replacement delivered no data within {_options.RotationReadyTimeout}")));
    }

    private void ScheduleRotation(FeedConnection connection)
    {
        if (_protocol.MaxConnectionLifetime is not { } lifetime) return;
        var age = TimeSpan.FromMicroseconds(FeedClock.NowMicros(_time) - connection.OpenedAtMicros);
        var due = lifetime - _options.ConnectionRotationMargin - age;
        ChangeRotationTimer(due > TimeSpan.Zero ? due : TimeSpan.Zero);
    }

    private void ChangeRotationTimer(TimeSpan due)
    {
        try
        {
            _rotationTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The group is being disposed.
        }
    }

    private FeedConnection NewConnection(bool isPrimary)
    {
        var generation = _generation++;
        var name = generation == 0 ? Name : $"{Name}.{generation}";
        return new FeedConnection(_protocol, _options, _streams, _gate.For, _events, _time, _logger, name, this, _random, isPrimary);
    }
}
