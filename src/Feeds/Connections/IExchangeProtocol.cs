using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Connections;

/// <summary>
/// The parts of an exchange's websocket protocol that the generic connector needs: where to connect, how to subscribe,
/// how to keep the connection alive, the exchange's limits, and the frame handler that understands its data.
/// </summary>
public interface IExchangeProtocol
{
    ExchangeId Exchange { get; }

    /// <summary>The default (real) endpoint, used unless the configuration names another.</summary>
    Uri DefaultEndpoint { get; }

    /// <summary>The URI to open for a connection carrying <paramref name="streams"/>, given the configured endpoint.</summary>
    Uri GetConnectionUri(Uri endpoint, IReadOnlyList<StreamKey> streams);

    /// <summary>Text frames that subscribe <paramref name="streams"/>, sent in order (the connector staggers them).</summary>
    IReadOnlyList<string> SubscribeMessages(IReadOnlyList<StreamKey> streams, int depth);

    /// <summary>Text frames that unsubscribe <paramref name="streams"/>.</summary>
    IReadOnlyList<string> UnsubscribeMessages(IReadOnlyList<StreamKey> streams, int depth);

    /// <summary>An application-level ping frame, or null when the exchange pings with websocket control frames.</summary>
    string? PingMessage { get; }

    /// <summary>How often to send <see cref="PingMessage"/>.</summary>
    TimeSpan PingInterval { get; }

    /// <summary>Most streams on one connection (streams are spread over several connections above this).</summary>
    int MaxStreamsPerConnection { get; }

    /// <summary>Most client messages per second on one connection (subscriptions are paced below it).</summary>
    int MaxClientMessagesPerSecond { get; }

    /// <summary>
    /// How long the exchange lets a connection live (Binance: 24 h), or null. The connector replaces a connection
    /// before then, opening the new one first; the handler removes duplicates between the two.
    /// </summary>
    TimeSpan? MaxConnectionLifetime { get; }

    /// <summary>How long a stream of <paramref name="kind"/> may stay silent before it is considered dead.</summary>
    TimeSpan StaleAfter(StreamKind kind);

    /// <summary>
    /// A handler for <paramref name="streams"/>. During a rotation, frames of the old and the new connection go to the
    /// same handler (serialized by the connector), which keeps only what is newer than what it already emitted.
    /// </summary>
    IFrameHandler CreateHandler(IReadOnlyList<StreamKey> streams, int depth, IFeedSink sink, IFeedControl control, TimeProvider time);
}
