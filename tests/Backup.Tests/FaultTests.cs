using System.Net;
using Archiver.Store.Archive;

namespace Archiver.Backup.Tests;

[Collection(S3rverCollection.Name)]
public class FaultTests(S3rverFixture s3)
{
    [Fact]
    public async Task Transient_503s_are_retried_and_the_backup_and_restore_succeed()
    {
        using var archive = new TestArchive();
        var key = TestArchive.Trades();
        for (var h = 0; h < 3; h++) archive.WriteTrades(key, $"2025-06-01:{h:00}", seed: h);
        var original = archive.Snapshot();
        var bucket = s3.Bucket();
        using (var proxy = new FaultProxy(s3.Endpoint, failFirst: 3))
        {
            var summary = await ArchiveBackup.RunAsync(archive.Root, bucket with { Endpoint = proxy.Endpoint }, RoundTripTests.Options with { Concurrency = 1 });
            Assert.Equal(3, proxy.Failed);
            Assert.Empty(summary.Failures);
            Assert.Equal(3, summary.Uploaded);
        }

        foreach (var f in Directory.EnumerateFiles(archive.Root, "*.parquet", SearchOption.AllDirectories)) File.Delete(f);
        using (var proxy = new FaultProxy(s3.Endpoint, failFirst: 2))
        {
            var restore = await ArchiveRestore.RunAsync(archive.Root, bucket with { Endpoint = proxy.Endpoint }, RestoreRequest.Everything(),
                new RestoreOptions { Retry = RoundTripTests.FastRetry, Concurrency = 1 });
            Assert.Equal(2, proxy.Failed);
            Assert.Equal(3, restore.Downloaded);
        }

        var after = archive.Snapshot();
        foreach (var (k, bytes) in original) Assert.Equal(bytes, after[k]);
    }

    [Fact]
    public async Task Errors_that_outlast_the_retries_fail_the_file_and_are_counted()
    {
        using var archive = new TestArchive();
        archive.WriteTrades(TestArchive.Trades(), "2025-06-02:00");
        using var proxy = new FaultProxy(s3.Endpoint, failFirst: 1000);
        var bucket = s3.Bucket() with { Endpoint = proxy.Endpoint };
        // The listing itself keeps failing: one clear error after the retries.
        var e = await Assert.ThrowsAsync<BackupException>(() => ArchiveBackup.RunAsync(archive.Root, bucket,
            RoundTripTests.Options with { Retry = new RetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(5) } }));
        Assert.Equal(3, proxy.Failed);
        Assert.StartsWith($"cannot list bucket '{S3rverFixture.BucketName}' at {proxy.Endpoint}: SlowDown", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_credentials_give_one_clear_error_without_retrying()
    {
        using var archive = new TestArchive();
        archive.WriteTrades(TestArchive.Trades(), "2025-06-03:00");
        using var proxy = new FaultProxy(s3.Endpoint);
        var bucket = s3.Bucket() with { Endpoint = proxy.Endpoint, AccessKey = "WRONGKEY", SecretKey = "wrong-secret-value" };
        var e = await Assert.ThrowsAsync<BackupException>(() => ArchiveBackup.RunAsync(archive.Root, bucket, RoundTripTests.Options));
        Assert.Equal($"access denied by {proxy.Endpoint}: check credentials", e.Message);
        Assert.DoesNotContain("wrong-secret-value", e.ToString(), StringComparison.Ordinal);
        Assert.Single(proxy.Requests); // permanent: not retried

        var r = await Assert.ThrowsAsync<BackupException>(() => ArchiveRestore.RunAsync(archive.Root, bucket, RestoreRequest.Everything()));
        Assert.Equal(e.Message, r.Message);
    }

    [Fact]
    public async Task A_missing_bucket_gives_one_clear_error()
    {
        using var archive = new TestArchive();
        archive.WriteTrades(TestArchive.Trades(), "2025-06-04:00");
        var bucket = s3.Bucket() with { Bucket = "no-such-bucket" };
        var e = await Assert.ThrowsAsync<BackupException>(() => ArchiveBackup.RunAsync(archive.Root, bucket, RoundTripTests.Options));
        Assert.Equal($"bucket 'no-such-bucket' does not exist at {s3.Endpoint}", e.Message);
        var r = await Assert.ThrowsAsync<BackupException>(() => ArchiveRestore.RunAsync(archive.Root, bucket,
            RestoreRequest.Range("binance", "BTCUSDT", [ArchiveKind.Trades], 0, ArchiveHour.Parse("2025-06-04:00"), ArchiveHour.Parse("2025-06-04:01"))));
        Assert.Equal(e.Message, r.Message);
    }

    [Fact]
    public async Task An_interrupted_download_leaves_nothing_under_the_final_name()
    {
        using var archive = new TestArchive();
        var key = TestArchive.Trades();
        var path = archive.WriteTrades(key, "2025-06-05:00", rows: 500);
        var bytes = await File.ReadAllBytesAsync(path);
        var bucket = s3.Bucket();
        Assert.Equal(1, (await ArchiveBackup.RunAsync(archive.Root, bucket, RoundTripTests.Options)).Uploaded);
        File.Delete(path);

        using (var proxy = new FaultProxy(s3.Endpoint) { TruncateGets = true })
        {
            var restore = await ArchiveRestore.RunAsync(archive.Root, bucket with { Endpoint = proxy.Endpoint }, RestoreRequest.Everything(),
                new RestoreOptions { Retry = new RetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(5) } });
            Assert.Equal(1, restore.Failed);
            Assert.Equal(0, restore.Downloaded);
        }

        Assert.False(File.Exists(path));
        Assert.DoesNotContain(archive.Snapshot(includeHidden: true).Keys, k => !k.EndsWith(HashCache.FileName, StringComparison.Ordinal));

        // Without the fault the same restore completes, byte-identical.
        var ok = await ArchiveRestore.RunAsync(archive.Root, bucket, RestoreRequest.Everything());
        Assert.Equal(1, ok.Downloaded);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task Hostile_keys_in_the_bucket_are_refused_and_nothing_is_written_outside_the_root()
    {
        // Keys with "../" or "..\\" cannot be stored in s3rver through the SDK (they are normalised on the way), so the
        // bucket here holds a temporary name and a stray file; the climbing forms are covered by
        // HostileKeyTests against the same ArchiveRestore.TryResolve.
        using var archive = new TestArchive();
        var bucket = s3.Bucket();
        using (var client = S3ClientFactory.Create(bucket))
        {
            foreach (var hostile in new[] { "binance/perp/trades/2025/01/.BTC_0101.parquet.1-x.tmp", "notes.txt" })
            {
                await client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
                {
                    BucketName = bucket.Bucket, Key = bucket.ObjectKey(hostile), ContentBody = "hostile", UseChunkEncoding = false,
                });
            }
        }

        var restore = await ArchiveRestore.RunAsync(archive.Root, bucket, RestoreRequest.Everything());
        Assert.Equal(0, restore.Downloaded);
        Assert.True(restore.Refused.Count == 2, string.Join(" | ", restore.Refused));
        Assert.Empty(archive.Snapshot(includeHidden: true));
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(archive.Root)!, "escape")));
    }
}
