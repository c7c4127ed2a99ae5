using Archiver.Backup;
using Archiver.Cli.Archiving;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Archiver.Cli.Hosting;

/// <summary>
/// The service's backup on its cron (Archiver:Schedules:Backup): the same code as <c>archiver backup</c>, over the closed
/// archive files only (the open hour, by the service's clock, is never uploaded nor deleted), with the local retention
/// of Archiver:Backup:RetentionDays, and the same one-line summary in the log as the command prints. A failed run is
/// logged and the next run retries; unchanged files cost only list pages and cached hashes.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class BackupJob(ArchiveOptions options, TimeProvider clock, ILogger<BackupJob> logger) : IJob
{
    public static readonly JobKey JobKey = new("backup", "archiver");

    public static readonly EventId Completed = new(1210, "BackupCompleted");

    public static readonly EventId RunFailed = new(1211, "BackupFailed");

    public static readonly EventId FileFailed = new(1212, "BackupFileFailed");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One backup run with the configured bucket, concurrency and retention; the outcome is logged, never thrown.</summary>
    internal async Task<BackupSummary?> RunAsync(CancellationToken cancellationToken)
    {
        var target = options.Backup;
        var bucket = target.ToBucketOptions();
        var backup = new BackupOptions { RetentionDays = target.RetentionDays, Clock = clock };
        if (target.Concurrency is { } n) backup = backup with { Concurrency = Math.Max(1, n) };
        try
        {
            var summary = await ArchiveBackup.RunAsync(options.ArchiveRoot, bucket, backup, cancellationToken: cancellationToken).ConfigureAwait(false);
            logger.Log(summary.Failed > 0 ? LogLevel.Warning : LogLevel.Information, Completed, "{Summary}", summary.Describe(bucket));
            foreach (var failure in summary.Failures)
                logger.LogWarning(FileFailed, "backup of {Path} failed: {Error}", failure.RelativePath, failure.Error);
            return summary;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e)
        {
            logger.LogError(RunFailed, e, "backup to {Bucket} failed: {Message}; the next run retries", bucket, e.Message);
            return null;
        }
    }
}
