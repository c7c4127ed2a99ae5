using Archiver.Feeds.Connections;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Connections;

/// <summary>
/// A text protocol for tests: one <c>sub &lt;stream&gt;</c> / <c>unsub &lt;stream&gt;</c> message per stream, frames
/// <c>B &lt;symbol&gt; &lt;bid&gt; &lt;ask&gt;</c> (a book) and <c>T &lt;symbol&gt;</c> (a trade), anything else ignored.
/// </summary>
internal sealed class FakeProtocol : IExchangeProtocol
{
    public ExchangeId Exchange { get; init; } = ExchangeId.Binance;

    public Uri DefaultEndpoint { get; init; } = new("ws://127.0.0.1:1/unused");

    public string? PingMessage { get; init; }

    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxStreamsPerConnection { get; init; } = 100;

    public int MaxClientMessagesPerSecond { get; init; } = 1000;

    public TimeSpan? MaxConnectionLifetime { get; init; }

    public TimeSpan BookStaleAfter { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan TradesStaleAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Every handler created, in order.</summary>
    public Observed<FakeHandler> Handlers { get; } = new();

    public static string Subscribe(StreamKey stream) => $"sub {stream}";

    public static string Unsubscribe(StreamKey stream) => $"unsub {stream}";

    public Uri GetConnectionUri(Uri endpoint, IReadOnlyList<StreamKey> streams) => endpoint;

    public IReadOnlyList<string> SubscribeMessages(IReadOnlyList<StreamKey> streams, int depth) => streams.Select(Subscribe).ToArray();

    public IReadOnlyList<string> UnsubscribeMessages(IReadOnlyList<StreamKey> streams, int depth) => streams.Select(Unsubscribe).ToArray();

    public TimeSpan StaleAfter(StreamKind kind) => kind == StreamKind.Book ? BookStaleAfter : TradesStaleAfter;

    public IFrameHandler CreateHandler(IReadOnlyList<StreamKey> streams, int depth, IFeedSink sink, IFeedControl control, TimeProvider time)
    {
        var handler = new FakeHandler(Exchange, streams, depth, sink, control);
        Handlers.Add(handler);
        return handler;
    }
}
