namespace Archiver.Store.Buckets.Storage;

/// <summary>Engine settings not worth configuring in appsettings.json (tests and the crash writer change them).</summary>
internal sealed record StoreTuning
{
    public static StoreTuning Default { get; } = new();

    /// <summary>How often a checkpoint syncs the column files and empties the log.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A log bigger than this triggers a checkpoint after the write that grew it.</summary>
    public long CheckpointLogBytes { get; init; } = 256L << 20;
}
