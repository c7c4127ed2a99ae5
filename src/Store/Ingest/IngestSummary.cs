namespace Archiver.Store.Ingest;

/// <summary>The result of an ingest run.</summary>
public sealed record IngestSummary
{
    public int FilesIngested { get; init; }

    public int FilesUnchanged { get; init; }

    public int FilesFailed => Failures.Count;

    public IReadOnlyList<IngestFailure> Failures { get; init; } = [];

    /// <summary>Trades written to tick buckets.</summary>
    public long Ticks { get; init; }

    /// <summary>One-minute bars written (recomputed minutes included).</summary>
    public long Bars { get; init; }

    /// <summary>Book snapshots written to quote buckets.</summary>
    public long Quotes { get; init; }

    /// <summary>Rows skipped because their receive time lies outside their file's hour.</summary>
    public long SkippedRows { get; init; }

    /// <summary>Archive bytes read (ingested files only).</summary>
    public long Bytes { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>Ticks and quotes per second of the whole run.</summary>
    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? (Ticks + Quotes) / Elapsed.TotalSeconds : 0;
}
