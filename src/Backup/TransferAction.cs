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
}
