namespace Archiver.Store.Buckets;

/// <summary>
/// Runs after each committed write (on-disk aggregation, streaming to websocket subscribers). Called on the writer's
/// thread after the data is durable and visible; observers that write to the store (aggregation) do so before the
/// original write call returns, so derived buckets are consistent when it returns. Exceptions are logged, not thrown
/// to the writer.
/// </summary>
public interface IBucketWriteObserver
{
    void OnWritten(IBucketStore store, BucketWriteNotice notice);
}
