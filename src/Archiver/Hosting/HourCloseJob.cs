using System.Diagnostics;
using Archiver.Cli.Archiving;
using Archiver.Cli.Live;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Archiver.Cli.Hosting;

/// <summary>
/// Closes every due hour (<see cref="IHourCloser.CloseDueHoursAsync"/>), hourly at CloseGrace past the hour and once
/// at start-up. Never two at once. A failure is logged (event 1202) and left for the next run: closing is idempotent
/// and catches up every closed hour still in the journal. With the live store, the files written are then handed to
/// the <see cref="LiveStoreReconciler"/>, which queues them and returns (the ingest runs on its own worker).
/// </summary>
[DisallowConcurrentExecution]
internal sealed class HourCloseJob(IHourCloser closer, ILogger<HourCloseJob> logger, LiveStoreReconciler? reconciler = null) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var firing = context.Trigger.Key.Equals(HourCloseSchedule.TriggerKey) ? "hourly" : "start-up";
        var started = Stopwatch.GetTimestamp();
        try
        {
            var files = await closer.CloseDueHoursAsync(cancellationToken).ConfigureAwait(false);
            ArchiverLog.HourCloseCompleted(logger, firing, files.Count, Elapsed(started));
            reconciler?.OnHourClosed(files);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ArchiverLog.HourCloseCancelled(logger, firing);
        }
        catch (Exception e)
        {
            ArchiverLog.HourCloseFailed(logger, firing, Elapsed(started), e);
            reconciler?.OnHourCloseFailed();
        }
    }

    private static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
