using System.Buffers;
using System.Text;
using System.Text.Json;
using Archiver.Feeds.Connections;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Bybit;

/// <summary>
/// Bybit v5 public linear (USDT/USDC perpetuals): books from <c>orderbook.50.&lt;SYM&gt;</c> (a 50-level local book,
/// cut to the archived depth) and trades from <c>publicTrade.&lt;SYM&gt;</c>, subscribed by message in batches.
/// </summary>
public sealed class BybitProtocol : IExchangeProtocol
{
    /// <summary>Most characters of topics in one subscribe message (Bybit allows 21,000 per connection).</summary>
    public const int MaxArgsCharsPerMessage = 4_000;

    /// <summary>The application-level ping Bybit expects every 20 s.</summary>
    public const string Ping = """{"req_id":"ping","op":"ping"}""";

    private long _nextRequestId;

    public ExchangeId Exchange => ExchangeId.Bybit;

    public Uri DefaultEndpoint { get; } = new("wss://stream.bybit.com/v5/public/linear");

    public string? PingMessage => Ping;

    public TimeSpan PingInterval => TimeSpan.FromSeconds(20);

    /// <summary>200 streams keep a connection's topics near 6,000 characters, well under Bybit's 21,000.</summary>
    public int MaxStreamsPerConnection => 200;

    public int MaxClientMessagesPerSecond => 10;

    public TimeSpan? MaxConnectionLifetime => null;

    public TimeSpan StaleAfter(StreamKind kind) => kind == StreamKind.Book ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(120);

    /// <summary>Streams are chosen by message, so the endpoint is used as is.</summary>
    public Uri GetConnectionUri(Uri endpoint, IReadOnlyList<StreamKey> streams)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint;
    }

    public IReadOnlyList<string> SubscribeMessages(IReadOnlyList<StreamKey> streams, int depth) => Requests("subscribe", streams, depth);

    public IReadOnlyList<string> UnsubscribeMessages(IReadOnlyList<StreamKey> streams, int depth) => Requests("unsubscribe", streams, depth);

    public IFrameHandler CreateHandler(IReadOnlyList<StreamKey> streams, int depth, IFeedSink sink, IFeedControl control, TimeProvider time) =>
        new BybitFrameHandler(streams, depth, sink, control, time);

    /// <summary>The topic carrying <paramref name="stream"/>.</summary>
    public static string Topic(StreamKey stream)
    {
        ValidateStream(stream);
        return (stream.Kind == StreamKind.Book ? BybitFrameHandler.BookTopicPrefix : BybitFrameHandler.TradeTopicPrefix) + stream.Symbol;
    }

    internal static void ValidateDepth(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, BybitOrderBook.MaxLevels);
    }

    internal static void ValidateStream(StreamKey stream)
    {
        if (stream.Exchange != ExchangeId.Bybit) throw new ArgumentException($"{stream} is not a Bybit stream.", nameof(stream));
        if (stream.Kind is not (StreamKind.Book or StreamKind.Trades)) throw new ArgumentException($"{stream} has an unknown kind.", nameof(stream));
        if (string.IsNullOrEmpty(stream.Symbol) || stream.Symbol.Length > 32 || !Ascii.IsValid(stream.Symbol))
            throw new ArgumentException($"Bybit symbols are 1 to 32 ASCII characters: \"{stream.Symbol}\".", nameof(stream));
    }

    private List<string> Requests(string op, IReadOnlyList<StreamKey> streams, int depth)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ValidateDepth(depth);
        var messages = new List<string>();
        var batch = new List<string>();
        var chars = 0;
        foreach (var stream in streams)
        {
            var topic = Topic(stream);
            if (batch.Count > 0 && chars + topic.Length > MaxArgsCharsPerMessage)
            {
                messages.Add(Request(op, batch));
                batch.Clear();
                chars = 0;
            }

            batch.Add(topic);
            chars += topic.Length;
        }

        if (batch.Count > 0) messages.Add(Request(op, batch));
        return messages;
    }

    private string Request(string op, List<string> topics)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("req_id"u8, Interlocked.Increment(ref _nextRequestId).ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString("op"u8, op);
            writer.WriteStartArray("args"u8);
            foreach (var topic in topics) writer.WriteStringValue(topic);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
