using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Bybit;

/// <summary>
/// Turns Bybit v5 linear frames (<c>orderbook.50.&lt;SYM&gt;</c>, <c>publicTrade.&lt;SYM&gt;</c> and control replies)
/// into normalized records. Each frame is parsed once into a reused <see cref="BybitMessage"/>, whatever its key order,
/// then dispatched by topic to its symbol's stream; in steady state nothing is allocated per frame.
/// </summary>
public sealed class BybitFrameHandler : IFrameHandler
{
    /// <summary>The book topic prefix (the archived depth is cut from the 50-level book).</summary>
    public const string BookTopicPrefix = "orderbook.50.";

    /// <summary>The trade topic prefix.</summary>
    public const string TradeTopicPrefix = "publicTrade.";

    /// <summary>Characters of a bad frame quoted in its <see cref="FeedEventKind.MalformedFrame"/> event.</summary>
    public const int SampleLength = 120;

    private const int MaxSymbolLength = 64;

    private readonly BybitMessage _message = new();
    private readonly BybitCounters _counters = new();
    private readonly IFeedSink _sink;
    private readonly TimeProvider _time;
    private readonly BybitBookStream[] _books;
    private readonly BybitTradeStream[] _trades;
    private readonly Dictionary<string, BybitBookStream>.AlternateLookup<ReadOnlySpan<char>> _booksBySymbol;
    private readonly Dictionary<string, BybitTradeStream>.AlternateLookup<ReadOnlySpan<char>> _tradesBySymbol;
    private long _disconnectedMicros = -1;

    /// <param name="streams">Bybit streams to handle (book and/or trades per symbol).</param>
    /// <param name="depth">Levels per side in emitted snapshots, 1 to <see cref="BybitOrderBook.MaxLevels"/>.</param>
    /// <param name="sink">Receives the records.</param>
    /// <param name="control">Asked to resubscribe a book after a gap.</param>
    /// <param name="time">The clock for events that no frame dates.</param>
    public BybitFrameHandler(IReadOnlyList<StreamKey> streams, int depth, IFeedSink sink, IFeedControl control, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(time);
        BybitProtocol.ValidateDepth(depth);
        _sink = sink;
        _time = time;
        var books = new Dictionary<string, BybitBookStream>(StringComparer.Ordinal);
        var trades = new Dictionary<string, BybitTradeStream>(StringComparer.Ordinal);
        foreach (var stream in streams)
        {
            BybitProtocol.ValidateStream(stream);
            if (stream.Kind == StreamKind.Book) books.TryAdd(stream.Symbol, new BybitBookStream(stream, depth, sink, control, _counters));
            else trades.TryAdd(stream.Symbol, new BybitTradeStream(stream, sink, _counters));
        }

        _books = [.. books.Values];
        _trades = [.. trades.Values];
        _booksBySymbol = books.GetAlternateLookup<ReadOnlySpan<char>>();
        _tradesBySymbol = trades.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <inheritdoc />
    public long MalformedFrames => _counters.MalformedFrames;

    /// <summary>Book update-id breaks and reconnect outages (one per stream), each reported as a GapDetected event.</summary>
    public long Gaps => _counters.Gaps;

    /// <summary>Resubscribes requested from the connection (at most one per invalid-book episode).</summary>
    public long Resubscribes => _counters.Resubscribes;

    /// <summary>Books that needed trimming beyond 50 levels, or that were crossed.</summary>
    public long Anomalies => _counters.Anomalies;

    /// <summary>Trades dropped because their id was among the recent ids of the stream.</summary>
    public long DuplicateTradesDropped => _counters.DuplicateTradesDropped;

    /// <summary>Deltas dropped because their book was waiting for a snapshot (before the first, or while invalid).</summary>
    public long IgnoredDeltas => _counters.IgnoredDeltas;

    /// <inheritdoc />
    public void OnFrame(ReadOnlySpan<byte> frame, long receiveMicros)
    {
        try
        {
            _message.Load(frame);
        }
        catch (JsonException e)
        {
            Malformed(frame, receiveMicros, e.Message);
            return;
        }
        catch (FeedProtocolException e)
        {
            Malformed(frame, receiveMicros, e.Message);
            return;
        }

        var message = _message;
        if (!message.Topic.IsEmpty) OnData(frame, message, receiveMicros);
        else if (!message.Op.IsEmpty) OnControl(frame, message, receiveMicros);
        else Malformed(frame, receiveMicros, "bybit: neither \"topic\" nor \"op\"");
    }

    /// <inheritdoc />
    public void OnConnected(long timeMicros, bool isReconnect)
    {
        foreach (var book in _books) book.OnConnected(timeMicros, isReconnect, _disconnectedMicros);
        foreach (var trades in _trades) trades.OnConnected(timeMicros, isReconnect, _disconnectedMicros);
        _disconnectedMicros = -1;
    }

    /// <inheritdoc />
    public void OnDisconnected(long timeMicros)
    {
        _disconnectedMicros = timeMicros;
        foreach (var book in _books) book.OnDisconnected();
    }

    private void OnData(ReadOnlySpan<byte> frame, BybitMessage message, long receiveMicros)
    {
        if (message.Ts is not { } ts)
        {
            Malformed(frame, receiveMicros, "bybit: data message without \"ts\"");
            return;
        }

        var receive = receiveMicros >= 0 ? receiveMicros : FeedClock.FromMillis(ts);
        var topic = message.Topic.Raw(frame);
        if (topic.StartsWith("orderbook.50."u8))
        {
            if (!TryFind(_booksBySymbol, topic["orderbook.50."u8.Length..], out var book))
                Malformed(frame, receiveMicros, "bybit: book topic not subscribed here");
            else if (message.Data != BybitDataKind.Book || message.UpdateId is null)
                Malformed(frame, receiveMicros, "bybit: book message without a \"data\" object with \"u\"");
            else if (message.Type is not (BybitMessageType.Snapshot or BybitMessageType.Delta))
                Malformed(frame, receiveMicros, "bybit: book message type is neither snapshot nor delta");
            else
                book.Apply(message, receive);
        }
        else if (topic.StartsWith("publicTrade."u8))
        {
            if (!TryFind(_tradesBySymbol, topic["publicTrade."u8.Length..], out var trades))
                Malformed(frame, receiveMicros, "bybit: trade topic not subscribed here");
            else if (message.Data != BybitDataKind.Trades)
                Malformed(frame, receiveMicros, "bybit: trade message without a \"data\" array");
            else
                trades.Emit(message, receive);
        }
        else
        {
            Malformed(frame, receiveMicros, "bybit: unexpected topic");
        }
    }

    private void OnControl(ReadOnlySpan<byte> frame, BybitMessage message, long receiveMicros)
    {
        var op = message.Op.Raw(frame);
        if (op.SequenceEqual("pong"u8) || (op.SequenceEqual("ping"u8) && message.Success != false)) return;

        var time = receiveMicros >= 0 ? receiveMicros : FeedClock.NowMicros(_time);
        if (message.Success == false)
        {
            _sink.OnEvent(new FeedEvent(FeedEventKind.ExchangeError, ExchangeId.Bybit, null, time, 0,
                $"{message.Op.Decode(frame)} failed: {message.RetMsg.Decode(frame)} (req_id \"{message.ReqId.Decode(frame)}\")"));
        }
        else if (op.SequenceEqual("subscribe"u8) && message.Success == true)
        {
            _sink.OnEvent(new FeedEvent(FeedEventKind.Subscribed, ExchangeId.Bybit, null, time, 0,
                $"subscribe acknowledged (req_id \"{message.ReqId.Decode(frame)}\", conn_id \"{message.ConnId.Decode(frame)}\")"));
        }
        else if (!op.SequenceEqual("unsubscribe"u8) || message.Success != true)
        {
            Malformed(frame, receiveMicros, "bybit: unexpected control frame");
        }
    }

    private static bool TryFind<T>(
        Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> lookup, ReadOnlySpan<byte> symbol, [MaybeNullWhen(false)] out T value)
    {
        value = default;
        Span<char> chars = stackalloc char[MaxSymbolLength];
        return symbol.Length <= MaxSymbolLength
            && Ascii.ToUtf16(symbol, chars, out var written) == OperationStatus.Done
            && lookup.TryGetValue(chars[..written], out value);
    }

    private void Malformed(ReadOnlySpan<byte> frame, long receiveMicros, string reason)
    {
        _counters.MalformedFrames++;
        var time = receiveMicros >= 0 ? receiveMicros : FeedClock.NowMicros(_time);
        _sink.OnEvent(new FeedEvent(FeedEventKind.MalformedFrame, ExchangeId.Bybit, null, time, 0, $"{reason}: {Sample(frame)}"));
    }

    private static string Sample(ReadOnlySpan<byte> frame)
    {
        var text = Encoding.UTF8.GetString(frame[..Math.Min(frame.Length, SampleLength * 4)]);
        return text.Length <= SampleLength ? text : string.Concat(text.AsSpan(0, SampleLength), "…");
    }
}
