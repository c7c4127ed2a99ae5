namespace Archiver.Feeds.Bybit;

/// <summary>The running counts of one <see cref="BybitFrameHandler"/>, shared with its streams (one thread at a time).</summary>
internal sealed class BybitCounters
{
    public long MalformedFrames;
    public long Gaps;
    public long Resubscribes;
    public long Anomalies;
    public long DuplicateTradesDropped;
    public long IgnoredDeltas;
}
