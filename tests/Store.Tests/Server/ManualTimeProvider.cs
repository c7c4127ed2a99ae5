namespace Archiver.Store.Tests.Server;

/// <summary>
/// A test clock that stands still until <see cref="Advance"/> moves it; timers created from it fire on the thread that
/// calls <see cref="Advance"/>, in the order of their due times, with the clock set to each due time as it fires.
/// </summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly HashSet<ManualTimer> _armed = [];
    private DateTimeOffset _now = start;

    /// <summary>Timers created and not disposed that are set to fire.</summary>
    public int ArmedTimers
    {
        get
        {
            lock (_gate) return _armed.Count;
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock to <paramref name="time"/>, firing every timer due by then.</summary>
    public void AdvanceTo(DateTimeOffset time)
    {
        lock (_gate)
        {
            if (time < _now) throw new ArgumentOutOfRangeException(nameof(time), "the clock only moves forward");
        }

        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _armed.Where(t => t.Due <= time).MinBy(t => t.Due);
                if (next is null)
                {
                    _now = time;
                    return;
                }

                _now = next.Due;
                if (next.Period > TimeSpan.Zero) next.Due += next.Period;
                else _armed.Remove(next);
            }

            next.Callback(next.State);
        }
    }

    /// <summary>Moves the clock forward by <paramref name="by"/>.</summary>
    public void Advance(TimeSpan by) => AdvanceTo(GetUtcNow() + by);

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public DateTimeOffset Due { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    clock._armed.Remove(this);
                    return true;
                }

                Due = clock._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                clock._armed.Add(this);
                return true;
            }
        }

        public void Dispose()
        {
            lock (clock._gate) clock._armed.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
