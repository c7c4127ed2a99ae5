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
    public int Version
    {
        get => _version;
        set
        {
            _version = value;
            _directory = null;
        }
    }

    private int _version;

    /// <summary>The current version's directory path, built once per version (see <see cref="StoredBucket.PartitionDirectory(Partition)"/>).</summary>
    private string? _directory;

    /// <summary>The current version's directory under <paramref name="bucketDirectory"/>, remembered until the version changes.</summary>
    public string DirectoryIn(string bucketDirectory, bool byDay)
    {
        var known = Volatile.Read(ref _directory);
        if (known is not null) return known;
        var path = Path.Combine(bucketDirectory, PartitionScheme.DirectoryName(byDay, Start, _version));
        Volatile.Write(ref _directory, path);
        return path;
    }

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

    private SafeFileHandle?[]? _handles;

    /// <summary>
    /// The kept-open read-write handle of stored column <paramref name="column"/> (file <paramref name="file"/> in the
    /// current version's <paramref name="directory"/>), opened on first use (created when <paramref name="create"/>, for
    /// the writer); null when <see cref="ColumnHandleBudget"/> is spent (the caller opens and closes its own). Readers
    /// (under the bucket's read lock, possibly at the same time) and the writer (under its write lock) share it: the first
    /// handle installed wins. Appends and in-place overwrites keep the files, so a handle stays valid until
    /// <see cref="CloseHandles"/>, which runs under the write lock before the version changes or the files go.
    /// Durability is unchanged: column files are synced at checkpoints (syncfs, or a fresh handle per file), and the log
    /// is the record until then.
    /// </summary>
    public SafeFileHandle? CachedHandle(int column, int columnCount, string directory, string file, bool create)
    {
        var handles = Volatile.Read(ref _handles);
        if (handles is null)
        {
            var fresh = new SafeFileHandle?[columnCount];
            handles = Interlocked.CompareExchange(ref _handles, fresh, null) ?? fresh;
        }

        var cached = Volatile.Read(ref handles[column]);
        if (cached is not null) return cached;
        if (!ColumnHandleBudget.TryTake()) return null;
        SafeFileHandle opened;
        try
        {
            opened = ColumnFile.OpenKept(Path.Combine(directory, file), create);
        }
        catch
        {
            ColumnHandleBudget.Give();
            throw;
        }

        var prior = Interlocked.CompareExchange(ref handles[column], opened, null);
        if (prior is null) return opened;
        opened.Dispose();
        ColumnHandleBudget.Give();
        return prior;
    }

    /// <summary>Closes the kept-open handles: under the bucket's write lock, before the version changes or the files go, or when writes move on to a newer partition.</summary>
    public void CloseHandles()
    {
        var handles = Interlocked.Exchange(ref _handles, null);
        if (handles is null) return;
        foreach (var h in handles)
        {
            if (h is null) continue;
            h.Dispose();
            ColumnHandleBudget.Give();
        }
    }
}
