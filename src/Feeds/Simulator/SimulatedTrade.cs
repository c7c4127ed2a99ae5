using Archiver.Feeds.Model;

namespace Archiver.Feeds.Simulator;

/// <summary>One fill printed by a simulated market: its exchange id text, price in ticks, size in lots, taker side and
/// match time in Unix milliseconds.</summary>
internal readonly record struct SimulatedTrade(string Id, long PriceTicks, long Lots, TakerSide Side, long TimeMs);
