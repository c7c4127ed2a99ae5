using Amazon.S3.Model;
using Archiver.Store.Archive;
using Archiver.Store.Parquet;

namespace Archiver.Backup.Tests;

[Collection(S3rverCollection.Name)]
public class RoundTripTests(S3rverFixture s3)
{
    internal static readonly RetryOptions FastRetry = new() { MaxRetries = 4, BaseDelay = TimeSpan.FromMilliseconds(20) };
    internal static readonly BackupOptions Options = new() { Concurrency = 3, Retry = FastRetry };

    [Fact]
    public async Task Backup_then_restore_a_range_gives_byte_identical_files_and_lists_missing_hours()
    {
        using var archive = new TestArchive();
        var trades = TestArchive.Trades();
        var book = TestArchive.Book();
        foreach (var hour in new[] { "2025-01-31:22", "2025-01-31:23", "2025-02-01:00", "2025-02-01:02" })
        {
            archive.WriteTrades(trades, hour, seed: hour.GetHashCode(StringComparison.Ordinal));
            archive.WriteBook(book, hour);
        }

        archive.WriteTrades(TestArchive.Trades("ETHUSDT"), "2025-02-01:00");
        // Never uploaded: a temporary file, a journal, a stray file.
        var dir = Path.GetDirectoryName(ArchivePaths.PathFor(archive.Root, trades, ArchiveHour.Parse("2025-02-01:00")))!;
        await File.WriteAllTextAsync(Path.Combine(dir, ParquetFileWriter.TemporaryName("BTCUSDT_0103.parquet")), "partial");
        Directory.CreateDirectory(Path.Combine(archive.Root, "journal"));
        await File.WriteAllTextAsync(Path.Combine(archive.Root, "journal", "000001.journal"), "journal");
        await File.WriteAllTextAsync(Path.Combine(archive.Root, "notes.parquet"), "x");
        var original = archive.Snapshot();

        var bucket = s3.Bucket();
        var progress = new List<TransferProgress>();
        var summary = await ArchiveBackup.RunAsync(archive.Root, bucket, Options, new SyncProgress(progress));
        Assert.Equal(9, summary.Uploaded);
        Assert.Equal(0, summary.Failed);
        Assert.Equal(0, summary.Unchanged);
        Assert.True(summary.BytesUploaded > 0);

        using (var client = S3ClientFactory.Create(bucket))
        {
            var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket.Bucket, Prefix = bucket.ObjectKey("") });
            Assert.Equal(9, listed.S3Objects.Count);
            Assert.All(listed.S3Objects, o => Assert.True(ArchivePaths.TryParse(o.Key[bucket.ObjectKey("").Length..], out _, out _)));
            // The stored object is the file itself (no aws-chunked framing) with its SHA-256 in metadata.
            var key = ArchivePaths.RelativePath(trades, ArchiveHour.Parse("2025-01-31:22"));
            using var get = await client.GetObjectAsync(bucket.Bucket, bucket.ObjectKey(key));
            using var ms = new MemoryStream();
            await get.ResponseStream.CopyToAsync(ms);
            Assert.Equal(original[key], ms.ToArray());
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(original[key])), get.Metadata["sha256"]);
        }

        // Delete everything locally and restore BTCUSDT trades+l2book for 2025-01-31:23 .. 2025-02-01:02.
        foreach (var f in Directory.EnumerateFiles(archive.Root, "*.parquet", SearchOption.AllDirectories)) File.Delete(f);
        var request = RestoreRequest.Range("binance", "BTCUSDT", [ArchiveKind.Trades, ArchiveKind.L2Book], 2,
            ArchiveHour.Parse("2025-01-31:23"), ArchiveHour.Parse("2025-02-01:02"));
        var restored = await ArchiveRestore.RunAsync(archive.Root, bucket, request, new RestoreOptions { Retry = FastRetry });
        Assert.Equal(6, restored.Downloaded);
        Assert.Equal(0, restored.Failed);
        Assert.Equal(
            new[] { ArchivePaths.RelativePath(trades, ArchiveHour.Parse("2025-02-01:01")), ArchivePaths.RelativePath(book, ArchiveHour.Parse("2025-02-01:01")) }.Order(StringComparer.Ordinal),
            restored.Missing.Order(StringComparer.Ordinal));
        var after = archive.Snapshot();
        var expected = original.Where(kv => kv.Key.StartsWith("binance/", StringComparison.Ordinal) && !kv.Key.Contains("ETHUSDT", StringComparison.Ordinal)
            && !kv.Key.EndsWith("_3122.parquet", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, expected.Count);
        Assert.Equal(expected.Select(kv => kv.Key).Order(StringComparer.Ordinal), after.Keys.Where(k => k.EndsWith(".parquet", StringComparison.Ordinal) && k != "notes.parquet").Order(StringComparer.Ordinal));
        foreach (var (k, bytes) in expected) Assert.Equal(bytes, after[k]);
        Assert.Single(Directory.EnumerateFiles(archive.Root, "*.tmp", SearchOption.AllDirectories)); // only the writer's own temporary file

        // Strict: the missing hour is an error.
        var strict = await Assert.ThrowsAsync<BackupException>(() => ArchiveRestore.RunAsync(archive.Root, bucket, request with { Strict = true }));
        Assert.Contains("missing", strict.Message, StringComparison.Ordinal);

        // Restoring again skips identical files; --all restores everything else, byte-identical.
        var again = await ArchiveRestore.RunAsync(archive.Root, bucket, request);
        Assert.Equal(0, again.Downloaded);
        Assert.Equal(6, again.Skipped);
        var all = await ArchiveRestore.RunAsync(archive.Root, bucket, RestoreRequest.Everything());
        Assert.Equal(3, all.Downloaded);
        Assert.Equal(6, all.Skipped);
        Assert.Empty(all.Refused);
        var full = archive.Snapshot();
        foreach (var (k, bytes) in original.Where(kv => kv.Key.StartsWith("binance/", StringComparison.Ordinal))) Assert.Equal(bytes, full[k]);
    }

    [Fact]
    public async Task Second_run_uploads_nothing_and_a_changed_file_is_the_only_upload()
    {
        using var archive = new TestArchive();
        var trades = TestArchive.Trades();
        for (var h = 0; h < 6; h++) archive.WriteTrades(trades, $"2025-03-04:{h:00}", seed: h);
        var bucket = s3.Bucket();
        var first = await ArchiveBackup.RunAsync(archive.Root, bucket, Options);
        Assert.Equal(6, first.Uploaded);
        Assert.Equal(6, first.FilesHashed);

        var second = await ArchiveBackup.RunAsync(archive.Root, bucket, Options);
        Assert.Equal(0, second.Uploaded);
        Assert.Equal(6, second.Unchanged);
        Assert.Equal(0, second.FilesHashed); // the cache answered: no file was read

        var changed = archive.WriteTrades(trades, "2025-03-04:03", rows: 60, seed: 99);
        var progress = new List<TransferProgress>();
        var third = await ArchiveBackup.RunAsync(archive.Root, bucket, Options, new SyncProgress(progress));
        Assert.Equal(1, third.Uploaded);
        Assert.Equal(5, third.Unchanged);
        Assert.Equal(1, third.FilesHashed);
        var upload = Assert.Single(progress, p => p.Action == TransferAction.Uploaded);
        Assert.Equal(Path.GetRelativePath(archive.Root, changed).Replace('\\', '/'), upload.RelativePath);

        // A dry run decides but uploads nothing.
        File.Delete(Path.Combine(archive.Root, HashCache.FileName));
        archive.WriteTrades(trades, "2025-03-04:04", rows: 70, seed: 98);
        var dry = await ArchiveBackup.RunAsync(archive.Root, bucket, Options with { DryRun = true });
        Assert.Equal(1, dry.Uploaded);
        Assert.Equal(6, dry.FilesHashed);
        var real = await ArchiveBackup.RunAsync(archive.Root, bucket, Options);
        Assert.Equal(1, real.Uploaded);
        Assert.Equal(0, real.FilesHashed);
    }
}

/// <summary>Collects progress synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress(List<TransferProgress> sink) : IProgress<TransferProgress>
{
    public void Report(TransferProgress value)
    {
        lock (sink) sink.Add(value);
    }
}
