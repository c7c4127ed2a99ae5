namespace Archiver.Store.Ingest;

/// <summary>What happened to one archive file.</summary>
public enum IngestFileOutcome
{
    /// <summary>Written to the store (first time, or re-ingested because it changed).</summary>
    Ingested,

    /// <summary>Same content as when it was last ingested: nothing written.</summary>
    Unchanged,

    /// <summary>Could not be read or written; nothing of it was stored.</summary>
    Failed,
}
