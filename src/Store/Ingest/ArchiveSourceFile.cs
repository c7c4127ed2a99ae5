using Archiver.Store.Archive;

namespace Archiver.Store.Ingest;

/// <summary>An archive file selected for ingest: its path relative to the archive root ('/' separators), full path, series and hour.</summary>
public sealed record ArchiveSourceFile(string RelativePath, string FullPath, ArchiveFileKey Key, ArchiveHour Hour);
