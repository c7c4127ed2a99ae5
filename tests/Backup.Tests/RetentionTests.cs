using Amazon.S3.Model;
using Archiver.Store.Archive;

namespace Archiver.Backup.Tests;

/// <summary>Local retention (<see cref="BackupOptions.RetentionDays"/>) against s3rver, on a fixed clock.</summary>
[Collection(S3rverCollection.Name)]
public class RetentionTests(S3rverFixture s3)
{
    // Mid-hour: 2025-03-20:12 is the open hour; seven days of retention keep hours ending after 2025-03-13 12:30.
    private static readonly FixedClock Clock = new(new DateTimeOffset(2025, 3, 20, 12, 30, 0, TimeSpan.Zero));

    [Fact]
    public async Task Retention_deletes_only_old_files_the_bucket_holds_identically_and_keeps_failed_differing_recent_and_open_ones()
    {
        using var archive = new TestArchive();
        var btc = TestArchive.Trades();
        var eth = TestArchive.Trades("ETHUSDT");
        var oldUnchanged = archive.WriteTrades(btc, "2025-03-01:00", seed: 1);
        var oldDiffers = archive.WriteTrades(eth, "2025-03-01:03", seed: 4);
        var recent = archive.WriteTrades(btc, "2025-03-19:00", seed: 5);
        var bucket = s3.Bucket();
        var options = RoundTripTests.Options with { Clock = Clock };

        // An earlier run without retention backs up the first three.
        var first = await ArchiveBackup.RunAsync(archive.Root, bucket, options);
        Assert.Equal((3, 0, 0, 0), (first.Uploaded, first.Failed, first.Deleted, first.KeptUnverified));
        var remoteDiffers = await File.ReadAllBytesAsync(oldDiffers);

        // Then: one old file changes (the bucket holds its old content), two old files and the open hour appear.
        archive.WriteTrades(eth, "2025-03-01:03", rows: 70, seed: 40);
        var oldNew = archive.WriteTrades(btc, "2025-03-01:01", seed: 2);
        var oldFailed = archive.WriteTrades(eth, "2025-03-01:02", seed: 3);
        var open = archive.WriteTrades(btc, "2025-03-20:12", seed: 6);
        var before = archive.Snapshot();
        var retained = options with { RetentionDays = 7 };

        // A dry run counts the one old file already verified in the bucket and deletes nothing.
        var dry = await ArchiveBackup.RunAsync(archive.Root, bucket, retained with { DryRun = true });
        Assert.Equal((3, 2, 1, 3), (dry.Uploaded, dry.Unchanged, dry.Deleted, dry.KeptUnverified));
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), archive.Snapshot().Keys.Order(StringComparer.Ordinal));

        // The real run: every upload of an ETHUSDT object fails (503 until the retries run out).
        var progress = new List<TransferProgress>();
        BackupSummary run;
        using (var proxy = new FaultProxy(s3.Endpoint) { FailWhen = r => r.StartsWith("PUT ", StringComparison.Ordinal) && r.Contains("/ETHUSDT_", StringComparison.Ordinal) })
            run = await ArchiveBackup.RunAsync(archive.Root, bucket with { Endpoint = proxy.Endpoint }, retained, new SyncProgress(progress));

        Assert.Equal((1, 2, 2), (run.Uploaded, run.Unchanged, run.Failed));
        Assert.Equal(new[] { Relative(archive, oldFailed), Relative(archive, oldDiffers) }, run.Failures.Select(f => f.RelativePath).Order(StringComparer.Ordinal));
        Assert.Equal((2, 2), (run.Deleted, run.KeptUnverified));
        Assert.Equal(new[] { Relative(archive, oldUnchanged), Relative(archive, oldNew) },
            progress.Where(p => p.Action == TransferAction.Deleted).Select(p => p.RelativePath).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(oldUnchanged));
        Assert.False(File.Exists(oldNew));
        Assert.True(File.Exists(ArchivePaths.RetiredMarkerFor(oldUnchanged)), "a deleted hour leaves its marker for the hour closer");
        Assert.False(File.Exists(ArchivePaths.RetiredMarkerFor(oldFailed)));
        Assert.True(File.Exists(oldFailed), "the bucket lacks it: kept");
        Assert.True(File.Exists(oldDiffers), "the bucket holds other content: kept");
        Assert.True(File.Exists(recent), "inside the retention: kept");
        Assert.True(File.Exists(open), "the open hour: kept");
        Assert.EndsWith("; deleted 2 local file(s) older than 7 day(s), kept 2 the bucket does not hold identically", run.Describe(bucket), StringComparison.Ordinal);

        // The open hour was never uploaded; the bucket still holds the old content of the changed file.
        using (var client = S3ClientFactory.Create(bucket))
        {
            var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket.Bucket, Prefix = bucket.ObjectKey("") });
            Assert.Equal(
                new[] { oldUnchanged, oldNew, oldDiffers, recent }.Select(p => bucket.ObjectKey(Relative(archive, p))).Order(StringComparer.Ordinal),
                listed.S3Objects.Select(o => o.Key).Order(StringComparer.Ordinal));
        }

        // What was deleted comes back byte-identical from the bucket.
        var restored = await ArchiveRestore.RunAsync(archive.Root, bucket, RestoreRequest.Range("binance", "BTCUSDT", [ArchiveKind.Trades], 0,
            ArchiveHour.Parse("2025-03-01:00"), ArchiveHour.Parse("2025-03-01:01")));
        Assert.Equal(2, restored.Downloaded);
        foreach (var path in new[] { oldUnchanged, oldNew })
        {
            Assert.Equal(before[Relative(archive, path)], await File.ReadAllBytesAsync(path));
            Assert.False(File.Exists(ArchivePaths.RetiredMarkerFor(path)), "restoring the hour removes its marker");
        }
        Assert.NotEqual(remoteDiffers, await File.ReadAllBytesAsync(oldDiffers));
    }

    [Fact]
    public async Task Without_retention_no_local_file_is_deleted_and_the_summary_says_nothing_about_deleting()
    {
        using var archive = new TestArchive();
        var old = archive.WriteTrades(TestArchive.Trades(), "2024-01-01:00");
        var bucket = s3.Bucket();
        var summary = await ArchiveBackup.RunAsync(archive.Root, bucket, RoundTripTests.Options with { Clock = Clock });
        Assert.Equal(1, summary.Uploaded);
        Assert.Equal(0, summary.Deleted);
        Assert.True(File.Exists(old));
        Assert.DoesNotContain("deleted", summary.Describe(bucket), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retention_below_one_day_is_refused_before_anything_moves()
    {
        using var archive = new TestArchive();
        archive.WriteTrades(TestArchive.Trades(), "2024-01-01:00");
        var e = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            ArchiveBackup.RunAsync(archive.Root, s3.Bucket(), RoundTripTests.Options with { RetentionDays = 0 }));
        Assert.Contains("at least 1 day", e.Message, StringComparison.Ordinal);
    }

    private static string Relative(TestArchive archive, string path) => Path.GetRelativePath(archive.Root, path).Replace('\\', '/');
}
