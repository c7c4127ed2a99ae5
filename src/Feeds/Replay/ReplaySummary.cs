namespace Archiver.Feeds.Replay;

/// <summary>What a replay fed through a handler.</summary>
public sealed record ReplaySummary(long Lines, long Frames, long ConnectionEvents, long BareFrames);
