using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Amazon.S3.Model;
using Amazon.S3;
using Archiver.Store.Archive;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.IO;

namespace Archiver.Backup;

/// <summary>
/// <c>archiver restore</c>: downloads archive files from the bucket, verifying size and SHA-256 (metadata
/// <c>sha256</c>; the MD5 ETag when absent), each into a hidden temporary name then renamed, so nothing half-written
/// ever carries a final name. Durability is batched: one <c>syncfs</c> at the end of the run instead of an fsync per
/// file. Files already present and identical are skipped; keys that are not archive paths under the root are refused.
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
        if (!request.All && request.Series.Count == 0) throw new ArgumentException("a range restore needs at least one series");
        if (!request.All && request.End < request.Start) throw new ArgumentException($"the end {request.End} is before the start {request.Start}");
        var root = Path.GetFullPath(archiveRoot);
        var clock = Stopwatch.StartNew();
        var prefix = bucket.NormalizedPrefix;

        using var client = S3ClientFactory.Create(bucket);
        var pipeline = Transfers.Pipeline(options.Retry);

        var missing = new List<string>();
        var refused = new List<string>();
        var directories = new List<string>();
        var created = new HashSet<string>(StringComparer.Ordinal);

        // What to download, in key order. A full restore yields each list page as it arrives, so downloads start after
        // the first page instead of after the whole listing. Every target directory is created once, here.
        async IAsyncEnumerable<(RemoteObject Object, string Relative, string Target)> Wanted([EnumeratorCancellation] CancellationToken ct = default)
        {
            if (request.All)
            {
                var listPrefix = prefix + (request.PathPrefix ?? "").Replace('\\', '/').TrimStart('/');
                await foreach (var page in Transfers.ListPagesAsync(client, bucket, listPrefix, pipeline, ct).ConfigureAwait(false))
                {
                    foreach (var o in page)
                    {
                        var relative = o.Key[prefix.Length..];
                        if (TryResolve(root, relative, out var target)) yield return Prepared(o, relative, target);
                        else Refuse(o.Key);
                    }
                }

                yield break;
            }

            var hours = ArchiveHour.Range(request.Start, request.End).ToList();
            // List only the month folders of the requested series, not the whole bucket.
            var folders = request.Series
                .SelectMany(k => hours.Select(h => prefix + Path.GetDirectoryName(ArchivePaths.RelativePath(k, h))!.Replace('\\', '/') + "/" + k.Ticker + "_"))
                .Distinct(StringComparer.Ordinal);
            var remote = new Dictionary<string, RemoteObject>(StringComparer.Ordinal);
            foreach (var folder in folders)
                foreach (var (k, v) in await Transfers.ListAsync(client, bucket, folder, pipeline, ct).ConfigureAwait(false))
                    remote[k] = v;
            var found = new List<(RemoteObject, string, string)>();
            foreach (var series in request.Series)
            {
                foreach (var hour in hours)
                {
                    var relative = ArchivePaths.RelativePath(series, hour);
                    if (!remote.TryGetValue(prefix + relative, out var o)) missing.Add(relative);
                    else if (TryResolve(root, relative, out var target)) found.Add((o, relative, target));
                    else Refuse(o.Key);
                }
            }

            if (request.Strict && missing.Count > 0)
                throw new BackupException($"{missing.Count.ToString(CultureInfo.InvariantCulture)} requested hour(s) missing from {bucket.Bucket}, e.g. {missing[0]}");
            foreach (var m in missing) progress?.Report(new TransferProgress(m, TransferAction.Missing, 0));
            foreach (var (o, relative, target) in found) yield return Prepared(o, relative, target);
        }

        (RemoteObject, string, string) Prepared(RemoteObject o, string relative, string target)
        {
            var directory = Path.GetDirectoryName(target)!;
            if (created.Add(directory))
            {
                Directory.CreateDirectory(directory);
                directories.Add(directory);
            }

            return (o, relative, target);
        }

        void Refuse(string key)
        {
            refused.Add(key);
            progress?.Report(new TransferProgress(key, TransferAction.Refused, 0, "not an archive path under the root"));
        }

        int downloaded = 0, skipped = 0;
        long bytes = 0;
        var renamed = new ConcurrentQueue<string>();
        var failures = new ConcurrentQueue<TransferProgress>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken };
        try
        {
            await Parallel.ForEachAsync(Wanted(cancellationToken), parallel, async (item, ct) =>
            {
                var (o, relative, target) = item;
                try
                {
                    if (File.Exists(target) && new FileInfo(target).Length == o.Size)
                    {
                        var local = S3ETag.ComputeFile(target, PartSizeFor(o, options.PartSize), ct);
                        if (local.Matches(o.ETag))
                        {
                            Interlocked.Increment(ref skipped);
                            progress?.Report(new TransferProgress(relative, TransferAction.Skipped, o.Size));
                            return;
                        }
                    }

                    await pipeline.ExecuteAsync(async c => await DownloadAsync(client, bucket, o, target, c).ConfigureAwait(false), ct).ConfigureAwait(false);
                    renamed.Enqueue(target);
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
        }
        catch
        {
            // The run stops (a bucket-wide error, cancellation): still make what was renamed durable, best effort.
            try
            {
                MakeDurable(root, renamed, directories);
            }
            catch (IOException)
            {
            }

            throw;
        }

        try
        {
            MakeDurable(root, renamed, directories);
        }
        catch (IOException e)
        {
            throw new BackupException($"the restored files could not be made durable: {e.Message}", e);
        }

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

    /// <summary>
    /// Makes the renamed <paramref name="files"/> and their directory entries durable, once for the whole run: one
    /// <c>syncfs</c> of the archive's file system (Linux), else an fsync of each file and of each directory up to the
    /// root. Until then a power loss may lose or truncate a restored file; a later restore sees it differ and
    /// downloads it again. A process that is killed never leaves a partial file under a final name: the rename comes
    /// after the size and hash checks.
    /// </summary>
    private static void MakeDurable(string root, IReadOnlyCollection<string> files, IReadOnlyList<string> directories)
    {
        if (files.Count == 0 || DirectorySync.SyncFileSystem(root)) return;
        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            stream.Flush(flushToDisk: true);
        }

        var synced = new HashSet<string>(StringComparer.Ordinal);
        var rootFull = Path.TrimEndingDirectorySeparator(root);
        foreach (var directory in directories)
        {
            for (var d = directory; d.StartsWith(rootFull, StringComparison.Ordinal) && synced.Add(d); d = Path.GetDirectoryName(d) ?? "")
                DirectorySync.Fsync(d);
        }
    }

    /// <summary>
    /// Streams <paramref name="o"/> into a hidden temporary name beside <paramref name="target"/> (whose directory
    /// exists), hashing while writing; renames it only when size and hash match. No fsync here: see
    /// <see cref="MakeDurable"/>.
    /// </summary>
    private static async Task DownloadAsync(IAmazonS3 client, BucketOptions bucket, RemoteObject o, string target, CancellationToken ct)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(target)!, ParquetFileWriter.TemporaryName(Path.GetFileName(target)));
        try
        {
            var request = new GetObjectRequest { BucketName = bucket.Bucket, Key = o.Key };
            // The listed bytes, as a range: without one the SDK also hashes every single-part body with its own managed
            // MD5 (against the ETag), which costs more CPU than the rest of the download; we verify the SHA-256 below.
            if (o.Size > 0) request.ByteRange = new ByteRange(0, o.Size - 1);
            using var response = await client.GetObjectAsync(request, ct).ConfigureAwait(false);
            var expectedSha = response.Metadata[ArchiveBackup.Sha256MetadataKey];
            var verifySha = !string.IsNullOrEmpty(expectedSha);
            // Hash while streaming: the SHA-256 in the object's metadata (or, without it, the MD5 of a single-part ETag).
            using var hash = IncrementalHash.CreateHash(verifySha ? HashAlgorithmName.SHA256 : HashAlgorithmName.MD5);
            var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(o.Size, 1 << 12, 1 << 20));
            long written = 0;
            try
            {
                // Writes go to the page cache: plain positional writes, no async file machinery per small file.
                using var file = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                await using var body = response.ResponseStream.ConfigureAwait(false);
                int read;
                while ((read = await response.ResponseStream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                {
                    if (written + read > o.Size)
                        throw new IOException($"{o.Key} is longer than the {o.Size.ToString(CultureInfo.InvariantCulture)} bytes listed");
                    hash.AppendData(buffer, 0, read);
                    RandomAccess.Write(file, buffer.AsSpan(0, read), written);
                    written += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            if (written != o.Size)
                throw new IOException($"downloaded {written.ToString(CultureInfo.InvariantCulture)} bytes of {o.Key}, expected {o.Size.ToString(CultureInfo.InvariantCulture)}");
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

            File.Move(temporary, target, overwrite: true);
            File.Delete(ArchivePaths.RetiredMarkerFor(target));
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
