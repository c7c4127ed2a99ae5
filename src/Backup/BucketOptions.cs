namespace Archiver.Backup;

/// <summary>
/// Where backups go: AWS S3, Backblaze B2 or another S3-compatible service. Without <see cref="AccessKey"/> and
/// <see cref="SecretKey"/> the credentials come from the standard AWS environment variables
/// (<c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_SESSION_TOKEN</c>) or the AWS config/credentials
/// files. Credentials are never part of <see cref="ToString"/> or any error message.
/// </summary>
public sealed record BucketOptions
{
    /// <summary>The service URL (e.g. <c>https://s3.us-west-004.backblazeb2.com</c>); null for AWS S3 in <see cref="Region"/>.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The region used for signing (and the AWS endpoint when <see cref="Endpoint"/> is null).</summary>
    public string Region { get; init; } = "us-east-1";

    public required string Bucket { get; init; }

    /// <summary>A key prefix under which the archive's relative paths are stored ("" or ending in '/').</summary>
    public string Prefix { get; init; } = "";

    /// <summary>Path-style addressing (<c>endpoint/bucket/key</c>), which most S3-compatible servers need.</summary>
    public bool ForcePathStyle { get; init; }

    public string? AccessKey { get; init; }

    public string? SecretKey { get; init; }

    /// <summary>The endpoint as shown in messages.</summary>
    public string DisplayEndpoint => Endpoint ?? $"https://s3.{Region}.amazonaws.com";

    /// <summary>The prefix normalised to "" or "something/".</summary>
    internal string NormalizedPrefix
    {
        get
        {
            var p = (Prefix ?? "").Replace('\\', '/').Trim('/');
            return p.Length == 0 ? "" : p + "/";
        }
    }

    /// <summary>The object key of an archive path relative to the root ('/' separators).</summary>
    public string ObjectKey(string relativePath) => NormalizedPrefix + relativePath.Replace('\\', '/');

    public override string ToString() =>
        $"bucket '{Bucket}' at {DisplayEndpoint} (region {Region}, prefix '{NormalizedPrefix}', path-style {ForcePathStyle})";
}
