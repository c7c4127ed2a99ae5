namespace Archiver.Cli.Archiving;

/// <summary>When the backup job runs.</summary>
public sealed class BackupScheduleOptions
{
    public bool Enabled { get; set; }

    /// <summary>Quartz cron expression (seconds first), e.g. "0 30 * * * ?" for half past every hour.</summary>
    public string Cron { get; set; } = "0 30 * * * ?";
}
