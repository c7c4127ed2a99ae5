using Archiver.Feeds.Connections;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Integration;

/// <summary>An exchange's protocol with a connection lifetime of seconds instead of hours, to exercise rotation.</summary>
internal sealed class ShortLivedProtocol(IExchangeProtocol inner, TimeSpan lifetime) : IExchangeProtocol
{
    public ExchangeId Exchange => inner.Exchange;

    public Uri DefaultEndpoint => inner.DefaultEndpoint;

    public string? PingMessage => inner.PingMessage;

    public TimeSpan PingInterval => inner.PingInterval;

    public int MaxStreamsPerConnection => inner.MaxStreamsPerConnection;

    public int MaxClientMessagesPerSecond => inner.MaxClientMessagesPerSecond;

    public TimeSpan? MaxConnectionLifetime => lifetime;

    public Uri GetConnectionUri(Uri endpoint, IReadOnlyList<StreamKey> streams) => inner.GetConnectionUri(endpoint, streams);

    public IReadOnlyList<string> SubscribeMessages(IReadOnlyList<StreamKey> streams, int depth) => inner.SubscribeMessages(streams, depth);

    public IReadOnlyList<string> UnsubscribeMessages(IReadOnlyList<StreamKey> streams, int depth) => inner.UnsubscribeMessages(streams, depth);

    public TimeSpan StaleAfter(StreamKind kind) => inner.StaleAfter(kind);

    public IFrameHandler CreateHandler(IReadOnlyList<StreamKey> streams, int depth, IFeedSink sink, IFeedControl control, TimeProvider time) =>
        inner.CreateHandler(streams, depth, sink, control, time);
}
