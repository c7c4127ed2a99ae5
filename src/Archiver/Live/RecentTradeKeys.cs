namespace Archiver.Cli.Live;

/// <summary>
/// The last <see cref="Capacity"/> trade keys (exchange time, id hash) of one symbol, so a trade delivered twice is
/// stored once, as the archive keeps it once (the same key as the hour close's duplicate check). Oldest keys are
/// evicted first; the set and the ring reuse their storage, so a steady stream allocates nothing.
/// </summary>
internal sealed class RecentTradeKeys(int capacity)
{
    private readonly HashSet<(long Time, ulong Id)> _set = new(capacity);
    private readonly Queue<(long Time, ulong Id)> _ring = new(capacity);

    public int Capacity { get; } = capacity;

    /// <summary>Remembers the key; false when it was already remembered (a duplicate).</summary>
    public bool Add(long exchangeMicros, ulong idHash)
    {
        var key = (exchangeMicros, idHash);
        if (!_set.Add(key)) return false;
        _ring.Enqueue(key);
        if (_ring.Count > Capacity) _set.Remove(_ring.Dequeue());
        return true;
    }
}
