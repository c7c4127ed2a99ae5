namespace Archiver.Store.Ingest;

/// <summary>
/// Reported after each archive file: which file, what happened, and the running totals (files done of all files
/// selected, records written, archive bytes read).
/// </summary>
public sealed record IngestProgress(
    string RelativePath, IngestFileOutcome Outcome, string? Error, int FilesDone, int FilesTotal, long Rows, long Bytes);
