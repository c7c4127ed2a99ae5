using Archiver.Store;
using Archiver.Store.Buckets;

namespace Archiver.Store.Tests.TestSupport;

/// <summary>
/// The real <see cref="BucketStore"/> in a temporary directory (deleted on dispose), counting writes the way the tests
/// of the query layer, aggregation and ingest ask: observers see this wrapper, so their writes are counted too.
/// </summary>
internal sealed class DiskBucketStore : IBucketStore
{
    private readonly string _root = Directory.CreateTempSubdirectory("bucket-store-test-").FullName;
    private readonly BucketStore _inner;
    private int _writeCalls;
    private int _writeCount;

    public DiskBucketStore() => _inner = BucketStore.Open(new StoreOptions { Root = _root, CommitWindow = TimeSpan.Zero });

    /// <summary>Successful <see cref="Write"/> calls.</summary>
    public int WriteCalls => Volatile.Read(ref _writeCalls);

    /// <summary>Successful <see cref="Write"/> calls that carried at least one row (observer writes included).</summary>
    public int WriteCount => Volatile.Read(ref _writeCount);

    public string Root => _root;

    public BucketInfo Create(BucketKey key, IReadOnlyList<ColumnSpec> elements, RecordKind kind) => _inner.Create(key, elements, kind);

    public void Write(IReadOnlyList<BucketWrite> writes)
    {
        _inner.Write(writes);
        Interlocked.Increment(ref _writeCalls);
        if (writes.Any(w => w.Data.RowCount > 0)) Interlocked.Increment(ref _writeCount);
    }

    public bool Destroy(BucketKey key) => _inner.Destroy(key);

    public BucketInfo? Find(BucketKey key) => _inner.Find(key);

    public IReadOnlyList<BucketKey> Keys() => _inner.Keys();

    public IReadOnlyList<string> Symbols() => _inner.Symbols();

    public ColumnSeries Read(BucketKey key, ReadRequest request) => _inner.Read(key, request);

    public void AddObserver(IBucketWriteObserver observer) => _inner.AddObserver(new Redirect(this, observer));

    public void Dispose()
    {
        _inner.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class Redirect(DiskBucketStore outer, IBucketWriteObserver observer) : IBucketWriteBatchObserver
    {
        public void OnWritten(IBucketStore store, BucketWriteNotice notice) => observer.OnWritten(outer, notice);

        public void OnWritten(IBucketStore store, IReadOnlyList<BucketWriteNotice> notices)
        {
            if (observer is IBucketWriteBatchObserver batch)
            {
                batch.OnWritten(outer, notices);
                return;
            }

            foreach (var notice in notices) observer.OnWritten(outer, notice);
        }
    }
}
