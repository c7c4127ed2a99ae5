using Microsoft.Win32.SafeHandles;

namespace Archiver.Store.Buckets.Storage;

/// <summary>The column files of one partition version, opened on first use and closed together.</summary>
internal sealed class PartitionFiles : IDisposable
{
    private readonly StoredBucket _bucket;
    private readonly string _directory;
    private readonly bool _write;
    private readonly SafeFileHandle?[] _handles;
    private readonly Partition? _cache;

    public PartitionFiles(StoredBucket bucket, string directory, bool write)
    {
        _bucket = bucket;
        _directory = directory;
        _write = write;
        _handles = new SafeFileHandle?[bucket.StoredColumnCount];
    }

    /// <summary>The current version of <paramref name="partition"/> for reading, through its cached read handles (see <see cref="Partition.ReadHandle"/>).</summary>
    public PartitionFiles(StoredBucket bucket, Partition partition)
        : this(bucket, bucket.PartitionDirectory(partition), write: false) => _cache = partition;

    public string PathOf(int column) => Path.Combine(_directory, _bucket.StoredColumn(column).File);

    public SafeFileHandle Handle(int column)
    {
        if (_handles[column] is { } own) return own;
        if (_cache?.ReadHandle(column, _handles.Length, () => ColumnFile.OpenRead(PathOf(column))) is { } cached) return cached;
        return _handles[column] = _write ? ColumnFile.OpenWrite(PathOf(column)) : ColumnFile.OpenRead(PathOf(column));
    }

    /// <summary>Reads values [<paramref name="row"/>, row + count) of a stored column into <paramref name="destination"/>.</summary>
    public void Read(int column, long row, Span<byte> destination)
    {
        var size = _bucket.StoredColumn(column).Type.Size();
        ColumnFile.ReadExact(Handle(column), PathOf(column), destination, row * size);
    }

    /// <summary>Writes values starting at <paramref name="row"/> of a stored column.</summary>
    public void Write(int column, long row, ReadOnlySpan<byte> values)
    {
        if (values.IsEmpty) return;
        var size = _bucket.StoredColumn(column).Type.Size();
        ColumnFile.Write(Handle(column), PathOf(column), values, row * size);
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

    /// <summary>Closes the files this instance opened (cached read handles stay open).</summary>
    public void Dispose()
    {
        foreach (var h in _handles) h?.Dispose();
    }
}
