namespace Archiver.Store.Buckets;

/// <summary>
/// One write to one bucket, as MarketStore's Write takes it: <see cref="Data"/> has <c>Epoch</c> (i8) first, optionally
/// <c>Nanoseconds</c> (i4), and the element columns in any order (matched to the bucket by name and cast).
/// <see cref="IsVariableLength"/> decides the kind of a bucket the write creates and whether Nanoseconds is the
/// sub-second part of the time (true) or an ordinary column (false).
/// </summary>
public sealed record BucketWrite(BucketKey Key, ColumnSeries Data, bool IsVariableLength)
{
    /// <summary>
    /// When set, the write first removes every existing record with a time in [Start, End] (inclusive), in the same
    /// atomic step: how a re-ingested file replaces its hour. Null: a normal write (fixed upsert / variable append).
    /// The removal applies even when <see cref="Data"/> has zero rows (a re-ingested file that is now empty).
    /// </summary>
    public (StoreTime Start, StoreTime End)? Replace { get; init; }
}
