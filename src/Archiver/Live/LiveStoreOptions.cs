namespace Archiver.Cli.Live;

/// <summary>
/// How <c>archiver run</c> writes live records into the store (<c>Archiver:Store:Live</c> in appsettings.json; used
/// when <c>Archiver:Store:Server:Enabled</c> is true).
/// </summary>
public sealed class LiveStoreOptions
{
    public const string SectionName = "Archiver:Store:Live";

    /// <summary>How often the queued records are written to the store (one store write per flush).</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Records the queue holds between two flushes; beyond that records are dropped for the store only (the archive keeps them).</summary>
    public int QueueCapacity { get; set; } = 262_144;

    /// <summary>
    /// Least exchange time between two quotes written for one symbol; a book snapshot is written only when its best bid
    /// or ask (price or size) differs from the last quote written and this long has passed since it. Zero: every change.
    /// </summary>
    public TimeSpan QuoteInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Write top-of-book quotes to <c>SYM/1Sec/QUOTE</c> at all.</summary>
    public bool Quotes { get; set; } = true;

    /// <summary>
    /// Ingest each closed hour's archive files into the store after the hour close writes them (and, at start-up, the
    /// closed hours of the last <see cref="ReconcileLookback"/> not yet ingested), so the store converges to the archive
    /// while the service runs (<see cref="LiveStoreReconciler"/>). l2book files only while <see cref="Quotes"/> is on.
    /// </summary>
    public bool Reconcile { get; set; } = true;

    /// <summary>How far back the start-up reconciliation looks for closed hours; older files are left to <c>archiver ingest</c>.</summary>
    public TimeSpan ReconcileLookback { get; set; } = TimeSpan.FromHours(24);
}
