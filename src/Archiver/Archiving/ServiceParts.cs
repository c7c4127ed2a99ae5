using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Archiver.Cli.Archiving;

/// <summary>The service's real recorder and hour closer, as the host's factories create them.</summary>
public static class ServiceParts
{
    public static IArchiveRecorder CreateRecorder(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var failure = services.GetRequiredService<Hosting.ArchiverRunFailure>();
        var lifetime = services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Archiver.Recorder");
        return new ArchiveRecorder(services.GetRequiredService<ArchiveOptions>(), services.GetRequiredService<TimeProvider>(), e =>
        {
            logger.LogCritical(e, "Stopping: {Message}", e.Message);
            failure.Report(e.Message);
            lifetime.StopApplication();
        });
    }

    public static IHourCloser CreateHourCloser(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var recorder = services.GetRequiredService<IArchiveRecorder>() as ArchiveRecorder
                       ?? throw new InvalidOperationException("The hour closer needs the journal of the archive recorder.");
        return new HourCloser(
            services.GetRequiredService<ArchiveOptions>(),
            recorder.Journal,
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Archiver.HourCloser"));
    }
}
