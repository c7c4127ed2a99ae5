namespace Archiver.Cli.Live;

/// <summary>
/// A bounded multi-producer queue of <see cref="LiveRecord"/>s between the feed threads and the store writer's loop,
/// double-buffered: producers copy into the filling array under a short lock, the consumer swaps it with the drained
/// one. Both arrays are allocated once, so adding never allocates and never waits for the store; when the filling
/// array is full the record is refused and counted.
/// </summary>
internal sealed class LiveRecordQueue
{
    private readonly Lock _gate = new();
    private LiveRecord[] _filling;
    private LiveRecord[] _draining;
    private int _count;
    private int _taken;
    private long _dropped;

    public LiveRecordQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _filling = new LiveRecord[capacity];
        _draining = new LiveRecord[capacity];
    }

    public int Capacity => _filling.Length;

    /// <summary>Records refused because the queue was full, since the start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Records waiting for the next <see cref="Take"/>.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _count;
        }
    }

    /// <summary>Copies <paramref name="record"/> in; false (and counted as dropped) when the queue is full.</summary>
    public bool TryAdd(in LiveRecord record)
    {
        lock (_gate)
        {
            if (_count < _filling.Length)
            {
                _filling[_count++] = record;
                return true;
            }
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>
    /// Takes every queued record. The span stays valid until the next call (one consumer only); the records' symbol
    /// references are released then.
    /// </summary>
    public ReadOnlySpan<LiveRecord> Take()
    {
        Array.Clear(_draining, 0, _taken);
        lock (_gate)
        {
            (_filling, _draining) = (_draining, _filling);
            _taken = _count;
            _count = 0;
        }

        return _draining.AsSpan(0, _taken);
    }
}
