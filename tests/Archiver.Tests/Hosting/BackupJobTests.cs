using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.S3.Model;
using Archiver.Backup;
using Archiver.Backup.Tests;
using Archiver.Cli;
using Archiver.Cli.Hosting;
using Archiver.Store.Archive;
using Archiver.Tests.EndToEnd;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Archiver.Tests.Hosting;

/// <summary>The service's Quartz backup job, scheduled by the real host, against a real S3-compatible server (s3rver).</summary>
[Collection(HostingCollection.Name)]
public sealed class BackupJobTests(S3rverFixture s3) : IClassFixture<S3rverFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // The service's clock: mid-hour, so 2025-03-20:12 is the open hour and nothing depends on when the test runs.
    private static readonly DateTimeOffset Now = new(2025, 3, 20, 12, 30, 0, TimeSpan.Zero);

    private readonly TestConfiguration _config = new();
    private readonly FakeArchiveRecorder _recorder = new();
    private readonly FakeHourCloser _closer = new();
    private readonly LogCapture _logs = new();

    public void Dispose() => _config.Dispose();

    [Fact]
    public async Task The_scheduled_job_uploads_the_closed_hours_but_not_the_open_one_applies_the_retention_and_logs_the_command_summary()
    {
        var root = _config.Archiver["ArchiveRoot"]!.GetValue<string>();
        var content = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string Write(string ticker, string hour)
        {
            var key = new ArchiveFileKey("binance", ticker, ArchiveKind.Trades);
            var path = ArchivePaths.PathFor(root, key, ArchiveHour.Parse(hour));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var bytes = RandomNumberGenerator.GetBytes(3000 + content.Count);
            File.WriteAllBytes(path, bytes);
            content[ArchivePaths.RelativePath(key, ArchiveHour.Parse(hour))] = bytes;
            return path;
        }

        var old = Write("BTCUSDT", "2025-03-01:00"); // past the 7-day retention
        var closed = new[] { Write("BTCUSDT", "2025-03-20:10"), Write("ETHUSDT", "2025-03-20:11") };
        var open = Write("BTCUSDT", "2025-03-20:12");
        var bucket = s3.Bucket();
        _config.Archiver["Backup"] = new JsonObject
        {
            ["Endpoint"] = bucket.Endpoint, ["Bucket"] = bucket.Bucket, ["Prefix"] = bucket.Prefix, ["ForcePathStyle"] = true,
            ["AccessKey"] = bucket.AccessKey, ["SecretKey"] = bucket.SecretKey, ["RetentionDays"] = 7, ["Concurrency"] = 2,
        };
        _config.Archiver["Schedules"] = new JsonObject { ["Backup"] = new JsonObject { ["Enabled"] = true, ["Cron"] = "* * * * * ?" } };
        _config.UseUnreachableEndpoints();
        var config = _config.Write();

        var host = ArchiverHost.Build(
            new ArchiveRunSettings(config) { TimeProvider = new ShiftedTimeProvider(Now - DateTimeOffset.UtcNow), ConfigureLogging = l => l.AddProvider(_logs) },
            _ => _recorder,
            _ => _closer);
        CapturedLog completed;
        try
        {
            await host.StartAsync().WaitAsync(Timeout);
            completed = await _logs.WaitForAsync(e => e.EventId.Id == 1210).WaitAsync(Timeout);
            await host.StopAsync().WaitAsync(Timeout);
        }
        finally
        {
            if (host is IAsyncDisposable disposable) await disposable.DisposeAsync();
            else host.Dispose();
        }

        // The first run's summary: the three closed hours uploaded, the old one then deleted locally.
        Assert.Equal(LogLevel.Information, completed.Level);
        Assert.Equal(completed.Message, completed["Summary"]);
        Assert.Matches(
            new Regex($@"^backup to {Regex.Escape(bucket.ToString())}: uploaded 3, unchanged 0, failed 0, \d+\.\d MB in \d+\.\d s \(\d+\.\d MB/s\); deleted 1 local file\(s\) older than 7 day\(s\)$"),
            completed.Message);
        Assert.DoesNotContain(_logs.Entries, e => e.EventId.Id is 1211 or 1212);

        // The bucket holds exactly the closed hours, byte-identical; the open hour was never uploaded.
        using (var client = S3ClientFactory.Create(bucket))
        {
            var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket.Bucket, Prefix = bucket.ObjectKey("") });
            var openRelative = Relative(root, open);
            Assert.Equal(content.Keys.Where(k => k != openRelative).Select(bucket.ObjectKey).Order(StringComparer.Ordinal),
                listed.S3Objects.Select(o => o.Key).Order(StringComparer.Ordinal));
            foreach (var o in listed.S3Objects)
            {
                using var get = await client.GetObjectAsync(bucket.Bucket, o.Key);
                using var body = new MemoryStream();
                await get.ResponseStream.CopyToAsync(body);
                Assert.Equal(content[o.Key[bucket.ObjectKey("").Length..]], body.ToArray());
            }
        }

        Assert.False(File.Exists(old), "verified in the bucket and older than the retention: deleted");
        Assert.All(closed, f => Assert.True(File.Exists(f), "inside the retention: kept"));
        Assert.True(File.Exists(open), "the open hour is neither uploaded nor deleted");

        // `archiver backup` with the same configuration prints the same line (by the real clock, the open hour of the
        // service is long closed and all hours are past the retention, so only the numbers differ).
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await ArchiverCli.RunAsync(["backup", "--config", config], output, error));
        var printed = output.ToString().Trim();
        Assert.StartsWith($"backup to {bucket}: uploaded 1, unchanged 2, failed 0, ", printed, StringComparison.Ordinal);
        Assert.EndsWith("; deleted 3 local file(s) older than 7 day(s)", printed, StringComparison.Ordinal);
        Assert.Equal(Shape(completed.Message), Shape(printed));
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    /// <summary>The line with every number replaced by '#'.</summary>
    private static string Shape(string line) => Regex.Replace(line, @"\d+(\.\d+)?", "#");
}
