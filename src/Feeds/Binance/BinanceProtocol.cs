using System.Text;
using Archiver.Feeds.Connections;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Binance;

/// <summary>
/// Binance USD-M perpetuals: <c>&lt;sym&gt;@depth&lt;N&gt;@100ms</c> and <c>&lt;sym&gt;@trade</c> on the routed
/// <c>/public</c> entry point (since the 2026 routing split the unrouted URLs are gone, and a stream on the wrong entry
/// point is acknowledged but stays silent). Subscriptions are JSON <c>SUBSCRIBE</c> messages with increasing ids; the
/// handlers this protocol creates map a reply's id back to the streams it acknowledges.
/// </summary>
public sealed class BinanceProtocol : IExchangeProtocol
{
    /// <summary>Streams named in one SUBSCRIBE/UNSUBSCRIBE message, to keep each message small.</summary>
    public const int MaxStreamsPerMessage = 50;

    internal const string SubscribeMethod = "SUBSCRIBE";
    internal const string UnsubscribeMethod = "UNSUBSCRIBE";

    private readonly BinanceRequestLog _requests = new();

    public ExchangeId Exchange => ExchangeId.Binance;

    /// <summary><c>wss://fstream.binance.com/public/stream</c>: combined streams on the high-frequency entry point.</summary>
    public Uri DefaultEndpoint { get; } = new("wss://fstream.binance.com/public/stream");

    /// <summary>No application ping: Binance pings with websocket control frames, which the client answers.</summary>
    public string? PingMessage => null;

    public TimeSpan PingInterval => TimeSpan.Zero;

    /// <summary>200, the conservative figure (the current page says 1024): it also bounds what one reconnect loses.</summary>
    public int MaxStreamsPerConnection => 200;

    /// <summary>Binance allows 10 incoming messages per second per connection and disconnects above it; we use half.</summary>
    public int MaxClientMessagesPerSecond => 5;

    public TimeSpan? MaxConnectionLifetime => TimeSpan.FromHours(24);

    /// <summary>Books come every 100 ms, so 10 s of silence means a dead stream; quiet symbols may not trade for a minute.</summary>
    public TimeSpan StaleAfter(StreamKind kind) => kind == StreamKind.Book ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(120);

    /// <summary>The configured endpoint as is: streams are subscribed by message, not named in the URI.</summary>
    public Uri GetConnectionUri(Uri endpoint, IReadOnlyList<StreamKey> streams)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint;
    }

    /// <exception cref="ArgumentException">Depth is not 5, 10 or 20, or a stream is not a Binance stream.</exception>
    public IReadOnlyList<string> SubscribeMessages(IReadOnlyList<StreamKey> streams, int depth) => Messages(SubscribeMethod, streams, depth);

    /// <exception cref="ArgumentException">Depth is not 5, 10 or 20, or a stream is not a Binance stream.</exception>
    public IReadOnlyList<string> UnsubscribeMessages(IReadOnlyList<StreamKey> streams, int depth) => Messages(UnsubscribeMethod, streams, depth);

    /// <exception cref="ArgumentException">Depth is not 5, 10 or 20, or a stream is not a Binance stream.</exception>
    public IFrameHandler CreateHandler(IReadOnlyList<StreamKey> streams, int depth, IFeedSink sink, IFeedControl control, TimeProvider time) =>
        new BinanceFrameHandler(streams, depth, sink, control, time, _requests);

    /// <summary>Binance's name for <paramref name="stream"/>: <c>btcusdt@depth20@100ms</c> or <c>btcusdt@trade</c>.</summary>
    /// <exception cref="ArgumentException">Depth is not 5, 10 or 20, or the stream is not a Binance stream.</exception>
    public static string StreamName(StreamKey stream, int depth)
    {
        ValidateDepth(depth);
        ValidateStreams([stream]);
        var symbol = stream.Symbol.ToLowerInvariant();
        return stream.Kind == StreamKind.Book ? $"{symbol}@depth{depth}@100ms" : $"{symbol}@trade";
    }

    internal static void ValidateDepth(int depth)
    {
        if (depth is not (5 or 10 or 20))
            throw new ArgumentException($"Binance partial depth is 5, 10 or 20 levels, not {depth}.", nameof(depth));
    }

    internal static void ValidateStreams(IReadOnlyList<StreamKey> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        foreach (var stream in streams)
        {
            if (stream.Exchange != ExchangeId.Binance)
                throw new ArgumentException($"{stream} is not a Binance stream.", nameof(streams));
            if (string.IsNullOrEmpty(stream.Symbol) || !stream.Symbol.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                throw new ArgumentException($"'{stream.Symbol}' is not a Binance symbol (ASCII letters, digits and '_').", nameof(streams));
            if (stream.Kind is not (StreamKind.Book or StreamKind.Trades))
                throw new ArgumentException($"{stream} has an unknown stream kind.", nameof(streams));
        }
    }

    private string[] Messages(string method, IReadOnlyList<StreamKey> streams, int depth)
    {
        ValidateDepth(depth);
        ValidateStreams(streams);
        var messages = new string[(streams.Count + MaxStreamsPerMessage - 1) / MaxStreamsPerMessage];
        for (var m = 0; m < messages.Length; m++)
        {
            var batch = streams.Skip(m * MaxStreamsPerMessage).Take(MaxStreamsPerMessage).ToArray();
            var request = _requests.Register(method, batch);
            var text = new StringBuilder("{\"method\":\"").Append(method).Append("\",\"params\":[");
            for (var i = 0; i < batch.Length; i++)
                text.Append(i == 0 ? "\"" : ",\"").Append(StreamName(batch[i], depth)).Append('"');
            messages[m] = text.Append("],\"id\":").Append(request.Id).Append('}').ToString();
        }

        return messages;
    }
}
