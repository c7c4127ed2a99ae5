namespace Archiver.Backup;

/// <summary>An object as a list page shows it.</summary>
public sealed record RemoteObject(string Key, long Size, string ETag);
