using Microsoft.Win32.SafeHandles;

namespace Archiver.Store.Buckets.Storage;

/// <summary>
/// The column files of one partition version, opened on first use and closed together. Built on a partition's
/// current version (<see cref="PartitionFiles(StoredBucket, Partition, bool)"/>), it uses the partition's kept-open
/// handles where the budget allows (those stay open after <see cref="Dispose"/>); only files it had to open itself
/// are remembered and closed, so an instance over a partition whose files are all kept open allocates nothing else.
/// </summary>
internal sealed class PartitionFiles : IDisposable
{
    private readonly StoredBucket _bucket;
    private readonly string _directory;
    private readonly bool _write;
    private readonly Partition? _cache;

    /// <summary>Files this instance opened itself (not kept open by the partition); allocated on the first one.</summary>
    private SafeFileHandle?[]? _own;

    public PartitionFiles(StoredBucket bucket, string directory, bool write)
    {
        _bucket = bucket;
        _directory = directory;
        _write = write;
    }

    /// <summary>The current version of <paramref name="partition"/> for reading, through its kept-open handles (see <see cref="Partition.CachedHandle"/>).</summary>
    public PartitionFiles(StoredBucket bucket, Partition partition)
        : this(bucket, partition, write: false) { }

    /// <summary>
    /// The current version of <paramref name="partition"/>, through its kept-open handles; with <paramref name="write"/>
    /// (the caller holds the bucket's write lock) missing files are created.
    /// </summary>
    public PartitionFiles(StoredBucket bucket, Partition partition, bool write)
        : this(bucket, bucket.PartitionDirectory(partition), write) => _cache = partition;

    public string PathOf(int column) => Path.Combine(_directory, _bucket.StoredColumn(column).File);

    public SafeFileHandle Handle(int column)
    {
        if (_own?[column] is { } known) return known;
        if (_cache is not null
            && _cache.CachedHandle(column, _bucket.StoredColumnCount, _directory, _bucket.StoredColumn(column).File, create: _write) is { } kept)
            return kept;

        var own = _own ??= new SafeFileHandle?[_bucket.StoredColumnCount];
        return own[column] = _write ? ColumnFile.OpenWrite(PathOf(column)) : ColumnFile.OpenRead(PathOf(column));
    }

    /// <summary>Reads values [<paramref name="row"/>, row + count) of a stored column into <paramref name="destination"/>.</summary>
    public void Read(int column, long row, Span<byte> destination)
    {
        var (file, type) = _bucket.StoredColumn(column);
        ColumnFile.ReadExact(Handle(column), _directory, file, destination, row * type.Size());
    }

    /// <summary>Writes values starting at <paramref name="row"/> of a stored column.</summary>
    public void Write(int column, long row, ReadOnlySpan<byte> values)
    {
        if (values.IsEmpty) return;
        var (file, type) = _bucket.StoredColumn(column);
        ColumnFile.Write(Handle(column), _directory, file, values, row * type.Size());
    }

    /// <summary>Creates every column file (empty) so a partition's directory is complete even before rows arrive.</summary>
    public void CreateAll()
    {
        for (var c = 0; c < _bucket.StoredColumnCount; c++) _ = Handle(c);
    }

    /// <summary>Fsyncs every file of the partition (opening those not open yet).</summary>
    public void Flush()
    {
        for (var c = 0; c < _bucket.StoredColumnCount; c++) RandomAccess.FlushToDisk(Handle(c));
    }

    /// <summary>Closes the files this instance opened (kept-open handles stay open).</summary>
    public void Dispose()
    {
        if (_own is null) return;
        foreach (var h in _own) h?.Dispose();
    }
}
