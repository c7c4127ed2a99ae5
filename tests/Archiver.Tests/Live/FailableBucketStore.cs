using Archiver.Store.Buckets;
using Archiver.Store.Tests.Ingest;

namespace Archiver.Tests.Live;

/// <summary>An <see cref="InMemoryBucketStore"/> whose writes can be made to fail, counting write calls and disposal.</summary>
internal sealed class FailableBucketStore : IBucketStore
{
    public InMemoryBucketStore Inner { get; } = new();

    /// <summary>While set, every <see cref="Write"/> throws a <see cref="StoreException"/> and changes nothing.</summary>
    public bool FailWrites { get; set; }

    public int FailedWrites { get; private set; }

    public int Disposals { get; private set; }

    public BucketInfo Create(BucketKey key, IReadOnlyList<ColumnSpec> elements, RecordKind kind) => Inner.Create(key, elements, kind);

    /// <summary>Called at the start of every <see cref="Write"/>, on the writing thread.</summary>
    public Action<IReadOnlyList<BucketWrite>>? BeforeWrite { get; set; }

    public void Write(IReadOnlyList<BucketWrite> writes)
    {
        BeforeWrite?.Invoke(writes);
        if (FailWrites)
        {
            FailedWrites++;
            throw new StoreException("disk full (test)");
        }

        Inner.Write(writes);
    }

    public bool Destroy(BucketKey key) => Inner.Destroy(key);

    public BucketInfo? Find(BucketKey key) => Inner.Find(key);

    public IReadOnlyList<BucketKey> Keys() => Inner.Keys();

    public IReadOnlyList<string> Symbols() => Inner.Symbols();

    public ColumnSeries Read(BucketKey key, ReadRequest request) => Inner.Read(key, request);

    public void AddObserver(IBucketWriteObserver observer) => Inner.AddObserver(observer);

    public void Dispose() => Disposals++;
}
