using Archiver.Backup;
using Archiver.Cli.Archiving;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Archiver.Cli.Hosting;

/// <summary>
/// The service's backup on its cron (Archiver:Schedules:Backup): the same code as <c>archiver backup</c>, over the closed
/// archive files only (the open hour lives in the journal), with the same summary in the log. A failed run is logged
/// and the next run retries; unchanged files cost only list pages and cached hashes.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class BackupJob(ArchiveOptions options, ILogger<BackupJob> logger) : IJob
{
    public static readonly JobKey JobKey = new("backup", "archiver");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = options.Backup;
        var bucket = target.ToBucketOptions();
        try
        {
            var summary = await ArchiveBackup.RunAsync(options.ArchiveRoot, bucket, new BackupOptions { Concurrency = Math.Max(1, target.Concurrency) },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            var level = summary.Failed > 0 ? LogLevel.Warning : LogLevel.Information;
            logger.Log(level, new EventId(1210, "BackupCompleted"),
                "backup to {Bucket}: uploaded {Uploaded}, unchanged {Unchanged}, failed {Failed}, {Megabytes:F1} MB in {Seconds:F1} s",
                bucket, summary.Uploaded, summary.Unchanged, summary.Failed, summary.BytesUploaded / 1048576.0, summary.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(new EventId(1211, "BackupFailed"), e, "backup to {Bucket} failed: {Message}; the next run retries", bucket, e.Message);
        }
    }
}
