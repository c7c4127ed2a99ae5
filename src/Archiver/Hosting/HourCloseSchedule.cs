using System.Globalization;
using Quartz;

namespace Archiver.Cli.Hosting;

/// <summary>Where and when the hour-close job runs: the Quartz keys and the cron derived from CloseGrace.</summary>
public static class HourCloseSchedule
{
    /// <summary>The hour-close job.</summary>
    public static JobKey JobKey { get; } = new("hour-close", "archiver");

    /// <summary>The hourly cron trigger of <see cref="JobKey"/> (the start-up run has a trigger of its own).</summary>
    public static TriggerKey TriggerKey { get; } = new("hour-close-hourly", "archiver");

    /// <summary>
    /// The Quartz cron (UTC) that fires <paramref name="closeGrace"/> after every full hour, rounded up to a whole
    /// second so the hour is due when it fires: 10 s gives <c>"10 0 * * * ?"</c>, 90 s gives <c>"30 1 * * * ?"</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The grace is negative or at least one hour.</exception>
    public static string CronFor(TimeSpan closeGrace)
    {
        if (closeGrace < TimeSpan.Zero || closeGrace >= TimeSpan.FromHours(1))
            throw new ArgumentOutOfRangeException(nameof(closeGrace), closeGrace, "CloseGrace must be at least 0 and less than one hour.");
        var seconds = (int)Math.Ceiling(closeGrace.TotalSeconds) % 3600;
        return string.Create(CultureInfo.InvariantCulture, $"{seconds % 60} {seconds / 60} * * * ?");
    }
}
