namespace Archiver.Cli.Live;

/// <summary>
/// The last <see cref="Capacity"/> trade keys of one symbol, so a trade delivered twice is stored once, exactly as the
/// archive keeps it: the hour close drops a trade whose exchange time and id hash it already holds in the same hourly
/// file, so the key is (exchange time, id hash, receive hour): a trade repeated in the next receive hour is in two
/// files, and ingest stores it twice, so the live store does too. Oldest keys are evicted first; the set and the ring
/// reuse their storage, so a steady stream allocates nothing.
/// </summary>
internal sealed class RecentTradeKeys(int capacity)
{
    private const long MicrosPerHour = 3_600_000_000L;

    private readonly HashSet<(long Time, ulong Id, long Hour)> _set = new(capacity);
    private readonly Queue<(long Time, ulong Id, long Hour)> _ring = new(capacity);

    public int Capacity { get; } = capacity;

    /// <summary>Remembers the key; false when it was already remembered (a duplicate).</summary>
    public bool Add(long exchangeMicros, ulong idHash, long receiveMicros)
    {
        var key = (exchangeMicros, idHash, (receiveMicros / MicrosPerHour) - (receiveMicros % MicrosPerHour < 0 ? 1 : 0));
        if (!_set.Add(key)) return false;
        _ring.Enqueue(key);
        if (_ring.Count > Capacity) _set.Remove(_ring.Dequeue());
        return true;
    }
}
