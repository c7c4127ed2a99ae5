namespace Archiver.Backup;

/// <summary>Settings of one restore run.</summary>
public sealed record RestoreOptions
{
    /// <summary>Files downloaded at the same time (8: enough requests in flight to keep a server busy while each file is written).</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>The backup's part size, to compare local files with multipart ETags without downloading.</summary>
    public long PartSize { get; init; } = new BackupOptions().PartSize;

    public RetryOptions Retry { get; init; } = RetryOptions.Default;
}
