namespace Archiver.Store.Ingest;

/// <summary>
/// What the ledger remembers of one ingested archive file: its size, modification time and SHA-256 when it was
/// ingested, how many records it gave, and the span of exchange times written (Unix nanoseconds; null when none), which
/// a re-ingest of a changed file replaces together with the new span.
/// </summary>
public sealed record IngestLedgerEntry
{
    public long Size { get; init; }

    public DateTime LastWriteUtc { get; init; }

    public string Sha256 { get; init; } = string.Empty;

    public long Rows { get; init; }

    /// <summary>Rows skipped because their receive time lies outside the file's hour.</summary>
    public long SkippedRows { get; init; }

    public long? FirstNanos { get; init; }

    public long? LastNanos { get; init; }

    public DateTime IngestedUtc { get; init; }
}
