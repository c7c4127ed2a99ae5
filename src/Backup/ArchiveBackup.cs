using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;
using Archiver.Store.Archive;
using Archiver.Store.Parquet;

namespace Archiver.Backup;

/// <summary>
/// <c>archiver backup</c>: uploads every closed archive file (a path <see cref="ArchivePaths.TryParse"/> accepts, never
/// a temporary or journal file) that the bucket lacks or holds with different content, deciding from list pages only
/// (size and ETag). Local hashes come from <see cref="HashCache"/>. Each object carries the file's SHA-256 as metadata
/// <c>sha256</c> for restores to verify.
/// </summary>
public static class ArchiveBackup
{
    /// <summary>The user metadata key holding the hex SHA-256 of the content.</summary>
    public const string Sha256MetadataKey = "sha256";

    public static async Task<BackupSummary> RunAsync(string archiveRoot, BucketOptions bucket, BackupOptions? options = null,
        IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(archiveRoot);
        ArgumentNullException.ThrowIfNull(bucket);
        options ??= new BackupOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Concurrency);
        if (options.PartSize <= 0 || options.MultipartThreshold < 0) throw new ArgumentException("part size must be positive and the multipart threshold not negative");
        if (options.RetentionDays is < 1) throw new ArgumentOutOfRangeException(nameof(options), "the local retention must be at least 1 day");
        var root = Path.GetFullPath(archiveRoot);
        if (!Directory.Exists(root)) throw new BackupException($"the archive root {root} does not exist");

        var clock = Stopwatch.StartNew();
        var now = options.Clock.GetUtcNow().UtcDateTime;
        var all = LocalFiles(root);
        var cache = HashCache.Load(root);
        cache.Retain(all.Select(f => f.Relative).ToHashSet(StringComparer.Ordinal));
        // The open hour (still being recorded; normally only in the journal) is never uploaded.
        var files = all.Where(f => f.Hour.Start.AddHours(1) <= now).ToList();

        using var client = S3ClientFactory.Create(bucket);
        var pipeline = Transfers.Pipeline(options.Retry);
        var remote = await Transfers.ListAsync(client, bucket, bucket.NormalizedPrefix, pipeline, cancellationToken).ConfigureAwait(false);

        int uploaded = 0, unchanged = 0;
        long bytes = 0;
        var failures = new ConcurrentQueue<TransferProgress>();
        // What the bucket is known to hold with this run's content: listed identical, or uploaded and verified.
        var inBucket = new ConcurrentDictionary<string, RemoteObject>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken };
        var retention = new RetentionOutcome(0, 0);
        try
        {
            await Parallel.ForEachAsync(files, parallel, async (file, ct) =>
            {
                try
                {
                    var hashes = cache.Get(file.Full, file.Relative, options.PartSize, ct);
                    var key = bucket.ObjectKey(file.Relative);
                    if (remote.TryGetValue(key, out var existing) && existing.Size == hashes.Length && hashes.Matches(existing.ETag))
                    {
                        inBucket[file.Relative] = existing;
                        Interlocked.Increment(ref unchanged);
                        progress?.Report(new TransferProgress(file.Relative, TransferAction.Unchanged, hashes.Length));
                        return;
                    }

                    if (!options.DryRun)
                    {
                        var etag = hashes.Length > options.MultipartThreshold
                            ? await UploadMultipartAsync(client, bucket, key, file.Full, hashes, options, pipeline, ct).ConfigureAwait(false)
                            : await UploadSingleAsync(client, bucket, key, file.Full, hashes, pipeline, ct).ConfigureAwait(false);
                        // S3 and B2 answer a multipart upload with the MD5 of the part MD5s; some servers (s3rver) with the
                        // MD5 of the whole content. Either proves the server holds what was hashed.
                        if (!hashes.Matches(etag))
                            throw new BackupException($"the server's ETag {etag} differs from the local {hashes.ExpectedETag(options.MultipartThreshold)} (file changed during upload?)");
                        inBucket[file.Relative] = new RemoteObject(key, hashes.Length, S3ETag.Normalize(etag));
                    }

                    Interlocked.Increment(ref uploaded);
                    Interlocked.Add(ref bytes, hashes.Length);
                    progress?.Report(new TransferProgress(file.Relative, TransferAction.Uploaded, hashes.Length));
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    if (Transfers.BucketError(e, bucket) is { } clear) throw clear;
                    var failure = new TransferProgress(file.Relative, TransferAction.Failed, 0, Transfers.Describe(e));
                    failures.Enqueue(failure);
                    progress?.Report(failure);
                }
            }).ConfigureAwait(false);

            if (options.RetentionDays is { } days)
            {
                var cutoff = now.AddDays(-days);
                var expired = files.Where(f => f.Hour.Start.AddHours(1) <= cutoff).ToList();
                retention = await ApplyRetentionAsync(expired, inBucket, options, progress, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            try
            {
                cache.Save();
            }
            catch (IOException)
            {
                // The cache is an optimisation; a read-only archive still backs up.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return new BackupSummary(uploaded, unchanged, failures.Count, bytes, clock.Elapsed, cache.Misses,
            failures.OrderBy(f => f.RelativePath, StringComparer.Ordinal).ToList())
        {
            DryRun = options.DryRun,
            RetentionDays = options.RetentionDays,
            Deleted = retention.Deleted,
            KeptUnverified = retention.Kept,
        };
    }

    private readonly record struct RetentionOutcome(int Deleted, int Kept);

    /// <summary>
    /// Deletes the <paramref name="expired"/> files the bucket holds with the same content: each is read again (not
    /// trusting the hash cache) and deleted only if its size and hashes match the object this run listed unchanged or
    /// uploaded and verified, and it did not change while being read. Files that failed, that the bucket lacks or holds
    /// differently are kept. A dry run counts what it would delete and deletes nothing.
    /// </summary>
    private static async Task<RetentionOutcome> ApplyRetentionAsync(List<(string Full, string Relative, ArchiveHour Hour)> expired,
        ConcurrentDictionary<string, RemoteObject> inBucket, BackupOptions options, IProgress<TransferProgress>? progress,
        CancellationToken cancellationToken)
    {
        int deleted = 0, kept = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(expired, parallel, (file, ct) =>
        {
            Check(file, ct);
            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);
        return new RetentionOutcome(deleted, kept);

        void Check((string Full, string Relative, ArchiveHour Hour) file, CancellationToken ct)
        {
            if (!inBucket.TryGetValue(file.Relative, out var remote))
            {
                Interlocked.Increment(ref kept);
                return;
            }

            try
            {
                var before = new FileInfo(file.Full);
                var (size, mtime) = (before.Length, before.LastWriteTimeUtc);
                var hashes = S3ETag.ComputeFile(file.Full, options.PartSize, ct);
                var after = new FileInfo(file.Full);
                if (hashes.Length != remote.Size || !hashes.Matches(remote.ETag) || after.Length != size || after.LastWriteTimeUtc != mtime)
                {
                    Interlocked.Increment(ref kept);
                    return;
                }

                if (!options.DryRun)
                {
                    // The marker first: if the process dies between the two, the hour closer still refuses to start a
                    // late-rows-only file under this name.
                    File.WriteAllBytes(ArchivePaths.RetiredMarkerFor(file.Full), []);
                    File.Delete(file.Full);
                }

                Interlocked.Increment(ref deleted);
                progress?.Report(new TransferProgress(file.Relative, TransferAction.Deleted, size));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Interlocked.Increment(ref kept);
            }
        }
    }

    /// <summary>The archive files under <paramref name="root"/>, sorted: only names <see cref="ArchivePaths.TryParse"/> accepts.</summary>
    internal static List<(string Full, string Relative, ArchiveHour Hour)> LocalFiles(string root)
    {
        var result = new List<(string, string, ArchiveHour)>();
        var enumeration = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var full in Directory.EnumerateFiles(root, "*.parquet", enumeration))
        {
            if (ParquetFileWriter.IsTemporaryName(Path.GetFileName(full))) continue;
            var relative = Path.GetRelativePath(root, full).Replace('\\', '/');
            if (!ArchivePaths.TryParse(relative, out _, out var hour)) continue;
            result.Add((full, relative, hour));
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Item2, b.Item2));
        return result;
    }

    private static async Task<string> UploadSingleAsync(IAmazonS3 client, BucketOptions bucket, string key, string path,
        S3ETag.Hashes hashes, Polly.ResiliencePipeline pipeline, CancellationToken cancellationToken)
    {
        var response = await pipeline.ExecuteAsync(async ct =>
        {
            var request = new PutObjectRequest
            {
                BucketName = bucket.Bucket,
                Key = key,
                FilePath = path,
                UseChunkEncoding = false,
                MD5Digest = Convert.ToBase64String(Convert.FromHexString(hashes.Md5)),
                ContentType = "application/vnd.apache.parquet",
            };
            request.Metadata[Sha256MetadataKey] = hashes.Sha256;
            // The SigV4 payload hash is the SHA-256 we already have: without it the SDK reads and hashes the file once more
            // before sending it. The server checks it (and Content-MD5) against the body.
            request.Headers["x-amz-content-sha256"] = hashes.Sha256;
            return await client.PutObjectAsync(request, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return response.ETag;
    }

    private static async Task<string> UploadMultipartAsync(IAmazonS3 client, BucketOptions bucket, string key, string path,
        S3ETag.Hashes hashes, BackupOptions options, Polly.ResiliencePipeline pipeline, CancellationToken cancellationToken)
    {
        var init = new InitiateMultipartUploadRequest { BucketName = bucket.Bucket, Key = key, ContentType = "application/vnd.apache.parquet" };
        init.Metadata[Sha256MetadataKey] = hashes.Sha256;
        var started = await pipeline.ExecuteAsync(async ct => await client.InitiateMultipartUploadAsync(init, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        var uploadId = started.UploadId;
        try
        {
            var parts = new List<PartETag>();
            var count = S3ETag.PartCount(hashes.Length, options.PartSize);
            for (var i = 0; i < count; i++)
            {
                var position = i * options.PartSize;
                var size = Math.Min(options.PartSize, hashes.Length - position);
                var number = i + 1;
                var part = await pipeline.ExecuteAsync(async ct => await client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucket.Bucket,
                    Key = key,
                    UploadId = uploadId,
                    PartNumber = number,
                    FilePath = path,
                    FilePosition = position,
                    PartSize = size,
                    UseChunkEncoding = false,
                }, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                parts.Add(new PartETag(number, part.ETag));
            }

            var done = await pipeline.ExecuteAsync(async ct => await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket.Bucket,
                Key = key,
                UploadId = uploadId,
                PartETags = parts,
            }, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return done.ETag;
        }
        catch
        {
            try
            {
                await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket.Bucket, Key = key, UploadId = uploadId },
                    CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Best effort; a lifecycle rule removes abandoned uploads.
            }

            throw;
        }
    }
}
