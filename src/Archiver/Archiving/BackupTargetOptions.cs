using Archiver.Backup;

namespace Archiver.Cli.Archiving;

/// <summary>
/// The "Archiver:Backup" section: the bucket the archive is mirrored to. Credentials are best left to the standard AWS
/// environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY); they are never logged.
/// </summary>
public sealed class BackupTargetOptions
{
    /// <summary>S3-compatible endpoint (Backblaze B2: https://s3.&lt;region&gt;.backblazeb2.com); empty for AWS S3.</summary>
    public string? Endpoint { get; set; }

    public string Region { get; set; } = "us-east-1";

    public string? Bucket { get; set; }

    /// <summary>Key prefix under which the archive tree is mirrored.</summary>
    public string Prefix { get; set; } = string.Empty;

    /// <summary>Path-style addressing (http://host/bucket/key): needed by most non-AWS servers.</summary>
    public bool ForcePathStyle { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Parallel transfers; unset: the defaults of backup (<see cref="BackupOptions.Concurrency"/>) and restore (<see cref="RestoreOptions.Concurrency"/>).</summary>
    public int? Concurrency { get; set; }

    /// <summary>
    /// Local retention of the service's backup job (and the default of <c>archiver backup --delete-local-older-than</c>):
    /// local files whose hour ended more than this many days ago are deleted once the bucket holds them identically.
    /// Unset: keep every local file.
    /// </summary>
    public int? RetentionDays { get; set; }

    /// <summary>The bucket these settings name (the caller checks that <see cref="Bucket"/> is set).</summary>
    public BucketOptions ToBucketOptions() => new()
    {
        Endpoint = string.IsNullOrEmpty(Endpoint) ? null : Endpoint,
        Region = Region,
        Bucket = Bucket ?? string.Empty,
        Prefix = Prefix,
        ForcePathStyle = ForcePathStyle,
        AccessKey = AccessKey,
        SecretKey = SecretKey,
    };
}
