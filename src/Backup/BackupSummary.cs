namespace Archiver.Backup;

/// <summary>The outcome of a backup run.</summary>
public sealed record BackupSummary(int Uploaded, int Unchanged, int Failed, long BytesUploaded, TimeSpan Elapsed,
    int FilesHashed, IReadOnlyList<TransferProgress> Failures)
{
    /// <summary>Uploaded bytes per second.</summary>
    public double BytesPerSecond => Elapsed.TotalSeconds > 0 ? BytesUploaded / Elapsed.TotalSeconds : 0;
}
