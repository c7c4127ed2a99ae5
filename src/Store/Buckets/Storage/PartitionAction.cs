namespace Archiver.Store.Buckets.Storage;

/// <summary>How a write changes one partition (<see cref="PartitionPlanner"/>).</summary>
internal enum PartitionAction
{
    /// <summary>Nothing to do (no rows for it, nothing removed).</summary>
    None,

    /// <summary>The partition does not exist yet: create it with the rows.</summary>
    Create,

    /// <summary>Every row comes after the stored ones and nothing is removed: append to the column files.</summary>
    Append,

    /// <summary>
    /// Stored rows from <see cref="PartitionStep.Position"/> on change (inserted between, replaced, removed) and they
    /// are few: merge them with the incoming rows and write the result over them in place. Allowed only when the
    /// logged entry carries the before-image of those rows (<see cref="TailImage"/>), so recovery can undo it.
    /// </summary>
    MergeTail,

    /// <summary>Like <see cref="MergeTail"/> for a large share of the partition: merge-rewrite into a new version.</summary>
    Rewrite,
}
