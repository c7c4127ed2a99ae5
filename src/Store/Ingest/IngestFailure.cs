namespace Archiver.Store.Ingest;

/// <summary>An archive file that could not be ingested and why (one line).</summary>
public sealed record IngestFailure(string RelativePath, string Error);
