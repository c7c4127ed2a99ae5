namespace Archiver.Feeds.Simulator;

/// <summary>A price level of a simulated book: price in ticks, size in lots (0 = the level is gone).</summary>
internal readonly record struct BookLevel(long PriceTicks, long Lots);
