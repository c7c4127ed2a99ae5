namespace Archiver.Store.Ingest;

/// <summary>The ledger file's JSON shape: a version and one entry per archive path (relative, '/' separators).</summary>
internal sealed class IngestLedgerDocument
{
    public int Version { get; set; } = 1;

    public Dictionary<string, IngestLedgerEntry> Files { get; set; } = new(StringComparer.Ordinal);
}
