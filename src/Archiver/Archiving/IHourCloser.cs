namespace Archiver.Cli.Archiving;

/// <summary>
/// Turns the journals of closed hours into Parquet archive files. An hour H is closed once <c>H + 1h + grace</c> has
/// passed; closing is idempotent and catches up every closed hour still in the journal (after a sleep or a restart).
/// </summary>
public interface IHourCloser
{
    /// <summary>Closes every hour that is due at the current time; returns the archive files written.</summary>
    Task<IReadOnlyList<string>> CloseDueHoursAsync(CancellationToken cancellationToken);
}
