using Microsoft.Win32.SafeHandles;

namespace Archiver.Store.Buckets.Storage;

/// <summary>
/// The column files of one partition version, opened on first use and closed together. Built on a partition's
/// current version (<see cref="PartitionFiles(StoredBucket, Partition, bool)"/>), it borrows the partition's cached
/// handles where the budget allows (those stay open after <see cref="Dispose"/>).
/// </summary>
internal sealed class PartitionFiles : IDisposable
{
    private readonly StoredBucket _bucket;
    private readonly string _directory;
    private readonly bool _write;
    private readonly SafeFileHandle?[] _handles;
    private readonly Partition? _cache;

    /// <summary>Handles in <see cref="_handles"/> that belong to the partition's cache (not closed by <see cref="Dispose"/>); null when nothing is borrowed.</summary>
    private bool[]? _borrowed;

    public PartitionFiles(StoredBucket bucket, string directory, bool write)
    {
        _bucket = bucket;
        _directory = directory;
        _write = write;
        _handles = new SafeFileHandle?[bucket.StoredColumnCount];
    }

    /// <summary>The current version of <paramref name="partition"/> for reading, through its cached read handles (see <see cref="Partition.ReadHandle"/>).</summary>
    public PartitionFiles(StoredBucket bucket, Partition partition)
        : this(bucket, partition, write: false) { }

    /// <summary>
    /// The current version of <paramref name="partition"/>, through its cached read handles or, with
    /// <paramref name="write"/> (the caller holds the bucket's write lock), its cached write handles.
    /// </summary>
    public PartitionFiles(StoredBucket bucket, Partition partition, bool write)
        : this(bucket, bucket.PartitionDirectory(partition), write) => _cache = partition;

    public string PathOf(int column) => Path.Combine(_directory, _bucket.StoredColumn(column).File);

    public SafeFileHandle Handle(int column)
    {
        if (_handles[column] is { } known) return known;
        if (_cache is not null)
        {
            var cached = _write
                ? _cache.WriteHandle(column, _handles.Length, () => ColumnFile.OpenWrite(PathOf(column)))
                : _cache.ReadHandle(column, _handles.Length, () => ColumnFile.OpenRead(PathOf(column)));
            if (cached is not null)
            {
                (_borrowed ??= new bool[_handles.Length])[column] = true;
                return _handles[column] = cached;
            }
        }

        return _handles[column] = _write ? ColumnFile.OpenWrite(PathOf(column)) : ColumnFile.OpenRead(PathOf(column));
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
        for (var c = 0; c < _handles.Length; c++) _ = Handle(c);
    }

    /// <summary>Fsyncs every file opened through this instance.</summary>
    public void Flush()
    {
        foreach (var h in _handles) if (h is not null) RandomAccess.FlushToDisk(h);
    }

    /// <summary>Closes the files this instance opened (cached handles stay open).</summary>
    public void Dispose()
    {
        for (var c = 0; c < _handles.Length; c++)
        {
            if (_borrowed is null || !_borrowed[c]) _handles[c]?.Dispose();
        }
    }
}
