namespace Archiver.Backup;

/// <summary>Progress of one file in a backup or restore.</summary>
public sealed record TransferProgress(string RelativePath, TransferAction Action, long Bytes, string? Error = null);
