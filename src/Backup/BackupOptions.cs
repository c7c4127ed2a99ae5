namespace Archiver.Backup;

/// <summary>Settings of one backup run.</summary>
public sealed record BackupOptions
{
    /// <summary>Files uploaded at the same time (8: small files are latency-bound; 4 was slower against a local server too).</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>Files larger than this are uploaded in parts.</summary>
    public long MultipartThreshold { get; init; } = 64L << 20;

    /// <summary>The part size of multipart uploads (S3 needs at least 5 MiB for every part but the last).</summary>
    public long PartSize { get; init; } = 16L << 20;

    /// <summary>Decide and report, upload and delete nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Local retention: after the uploads, delete local files whose hour ended more than this many days ago, but only
    /// those the bucket holds with the same content (uploaded and verified in this run, or listed with the same size
    /// and ETag, checked against a fresh read of the file). Null keeps every local file.
    /// </summary>
    public int? RetentionDays { get; init; }

    /// <summary>The clock that decides which hour is still open (never uploaded nor deleted) and what retention deletes.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public RetryOptions Retry { get; init; } = RetryOptions.Default;
}
