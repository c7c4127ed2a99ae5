namespace Archiver.Store.Buckets.Storage;

/// <summary>
/// A bucket as the engine holds it: schema, directory and partitions. Readers hold <see cref="Lock"/> in read mode
/// while they search and copy; the writer applying a committed write holds it in write mode, so a reader sees a
/// write entirely or not at all. Writers to one bucket are serialized before that (the store's key locks).
/// </summary>
internal sealed class StoredBucket : IDisposable
{
    public StoredBucket(BucketKey key, RecordKind kind, IReadOnlyList<ColumnSpec> elements, string directory)
    {
        Key = key;
        Kind = kind;
        Elements = [.. elements];
        Info = new BucketInfo(key, kind, Elements);
        Directory = directory;
        ByDay = PartitionScheme.ByDay(kind, key.Timeframe);
        _storedColumns = new (string File, ColumnType Type)[StoredColumnCount];
        for (var c = 0; c < _storedColumns.Length; c++) _storedColumns[c] = DescribeColumn(c);
    }

    private readonly (string File, ColumnType Type)[] _storedColumns;

    public BucketKey Key { get; }

    public RecordKind Kind { get; }

    public bool IsVariable => Kind == RecordKind.Variable;

    public ColumnSpec[] Elements { get; }

    public BucketInfo Info { get; }

    public string Directory { get; }

    /// <summary>Partitions by day (ticks, sub-minute bars) rather than by year.</summary>
    public bool ByDay { get; }

    public ReaderWriterLockSlim Lock { get; } = new(LockRecursionPolicy.NoRecursion);

    /// <summary>Partitions by start second, ascending.</summary>
    public SortedList<long, Partition> Partitions { get; } = [];

    /// <summary>Next partition version number (unique within the bucket).</summary>
    public int NextVersion { get; set; } = 1;

    /// <summary>Old version directories the last checkpoint still names: deleted after the next checkpoint.</summary>
    public List<string> DeferredDeletes { get; } = [];

    /// <summary>Set once destroyed; readers that raced with the destroy then report the bucket missing.</summary>
    public bool Destroyed { get; set; }

    /// <summary>Changed since the last checkpoint (its meta file must be rewritten).</summary>
    public bool Dirty { get; set; }

    public string MetaPath => Path.Combine(Directory, BucketMetaFile.FileName);

    public string PartitionDirectory(Partition p) => p.DirectoryIn(Directory, ByDay);

    public string PartitionDirectory(long start, int version) => Path.Combine(Directory, PartitionScheme.DirectoryName(ByDay, start, version));

    /// <summary>Number of stored columns: Epoch, Nanoseconds (variable only), then the elements.</summary>
    public int StoredColumnCount => Elements.Length + (IsVariable ? 2 : 1);

    /// <summary>
    /// Stored column <paramref name="index"/> (0 = Epoch, 1 = Nanoseconds for variable buckets, then the elements):
    /// its file name and type. Files are named by position, never by the (client-chosen) column name.
    /// </summary>
    public (string File, ColumnType Type) StoredColumn(int index) => _storedColumns[index];

    private (string File, ColumnType Type) DescribeColumn(int index)
    {
        if (index == 0) return ("epoch.i8", ColumnType.I8);
        if (IsVariable && index == 1) return ("nanos.i4", ColumnType.I4);
        var e = index - (IsVariable ? 2 : 1);
        var type = Elements[e].Type;
        return ($"c{e}.{type.ToTypeString()}", type);
    }

    /// <summary>Closes every partition's kept-open column files (the caller holds the write lock, or no reader can run).</summary>
    public void CloseHandles()
    {
        foreach (var p in Partitions.Values) p.CloseHandles();
    }

    public void Dispose()
    {
        CloseHandles();
        Lock.Dispose();
    }
}
