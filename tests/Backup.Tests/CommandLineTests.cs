using System.Text.Json;
using Archiver.Cli;

namespace Archiver.Backup.Tests;

/// <summary>`archiver backup` and `archiver restore` against s3rver, with the bucket named in a config file.</summary>
[Collection(S3rverCollection.Name)]
public sealed class CommandLineTests(S3rverFixture server) : IDisposable
{
    private readonly TestArchive _archive = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("backup-cli-").FullName;

    public void Dispose()
    {
        _archive.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Config(string prefix, int? retentionDays = null)
    {
        var path = Path.Combine(_dir, "appsettings.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            Archiver = new
            {
                ArchiveRoot = _archive.Root,
                Backup = new
                {
                    Endpoint = server.Endpoint, Bucket = S3rverFixture.BucketName, Prefix = prefix, ForcePathStyle = true, AccessKey = "S3RVER", SecretKey = "S3RVER",
                    RetentionDays = retentionDays,
                },
            },
        }));
        return path;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ArchiverCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Backup_then_restore_of_a_range_through_the_command_line_gives_back_identical_files()
    {
        _archive.WriteTrades(TestArchive.Trades(), "2025-01-06:18");
        _archive.WriteTrades(TestArchive.Trades(), "2025-01-06:19");
        _archive.WriteBook(TestArchive.Book(depth: 20), "2025-01-06:18");
        var before = _archive.Snapshot();
        var config = Config(Guid.NewGuid().ToString("N"));

        var backup = await RunAsync("backup", "--config", config);
        Assert.True(backup.Code == 0, backup.Error);
        Assert.Contains("uploaded 3, unchanged 0, failed 0", backup.Output);
        var again = await RunAsync("backup", "--config", config);
        Assert.Contains("uploaded 0, unchanged 3, failed 0", again.Output);

        foreach (var file in Directory.GetFiles(_archive.Root, "*.parquet", SearchOption.AllDirectories)) File.Delete(file);
        var restore = await RunAsync("restore", "--config", config, "--exchange", "binance", "--ticker", "BTCUSDT", "--start", "2025-01-06:18", "--end", "2025-01-06:20");

        Assert.True(restore.Code == 0, restore.Error);
        Assert.Contains("downloaded 3", restore.Output);
        Assert.Contains("hour(s) not in the bucket", restore.Output); // 20:00 and the book hours 19 and 20
        Assert.Equal(before.Keys.Order(), _archive.Snapshot().Keys.Order());
        foreach (var (path, bytes) in before) Assert.Equal(bytes, _archive.Snapshot()[path]);
    }

    [Fact]
    public async Task Backup_with_a_retention_deletes_the_old_backed_up_files_after_a_dry_run_that_deletes_nothing()
    {
        // Hours of January 2025 are far older than 30 days by the real clock.
        var files = new[] { _archive.WriteTrades(TestArchive.Trades(), "2025-01-06:18"), _archive.WriteTrades(TestArchive.Trades(), "2025-01-06:19") };
        var config = Config(Guid.NewGuid().ToString("N"), retentionDays: 30);

        var dry = await RunAsync("backup", "--config", config, "--dry-run");
        Assert.True(dry.Code == 0, dry.Error);
        Assert.Contains("uploaded 2, unchanged 0, failed 0", dry.Output);
        Assert.Contains("; deleted 0 local file(s) older than 30 day(s), kept 2 the bucket does not hold identically (dry run)", dry.Output);
        Assert.All(files, f => Assert.True(File.Exists(f)));

        var run = await RunAsync("backup", "--config", config, "--delete-local-older-than", "400");
        Assert.True(run.Code == 0, run.Error);
        Assert.Contains("uploaded 2, unchanged 0, failed 0", run.Output);
        Assert.Contains("; deleted 2 local file(s) older than 400 day(s)", run.Output); // the command line overrides RetentionDays
        Assert.All(files, f => Assert.False(File.Exists(f)));
        Assert.Contains("deleted binance/perp/trades/2025/01/BTCUSDT_0618.parquet", run.Error); // the per-file line

        var zero = await RunAsync("backup", "--config", config, "--delete-local-older-than", "0");
        Assert.Equal(1, zero.Code);
        Assert.Equal("error: --delete-local-older-than must be at least 1 day, was 0", zero.Error.Trim());
    }

    [Fact]
    public async Task A_missing_bucket_and_a_bad_range_are_one_line_errors()
    {
        var missing = await RunAsync("backup", "--archive", _archive.Root, "--endpoint", server.Endpoint, "--bucket", "no-such-bucket", "--path-style", "--config", Config("x"));
        Assert.Equal(1, missing.Code);
        Assert.Contains("bucket 'no-such-bucket' does not exist", missing.Error);
        Assert.Single(missing.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var range = await RunAsync("restore", "--config", Config("x"), "--exchange", "binance", "--ticker", "BTCUSDT", "--start", "2025-01-06:18", "--end", "2025-01-06:02");
        Assert.Equal(1, range.Code);
        Assert.Contains("is before --start", range.Error);
    }
}
