using Archiver.Store.Buckets;
using Archiver.Store.Query.Functions;
using Microsoft.Extensions.Logging;

namespace Archiver.Store.Server.Streaming;

/// <summary>
/// MarketStore's candle "shelf" for <c>/ws</c> pushes of timeframes above one minute: a value waits until its candle
/// closes (its deadline, <see cref="CandleEnd"/>) and is then handed to the release callback. Values are keyed by
/// bucket and deadline: a newer value for the same bucket and deadline replaces the waiting one (one release per
/// candle), while a value for another deadline waits beside it, so a candle that was overtaken by the next one still
/// closes on time. A deadline that is not after "now" is refused (MarketStore pushes nothing for historical candles).
/// </summary>
/// <remarks>
/// One <see cref="TimeProvider"/> timer, armed for the earliest deadline, drives every entry; no thread or delay per
/// entry. <see cref="Put"/> is safe from any thread (the store's writer threads); releases run on the timer's thread,
/// outside the lock, in deadline order. At most <see cref="MaxWaiting"/> values wait; more are refused. Disposing stops
/// the timer and drops every waiting value: pending pushes are not sent on shutdown (a release already under way when
/// <see cref="Dispose"/> is called may still finish).
/// </remarks>
/// <typeparam name="T">What waits for the candle to close (a struct is replaced in place, without allocating).</typeparam>
public sealed class CandleShelf<T> : IDisposable
{
    /// <summary>Most values waiting at once (one per bucket and open candle in practice).</summary>
    public const int MaxWaiting = 65_536;

    /// <summary>Longest single timer wait; a later deadline re-arms the timer when it fires (timers cap near 49 days).</summary>
    private static readonly TimeSpan MaxTimerWait = TimeSpan.FromHours(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<(BucketKey Key, long Deadline), T> _waiting = [];
    private readonly PriorityQueue<(BucketKey Key, long Deadline), long> _deadlines = new();
    private readonly Action<BucketKey, long, T> _release;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private long _armedFor = long.MaxValue;
    private bool _full;
    private bool _disposed;

    /// <param name="release">Called with the bucket, the deadline (Unix seconds) and the value once the deadline has passed.</param>
    /// <param name="time">The clock and timer.</param>
    /// <param name="logger">Where a failing release and a full shelf are reported.</param>
    public CandleShelf(Action<BucketKey, long, T> release, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _release = release;
        _time = time;
        _logger = logger;
        _timer = time.CreateTimer(static s => ((CandleShelf<T>)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Values waiting for their candle to close.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _waiting.Count;
        }
    }

    /// <summary>
    /// The end of the candle of <paramref name="timeframe"/> holding <paramref name="epochSeconds"/>, in Unix seconds:
    /// the candle start (<see cref="Timeframe.CandleStart"/>, as the on-disk aggregation cuts candles) plus the
    /// timeframe; for days the next UTC midnight, for weeks the next Monday, for months the first of the next month.
    /// </summary>
    public static long CandleEnd(Timeframe timeframe, long epochSeconds) => CandleGroups.NextStart(timeframe, timeframe.CandleStart(epochSeconds));

    /// <summary>Whether a value with this deadline (Unix seconds) would be accepted: it is after "now" and the shelf is open.</summary>
    public bool Accepts(long deadline)
    {
        lock (_gate) return !_disposed && deadline > NowSeconds();
    }

    /// <summary>
    /// Puts <paramref name="value"/> on the shelf until <paramref name="deadline"/> (Unix seconds), replacing the value
    /// waiting for the same bucket and deadline. False (nothing stored) when the deadline is not after "now", the shelf
    /// is full or disposed.
    /// </summary>
    public bool Put(BucketKey key, long deadline, T value)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_disposed || deadline <= NowSeconds()) return false;
            var id = (key, deadline);
            if (_waiting.ContainsKey(id))
            {
                _waiting[id] = value;
                return true;
            }

            if (_waiting.Count >= MaxWaiting)
            {
                if (!_full) _logger.LogWarning("ws: {Count} candles are waiting to close; pushes of further candles are dropped until some close", MaxWaiting);
                _full = true;
                return false;
            }

            _waiting.Add(id, value);
            _deadlines.Enqueue(id, deadline);
            if (deadline < _armedFor) Arm();
            return true;
        }
    }

    /// <summary>Stops the timer and drops every waiting value (they are never released).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _waiting.Clear();
            _deadlines.Clear();
            _timer.Dispose();
        }
    }

    private void OnTimer()
    {
        List<(BucketKey Key, long Deadline, T Value)>? due = null;
        lock (_gate)
        {
            if (_disposed) return;
            var now = NowSeconds();
            while (_deadlines.TryPeek(out var id, out var deadline) && deadline <= now)
            {
                _deadlines.Dequeue();
                if (_waiting.Remove(id, out var value)) (due ??= []).Add((id.Key, id.Deadline, value));
            }

            if (_waiting.Count < MaxWaiting) _full = false;
            Arm();
        }

        if (due is null) return;
        foreach (var (key, deadline, value) in due)
        {
            try
            {
                _release(key, deadline, value);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "ws: releasing the closed {Key} candle failed", key.ToString());
            }
        }
    }

    /// <summary>Sets the timer to the earliest deadline; the caller holds the lock.</summary>
    private void Arm()
    {
        if (!_deadlines.TryPeek(out _, out var earliest))
        {
            _armedFor = long.MaxValue;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        _armedFor = earliest;
        var wait = DateTimeOffset.FromUnixTimeSeconds(earliest) - _time.GetUtcNow();
        if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
        if (wait > MaxTimerWait) wait = MaxTimerWait;
        _timer.Change(wait, Timeout.InfiniteTimeSpan);
    }

    /// <summary>"Now" in whole Unix seconds, rounded down: a deadline is due once it is at or before it.</summary>
    private long NowSeconds() => _time.GetUtcNow().ToUnixTimeSeconds();
}
