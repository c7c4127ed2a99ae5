using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Archiver.Cli.Hosting;

/// <summary>Logs the hour-close schedule once the scheduler has started.</summary>
internal sealed class ScheduleAnnouncer(ILogger<ScheduleAnnouncer> logger, string cron, TimeSpan grace) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ArchiverLog.HourCloseScheduled(logger, cron, grace);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
