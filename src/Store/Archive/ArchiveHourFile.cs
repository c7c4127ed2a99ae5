namespace Archiver.Store.Archive;

/// <summary>An archive file that exists: the hour it holds and its full path.</summary>
public sealed record ArchiveHourFile(ArchiveHour Hour, string Path);
