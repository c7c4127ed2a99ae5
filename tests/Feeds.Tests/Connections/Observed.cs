namespace Archiver.Feeds.Tests.Connections;

/// <summary>A thread-safe list that tests can await conditions on: each addition re-checks the waiting conditions.</summary>
internal sealed class Observed<T>
{
    private readonly Lock _gate = new();
    private readonly List<T> _items = [];
    private readonly List<(Func<IReadOnlyList<T>, bool> Condition, TaskCompletionSource Done)> _waiters = [];

    public void Add(T item)
    {
        List<TaskCompletionSource> done = [];
        lock (_gate)
        {
            _items.Add(item);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (!_waiters[i].Condition(_items)) continue;
                done.Add(_waiters[i].Done);
                _waiters.RemoveAt(i);
            }
        }

        foreach (var tcs in done) tcs.TrySetResult();
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_gate) return [.. _items];
    }

    public int Count
    {
        get
        {
            lock (_gate) return _items.Count;
        }
    }

    /// <summary>Completes when <paramref name="condition"/> holds for the items (checked now and on every addition).</summary>
    public Task WhenAsync(Func<IReadOnlyList<T>, bool> condition, TimeSpan? timeout = null)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (condition(_items)) return Task.CompletedTask;
            _waiters.Add((condition, tcs));
        }

        return tcs.Task.WaitAsync(timeout ?? TestTimeouts.Step);
    }

    public Task WhenAnyAsync(Func<T, bool> predicate, TimeSpan? timeout = null) => WhenAsync(items => items.Any(predicate), timeout);

    public Task WhenCountAsync(int count, TimeSpan? timeout = null) => WhenAsync(items => items.Count >= count, timeout);
}
