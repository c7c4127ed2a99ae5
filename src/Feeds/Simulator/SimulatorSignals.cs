namespace Archiver.Feeds.Simulator;

/// <summary>
/// Lets tests await simulator state (connections, subscriptions, trades printed) instead of sleeping, and raises the
/// client events. Conditions are re-checked on every <see cref="Notify"/>; callers never hold a feed lock when they
/// notify, because conditions take feed locks.
/// </summary>
internal sealed class SimulatorSignals
{
    private readonly Lock _lock = new();
    private readonly List<Waiter> _waiters = [];
    private readonly object _sender;

    public SimulatorSignals(object sender) => _sender = sender;

    public event EventHandler<SimulatorClientEventArgs>? ClientConnected;

    public event EventHandler<SimulatorClientEventArgs>? ClientSubscribed;

    public event EventHandler<SimulatorClientEventArgs>? ClientDisconnected;

    /// <summary>Completes once <paramref name="condition"/> holds (checked now and after each notification).</summary>
    public async Task WaitAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(condition);
        lock (_lock)
        {
            if (condition()) return;
            _waiters.Add(waiter);
        }

        using var registration = cancellationToken.Register(() =>
        {
            lock (_lock) _waiters.Remove(waiter);
            waiter.Done.TrySetCanceled(cancellationToken);
        });
        await waiter.Done.Task.ConfigureAwait(false);
    }

    /// <summary>Re-checks every pending condition.</summary>
    public void Notify()
    {
        lock (_lock)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (!_waiters[i].Condition()) continue;
                _waiters[i].Done.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
    }

    public void OnConnected(SimulatorClientEventArgs args)
    {
        ClientConnected?.Invoke(_sender, args);
        Notify();
    }

    public void OnSubscribed(SimulatorClientEventArgs args)
    {
        ClientSubscribed?.Invoke(_sender, args);
        Notify();
    }

    public void OnDisconnected(SimulatorClientEventArgs args)
    {
        ClientDisconnected?.Invoke(_sender, args);
        Notify();
    }

    private sealed class Waiter(Func<bool> condition)
    {
        public Func<bool> Condition { get; } = condition;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
