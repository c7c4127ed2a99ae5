namespace Archiver.Cli.Archiving;

/// <summary>The Quartz schedules of the service.</summary>
public sealed class ScheduleOptions
{
    /// <summary>The backup job: off until the backup component exists (issue 5).</summary>
    public BackupScheduleOptions Backup { get; set; } = new();
}
