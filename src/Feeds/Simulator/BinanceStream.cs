using Archiver.Feeds.Model;

namespace Archiver.Feeds.Simulator;

/// <summary>A Binance stream name a client subscribed (<c>btcusdt@depth20@100ms</c>), with what it carries when the
/// simulator serves it. <see cref="Key"/> is null for names it acknowledges but never feeds, like a real socket on the
/// wrong routed endpoint.</summary>
internal sealed record BinanceStream(string Name, StreamKey? Key, int Depth);
