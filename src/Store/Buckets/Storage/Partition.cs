using Microsoft.Win32.SafeHandles;

namespace Archiver.Store.Buckets.Storage;

/// <summary>
/// One time partition of a bucket: a directory <c>&lt;start&gt;.&lt;version&gt;</c> holding one file per column of
/// <see cref="Rows"/> packed little-endian values sorted by time. Files may be longer than <see cref="Rows"/> values
/// (an append not yet published, or one that a crash interrupted); readers never look past <see cref="Rows"/>.
/// Mutated only under the bucket's write lock.
/// </summary>
internal sealed class Partition
{
    public Partition(long start, int version)
    {
        Start = start;
        Version = version;
    }

    /// <summary>Unix seconds of the partition's first second (a year or a day start).</summary>
    public long Start { get; }

    /// <summary>The current version directory; a merge-rewrite writes a new one and switches to it.</summary>
    public int Version { get; set; }

    /// <summary>The version the last checkpoint's meta file names (0: none); its directory survives until the next checkpoint.</summary>
    public int CheckpointedVersion { get; set; }

    /// <summary>Published row count.</summary>
    public long Rows { get; set; }

    /// <summary>Earliest stored time (meaningless when <see cref="Rows"/> is 0).</summary>
    public StoreTime Min { get; set; } = StoreTime.MaxValue;

    /// <summary>Latest stored time (meaningless when <see cref="Rows"/> is 0).</summary>
    public StoreTime Max { get; set; } = StoreTime.MinValue;

    /// <summary>Changed since the last checkpoint (its files need syncing where syncfs is unavailable).</summary>
    public bool Dirty { get; set; }

    private SafeFileHandle?[]? _readHandles;

    private SafeFileHandle?[]? _writeHandles;

    /// <summary>
    /// The cached read handle of stored column <paramref name="column"/> of the current version, opened with
    /// <paramref name="open"/> on first use; null when <see cref="ReadHandleBudget"/> is spent (the caller opens and
    /// closes its own). Readers call this under the bucket's read lock, possibly at the same time: the first handle
    /// installed wins. Appends and in-place overwrites keep the files, so the handles stay valid until
    /// <see cref="CloseReadHandles"/>.
    /// </summary>
    public SafeFileHandle? ReadHandle(int column, int columnCount, Func<SafeFileHandle> open) => CachedHandle(ref _readHandles, column, columnCount, open);

    /// <summary>
    /// The cached read-write handle of stored column <paramref name="column"/> of the current version, for the writer
    /// (which holds the bucket's write lock): live data appends a few rows to the same files every flush, so keeping
    /// them open saves an open and a close per column per write. Same budget and lifetime as <see cref="ReadHandle"/>;
    /// null when the budget is spent. Durability is unchanged: column files are synced at checkpoints (syncfs, or a
    /// fresh handle per file), and the log is the record until then.
    /// </summary>
    public SafeFileHandle? WriteHandle(int column, int columnCount, Func<SafeFileHandle> open) => CachedHandle(ref _writeHandles, column, columnCount, open);

    /// <summary>Closes the cached write handles only (the partition stopped being the one written to).</summary>
    public void CloseWriteHandles() => Close(ref _writeHandles);

    private static SafeFileHandle? CachedHandle(ref SafeFileHandle?[]? cache, int column, int columnCount, Func<SafeFileHandle> open)
    {
        var handles = Volatile.Read(ref cache);
        if (handles is null)
        {
            var fresh = new SafeFileHandle?[columnCount];
            handles = Interlocked.CompareExchange(ref cache, fresh, null) ?? fresh;
        }

        var cached = Volatile.Read(ref handles[column]);
        if (cached is not null) return cached;
        if (!ReadHandleBudget.TryTake()) return null;
        SafeFileHandle opened;
        try
        {
            opened = open();
        }
        catch
        {
            ReadHandleBudget.Give();
            throw;
        }

        var prior = Interlocked.CompareExchange(ref handles[column], opened, null);
        if (prior is null) return opened;
        opened.Dispose();
        ReadHandleBudget.Give();
        return prior;
    }

    /// <summary>Closes the cached read and write handles: under the bucket's write lock, before the version changes or the files go.</summary>
    public void CloseReadHandles()
    {
        Close(ref _readHandles);
        Close(ref _writeHandles);
    }

    private static void Close(ref SafeFileHandle?[]? cache)
    {
        var handles = Interlocked.Exchange(ref cache, null);
        if (handles is null) return;
        foreach (var h in handles)
        {
            if (h is null) continue;
            h.Dispose();
            ReadHandleBudget.Give();
        }
    }
}
