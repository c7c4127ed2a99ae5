namespace Archiver.Store.Buckets;

/// <summary>
/// Told to <see cref="IBucketWriteObserver"/>s after a write is committed and visible: which bucket, how many rows, and
/// the earliest and latest time written (slot starts for fixed buckets).
/// </summary>
public sealed record BucketWriteNotice(BucketInfo Bucket, int Rows, StoreTime First, StoreTime Last);
