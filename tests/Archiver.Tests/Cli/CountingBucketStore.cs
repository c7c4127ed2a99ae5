using Archiver.Store.Buckets;

namespace Archiver.Tests.Cli;

/// <summary>An IBucketStore that accepts writes and counts rows per bucket (no bucket ever "exists" for reading).</summary>
internal sealed class CountingBucketStore : IBucketStore
{
    public Dictionary<string, long> Rows { get; } = [];

    public bool Disposed { get; private set; }

    public BucketInfo Create(BucketKey key, IReadOnlyList<ColumnSpec> elements, RecordKind kind) => new(key, kind, elements);

    public void Write(IReadOnlyList<BucketWrite> writes)
    {
        foreach (var w in writes) Rows[w.Key.ToString()] = Rows.GetValueOrDefault(w.Key.ToString()) + w.Data.RowCount;
    }

    public bool Destroy(BucketKey key) => false;

    public BucketInfo? Find(BucketKey key) => null;

    public IReadOnlyList<BucketKey> Keys() => [];

    public IReadOnlyList<string> Symbols() => [];

    public ColumnSeries Read(BucketKey key, ReadRequest request) => throw new StoreException("no files returned from query parse");

    public void AddObserver(IBucketWriteObserver observer)
    {
    }

    public void Dispose() => Disposed = true;
}
