namespace Archiver.Backup;

/// <summary>Settings of one backup run.</summary>
public sealed record BackupOptions
{
    /// <summary>Files uploaded at the same time.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Files larger than this are uploaded in parts.</summary>
    public long MultipartThreshold { get; init; } = 64L << 20;

    /// <summary>The part size of multipart uploads (S3 needs at least 5 MiB for every part but the last).</summary>
    public long PartSize { get; init; } = 16L << 20;

    /// <summary>Decide and report, upload nothing.</summary>
    public bool DryRun { get; init; }

    public RetryOptions Retry { get; init; } = RetryOptions.Default;
}
