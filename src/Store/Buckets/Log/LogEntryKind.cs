namespace Archiver.Store.Buckets.Log;

/// <summary>What one entry of a logged transaction does.</summary>
internal enum LogEntryKind : byte
{
    /// <summary>Creates a bucket with an explicit schema.</summary>
    Create = 1,

    /// <summary>Deletes a bucket and its files.</summary>
    Destroy = 2,

    /// <summary>Writes rows (already matched, cast, sorted and de-duplicated), creating the bucket first if flagged.</summary>
    Write = 3,
}
