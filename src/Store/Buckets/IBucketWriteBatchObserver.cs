namespace Archiver.Store.Buckets;

/// <summary>
/// An <see cref="IBucketWriteObserver"/> told once per committed transaction with every bucket it wrote, instead of
/// once per bucket: what an observer that writes back to the store (on-disk aggregation) needs to answer a
/// transaction of many buckets with one transaction of its own rather than one per bucket. Same contract otherwise:
/// called on the writer's thread after the data is durable and visible; exceptions are logged, not thrown to the writer.
/// </summary>
public interface IBucketWriteBatchObserver : IBucketWriteObserver
{
    /// <summary>Every bucket one committed transaction wrote (at least one notice), in the order they were written.</summary>
    void OnWritten(IBucketStore store, IReadOnlyList<BucketWriteNotice> notices);
}
