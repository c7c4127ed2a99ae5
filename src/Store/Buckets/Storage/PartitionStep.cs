namespace Archiver.Store.Buckets.Storage;

/// <summary>
/// What a write does to the partition starting at <see cref="Start"/>: the write's rows [<see cref="From"/>,
/// <see cref="To"/>) fall in it; for <see cref="PartitionAction.MergeTail"/> and <see cref="PartitionAction.Rewrite"/>,
/// <see cref="Position"/> is the first stored row that changes and <see cref="TailRows"/> how many follow it.
/// <see cref="Version"/> is the partition version the plan was made for.
/// </summary>
internal readonly record struct PartitionStep(long Start, int From, int To, PartitionAction Action, int Version, long Position, long TailRows);
