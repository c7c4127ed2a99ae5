namespace Archiver.Backup;

/// <summary>What happened to one file.</summary>
public enum TransferAction
{
    Uploaded,
    Unchanged,
    Downloaded,
    Skipped,
    Failed,
    Refused,
    Missing,

    /// <summary>A local file removed by the backup's retention once the bucket held the same content.</summary>
    Deleted,
}
