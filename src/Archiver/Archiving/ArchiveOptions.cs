namespace Archiver.Cli.Archiving;

/// <summary>The "Archiver" section of appsettings.json.</summary>
public sealed class ArchiveOptions
{
    public const string SectionName = "Archiver";

    /// <summary>Root of the archive tree (archives/&lt;exchange&gt;/perp/...).</summary>
    public string ArchiveRoot { get; set; } = "archives";

    /// <summary>Where the journals of open hours live (on the same disk as the archive, ideally).</summary>
    public string JournalDirectory { get; set; } = "journal";

    /// <summary>How long after an hour ends it is closed, so records still in flight are included.</summary>
    public TimeSpan CloseGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often journals are made durable (group commit); at most one second.</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the statistics line is logged.</summary>
    public TimeSpan StatisticsInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The exchanges to archive.</summary>
    public IList<ExchangeArchiveOptions> Exchanges { get; set; } = new List<ExchangeArchiveOptions>();

    /// <summary>The bucket the archive is backed up to.</summary>
    public BackupTargetOptions Backup { get; set; } = new();

    /// <summary>Quartz schedules.</summary>
    public ScheduleOptions Schedules { get; set; } = new();
}
