using Archiver.Feeds.Model;

namespace Archiver.Feeds.Binance;

/// <summary>A control request sent to Binance (<c>SUBSCRIBE</c>/<c>UNSUBSCRIBE</c>) and the streams it named.</summary>
internal sealed record BinanceRequest(long Id, string Method, IReadOnlyList<StreamKey> Streams);
