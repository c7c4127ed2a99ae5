using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Amazon.S3.Model;
using Amazon.S3;
using Archiver.Store.Archive;
using Archiver.Store.Parquet;

namespace Archiver.Backup;

/// <summary>
/// <c>archiver restore</c>: downloads archive files from the bucket, verifying size and SHA-256 (metadata
/// <c>sha256</c>; the MD5 ETag when absent), each into a hidden temporary name then renamed, so nothing half-written
/// ever carries a final name. Files already present and identical are skipped; keys that are not archive paths under
/// the root are refused.
/// </summary>
public static class ArchiveRestore
{
    public static async Task<RestoreSummary> RunAsync(string archiveRoot, BucketOptions bucket, RestoreRequest request,
        RestoreOptions? options = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(archiveRoot);
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(request);
        options ??= new RestoreOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Concurrency);
        var root = Path.GetFullPath(archiveRoot);
        var clock = Stopwatch.StartNew();
        var prefix = bucket.NormalizedPrefix;

        using var client = S3ClientFactory.Create(bucket);
        var pipeline = Transfers.Pipeline(options.Retry);

        var wanted = new List<(RemoteObject Object, string Relative)>();
        var missing = new List<string>();
        var refused = new List<string>();
        if (request.All)
        {
            var listPrefix = prefix + (request.PathPrefix ?? "").Replace('\\', '/').TrimStart('/');
            var remote = await Transfers.ListAsync(client, bucket, listPrefix, pipeline, cancellationToken).ConfigureAwait(false);
            foreach (var o in remote.Values.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                var relative = o.Key[prefix.Length..];
                if (TryResolve(root, relative, out _)) wanted.Add((o, relative));
                else refused.Add(o.Key);
            }
        }
        else
        {
            if (request.Series.Count == 0) throw new ArgumentException("a range restore needs at least one series");
            if (request.End < request.Start) throw new ArgumentException($"the end {request.End} is before the start {request.Start}");
            var hours = ArchiveHour.Range(request.Start, request.End).ToList();
            // List only the month folders of the requested series, not the whole bucket.
            var folders = request.Series
                .SelectMany(k => hours.Select(h => prefix + Path.GetDirectoryName(ArchivePaths.RelativePath(k, h))!.Replace('\\', '/') + "/" + k.Ticker + "_"))
                .Distinct(StringComparer.Ordinal);
            var remote = new Dictionary<string, RemoteObject>(StringComparer.Ordinal);
            foreach (var folder in folders)
                foreach (var (k, v) in await Transfers.ListAsync(client, bucket, folder, pipeline, cancellationToken).ConfigureAwait(false))
                    remote[k] = v;
            foreach (var series in request.Series)
            {
                foreach (var hour in hours)
                {
                    var relative = ArchivePaths.RelativePath(series, hour);
                    if (remote.TryGetValue(prefix + relative, out var o)) wanted.Add((o, relative));
                    else missing.Add(relative);
                }
            }

            if (request.Strict && missing.Count > 0)
                throw new BackupException($"{missing.Count.ToString(CultureInfo.InvariantCulture)} requested hour(s) missing from {bucket.Bucket}, e.g. {missing[0]}");
        }

        foreach (var m in missing) progress?.Report(new TransferProgress(m, TransferAction.Missing, 0));
        foreach (var r in refused) progress?.Report(new TransferProgress(r, TransferAction.Refused, 0, "not an archive path under the root"));

        int downloaded = 0, skipped = 0;
        long bytes = 0;
        var failures = new ConcurrentQueue<TransferProgress>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(wanted, parallel, async (item, ct) =>
        {
            var (o, relative) = item;
            try
            {
                if (!TryResolve(root, relative, out var target)) throw new BackupException($"refused key {o.Key}");
                if (File.Exists(target) && new FileInfo(target).Length == o.Size)
                {
                    var local = await S3ETag.ComputeFileAsync(target, PartSizeFor(o, options.PartSize), ct).ConfigureAwait(false);
                    if (local.Matches(o.ETag))
                    {
                        Interlocked.Increment(ref skipped);
                        progress?.Report(new TransferProgress(relative, TransferAction.Skipped, o.Size));
                        return;
                    }
                }

                await pipeline.ExecuteAsync(async c => await DownloadAsync(client, bucket, o, target, c).ConfigureAwait(false), ct).ConfigureAwait(false);
                Interlocked.Increment(ref downloaded);
                Interlocked.Add(ref bytes, o.Size);
                progress?.Report(new TransferProgress(relative, TransferAction.Downloaded, o.Size));
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                if (Transfers.BucketError(e, bucket) is { } clear) throw clear;
                var failure = new TransferProgress(relative, TransferAction.Failed, 0, Transfers.Describe(e));
                failures.Enqueue(failure);
                progress?.Report(failure);
            }
        }).ConfigureAwait(false);

        return new RestoreSummary(downloaded, skipped, failures.Count, bytes, clock.Elapsed, missing, refused,
            failures.OrderBy(f => f.RelativePath, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// The full path of an object's relative path, only if it is an archive path (<see cref="ArchivePaths.TryParse"/>)
    /// that stays under <paramref name="root"/>.
    /// </summary>
    public static bool TryResolve(string root, string relativePath, out string fullPath)
    {
        fullPath = "";
        if (string.IsNullOrEmpty(relativePath) || relativePath.Contains('\\', StringComparison.Ordinal) || Path.IsPathRooted(relativePath)) return false;
        if (!ArchivePaths.TryParse(relativePath, out var key, out var hour)) return false;
        var rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var candidate = ArchivePaths.PathFor(rootFull, key!, hour);
        if (!candidate.StartsWith(rootFull + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return false;
        fullPath = candidate;
        return true;
    }

    private static long PartSizeFor(RemoteObject o, long configured)
    {
        // The part count in a multipart ETag and the size give the part size when parts are equal (all but the last).
        var dash = o.ETag.LastIndexOf('-');
        if (dash < 0 || !int.TryParse(o.ETag.AsSpan(dash + 1), CultureInfo.InvariantCulture, out var parts) || parts <= 1) return configured;
        if (S3ETag.PartCount(o.Size, configured) == parts) return configured;
        var guess = (o.Size + parts - 1) / parts;
        var mib = 1L << 20;
        var rounded = (guess + mib - 1) / mib * mib;
        return S3ETag.PartCount(o.Size, rounded) == parts ? rounded : configured;
    }

    private static async Task DownloadAsync(IAmazonS3 client, BucketOptions bucket, RemoteObject o, string target, CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, ParquetFileWriter.TemporaryName(Path.GetFileName(target)));
        try
        {
            using var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = bucket.Bucket, Key = o.Key }, ct).ConfigureAwait(false);
            var expectedSha = response.Metadata[ArchiveBackup.Sha256MetadataKey];
            var verifySha = !string.IsNullOrEmpty(expectedSha);
            // Hash while streaming: the SHA-256 in the object's metadata (or, without it, the MD5 of a single-part ETag).
            using var hash = IncrementalHash.CreateHash(verifySha ? HashAlgorithmName.SHA256 : HashAlgorithmName.MD5);
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
                try
                {
                    await using var body = response.ResponseStream.ConfigureAwait(false);
                    int read;
                    while ((read = await response.ResponseStream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        await file.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                await file.FlushAsync(ct).ConfigureAwait(false);
                if (file.Length != o.Size)
                    throw new IOException($"downloaded {file.Length.ToString(CultureInfo.InvariantCulture)} bytes of {o.Key}, expected {o.Size.ToString(CultureInfo.InvariantCulture)}");
                var digest = Convert.ToHexStringLower(hash.GetHashAndReset());
                if (verifySha)
                {
                    if (!string.Equals(digest, expectedSha!.Trim(), StringComparison.OrdinalIgnoreCase))
                        throw new BackupException($"SHA-256 of the downloaded {o.Key} does not match its metadata");
                }
                else if (!S3ETag.IsMultipart(o.ETag) && !string.Equals(digest, S3ETag.Normalize(o.ETag), StringComparison.OrdinalIgnoreCase))
                {
                    throw new BackupException($"MD5 of the downloaded {o.Key} does not match its ETag");
                }

                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
