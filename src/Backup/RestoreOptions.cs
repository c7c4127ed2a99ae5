namespace Archiver.Backup;

/// <summary>Settings of one restore run.</summary>
public sealed record RestoreOptions
{
    public int Concurrency { get; init; } = 4;

    /// <summary>The backup's part size, to compare local files with multipart ETags without downloading.</summary>
    public long PartSize { get; init; } = new BackupOptions().PartSize;

    public RetryOptions Retry { get; init; } = RetryOptions.Default;
}
