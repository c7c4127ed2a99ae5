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
}
