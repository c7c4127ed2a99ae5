using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Integration;

/// <summary>Collects records from a live feed and lets a test await a condition on them (no polling, no sleeps).</summary>
internal sealed class SignalingSink : IFeedSink
{
    private readonly Lock _lock = new();
    private readonly List<(Func<bool> Condition, TaskCompletionSource Signal)> _waiters = [];

    public List<Trade> Trades { get; } = [];

    public List<FeedEvent> Events { get; } = [];

    public long Books { get; private set; }

    public long CrossedBooks { get; private set; }

    public void OnTrade(in Trade trade)
    {
        lock (_lock)
        {
            Trades.Add(trade);
            Check();
        }
    }

    public void OnBook(BookSnapshot book)
    {
        lock (_lock)
        {
            Books++;
            if (book.IsCrossed) CrossedBooks++;
            Check();
        }
    }

    public void OnEvent(FeedEvent feedEvent)
    {
        lock (_lock)
        {
            Events.Add(feedEvent);
            Check();
        }
    }

    /// <summary>Completes when <paramref name="condition"/> (evaluated under the sink's lock) holds.</summary>
    public Task WaitAsync(Func<SignalingSink, bool> condition, TimeSpan timeout, string what)
    {
        lock (_lock)
        {
            if (condition(this)) return Task.CompletedTask;
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((() => condition(this), signal));
            return signal.Task.WaitAsync(timeout).ContinueWith(
                t => t.IsFaulted ? throw new TimeoutException($"timed out after {timeout.TotalSeconds:F0} s waiting for {what}; events: {string.Join(" | ", Snapshot().Events)}") : t,
                TaskScheduler.Default).Unwrap();
        }
    }

    public (List<Trade> Trades, List<FeedEvent> Events) Snapshot()
    {
        lock (_lock) return ([.. Trades], [.. Events]);
    }

    private void Check()
    {
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (!_waiters[i].Condition()) continue;
            _waiters[i].Signal.TrySetResult();
            _waiters.RemoveAt(i);
        }
    }
}
