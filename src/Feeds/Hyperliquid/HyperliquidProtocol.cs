using System.Text.Encodings.Web;
using System.Text.Json;
using Archiver.Feeds.Connections;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Hyperliquid;

/// <summary>
/// Hyperliquid perps over <c>wss://api.hyperliquid.xyz/ws</c>: one subscribe message per coin and channel
/// (<c>l2Book</c>, 20 levels per side pushed per block at least 0.5 s apart; <c>trades</c>), an application ping every
/// 30 s (the server drops a connection silent for 60 s), no lifetime limit. Per IP the exchange allows 100 connections,
/// 1000 subscriptions and 2000 client messages a minute.
/// </summary>
public sealed class HyperliquidProtocol : IExchangeProtocol
{
    /// <summary>Levels per side the exchange sends (and the most a handler keeps).</summary>
    public const int MaxDepth = 20;

    private static readonly JsonEncodedText Subscribe = JsonEncodedText.Encode("subscribe");
    private static readonly JsonEncodedText Unsubscribe = JsonEncodedText.Encode("unsubscribe");

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public ExchangeId Exchange => ExchangeId.Hyperliquid;

    public Uri DefaultEndpoint { get; } = new("wss://api.hyperliquid.xyz/ws");

    public string? PingMessage => """{"method":"ping"}""";

    public TimeSpan PingInterval => TimeSpan.FromSeconds(30);

    /// <summary>100 per connection; the exchange's 1000 subscriptions per IP are the overall cap.</summary>
    public int MaxStreamsPerConnection => 100;

    /// <summary>20 a second: below the exchange's 2000 a minute per IP, with room for pings and other connections.</summary>
    public int MaxClientMessagesPerSecond => 20;

    public TimeSpan? MaxConnectionLifetime => null;

    public Uri GetConnectionUri(Uri endpoint, IReadOnlyList<StreamKey> streams)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint;
    }

    public IReadOnlyList<string> SubscribeMessages(IReadOnlyList<StreamKey> streams, int depth) =>
        Messages(streams, depth, Subscribe);

    public IReadOnlyList<string> UnsubscribeMessages(IReadOnlyList<StreamKey> streams, int depth) =>
        Messages(streams, depth, Unsubscribe);

    /// <summary>Books are pushed at least every block (≥ 0.5 s apart); trades of a quiet coin can pause for minutes.</summary>
    public TimeSpan StaleAfter(StreamKind kind) => kind switch
    {
        StreamKind.Book => TimeSpan.FromSeconds(30),
        StreamKind.Trades => TimeSpan.FromSeconds(300),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown stream kind."),
    };

    public IFrameHandler CreateHandler(IReadOnlyList<StreamKey> streams, int depth, IFeedSink sink, IFeedControl control, TimeProvider time) =>
        new HyperliquidFrameHandler(streams, depth, sink, control, time);

    private static string[] Messages(IReadOnlyList<StreamKey> streams, int depth, JsonEncodedText method)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, MaxDepth);
        var messages = new string[streams.Count];
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        for (var i = 0; i < streams.Count; i++)
        {
            var stream = streams[i];
            if (stream.Exchange != ExchangeId.Hyperliquid)
                throw new ArgumentException($"Stream {stream} is not a Hyperliquid stream.", nameof(streams));
            ArgumentException.ThrowIfNullOrEmpty(stream.Symbol, nameof(streams));
            var type = stream.Kind switch
            {
                StreamKind.Book => "l2Book",
                StreamKind.Trades => "trades",
                _ => throw new ArgumentException($"Stream {stream} has an unknown kind.", nameof(streams)),
            };

            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteString("method"u8, method);
                writer.WriteStartObject("subscription"u8);
                writer.WriteString("type"u8, type);
                writer.WriteString("coin"u8, stream.Symbol);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            messages[i] = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        return messages;
    }
}
