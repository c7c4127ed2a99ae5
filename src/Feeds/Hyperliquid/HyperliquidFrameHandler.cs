using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;
using Archiver.Feeds.Parsing;

namespace Archiver.Feeds.Hyperliquid;

/// <summary>
/// Turns Hyperliquid websocket frames (<c>l2Book</c>, <c>trades</c>, subscription acks, errors, pongs) into normalized
/// records. Parsing runs over the frame's bytes with <see cref="Utf8JsonReader"/> and allocates nothing per data frame:
/// coins are matched byte-wise against the configured symbols, each coin reuses one <see cref="BookSnapshot"/>, and
/// trades are parsed into a reused buffer before anything is emitted, so a malformed frame emits nothing.
/// </summary>
/// <remarks>
/// Books are full snapshots (no update ids): the first after a (re)subscribe is flagged
/// <see cref="BookFlags.FirstAfterSync"/>, the first after an outage also <see cref="BookFlags.GapBefore"/>; crossed,
/// unsorted or non-positive books are dropped and counted as <see cref="Anomalies"/>; a book no newer than the last one
/// emitted for its coin is dropped. Every (re)subscribe makes the server re-send recent trades: trades are deduplicated
/// on (coin, time, tid) against a bounded memory of recent keys per coin, and the first batch after a subscribe is
/// treated as the backfill (new trades in it are kept and flagged <see cref="TradeFlags.Backfilled"/>).
/// </remarks>
public sealed class HyperliquidFrameHandler : IFrameHandler
{
    /// <summary>Trade keys remembered per coin for deduplication (the backfill re-sends about 30).</summary>
    public const int DefaultTradeMemoryPerCoin = 4096;

    /// <summary>Most trades accepted in one frame; a larger frame is malformed.</summary>
    public const int MaxTradesPerFrame = 65_536;

    /// <summary>Characters of a bad frame quoted in its <see cref="FeedEventKind.MalformedFrame"/> event.</summary>
    public const int SampleChars = 120;

    // Longest JSON string (coin, side, price) accepted after unescaping.
    private const int MaxStringBytes = 256;

    // 9999-12-31 in ms: a larger exchange time is malformed.
    private const long MaxMillis = 253_402_300_799_999;


    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    private readonly IFeedSink _sink;
    private readonly TimeProvider _time;
    private readonly int _depth;
    private readonly HyperliquidCoin[] _coins;
    private readonly byte[] _unescaped = new byte[MaxStringBytes];

    // The frame being parsed: what it is, and for which coin (for error reports).
    private Channel _parseChannel;
    private HyperliquidCoin? _parseCoin;

    // A parsed l2Book, copied into the coin's snapshot once the whole frame is valid.
    private readonly double[] _bidPrices;
    private readonly double[] _bidSizes;
    private readonly double[] _askPrices;
    private readonly double[] _askSizes;
    private int _bidCount;
    private int _askCount;
    private long _bookMillis;

    // Parsed trades, emitted once the whole frame is valid.
    private Trade[] _trades = new Trade[64];
    private HyperliquidCoin[] _tradeCoins = new HyperliquidCoin[64];
    private int _tradeCount;
    private long _frameNumber;

    // A parsed subscription ack or error reply (rare: these allocate).
    private bool _ackIsSubscribe;
    private string _ackType = string.Empty;
    private string _ackCoin = string.Empty;
    private string _errorText = string.Empty;

    private long _disconnectedAt = -1;
    private long _lastExchangeMicros;

    public HyperliquidFrameHandler(
        IReadOnlyList<StreamKey> streams,
        int depth,
        IFeedSink sink,
        IFeedControl control,
        TimeProvider time,
        int tradeMemoryPerCoin = DefaultTradeMemoryPerCoin)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, HyperliquidProtocol.MaxDepth);
        if (streams.Count == 0) throw new ArgumentException("At least one stream is required.", nameof(streams));

        var symbols = new List<string>();
        foreach (var stream in streams)
        {
            if (stream.Exchange != ExchangeId.Hyperliquid)
                throw new ArgumentException($"Stream {stream} is not a Hyperliquid stream.", nameof(streams));
            ArgumentException.ThrowIfNullOrEmpty(stream.Symbol, nameof(streams));
            if (!symbols.Contains(stream.Symbol, StringComparer.Ordinal)) symbols.Add(stream.Symbol);
        }

        _coins = new HyperliquidCoin[symbols.Count];
        for (var i = 0; i < symbols.Count; i++)
        {
            var symbol = symbols[i];
            var hasBook = streams.Contains(new StreamKey(ExchangeId.Hyperliquid, symbol, StreamKind.Book));
            var hasTrades = streams.Contains(new StreamKey(ExchangeId.Hyperliquid, symbol, StreamKind.Trades));
            _coins[i] = new HyperliquidCoin(symbol, hasBook, hasTrades, depth, tradeMemoryPerCoin);
        }

        _sink = sink;
        _time = time;
        _depth = depth;
        _bidPrices = new double[depth];
        _bidSizes = new double[depth];
        _askPrices = new double[depth];
        _askSizes = new double[depth];
    }

    private enum Channel : byte
    {
        None,
        Book,
        Trades,
        SubscriptionResponse,
        Error,
        Pong,
    }

    /// <inheritdoc />
    public long MalformedFrames { get; private set; }

    /// <summary>Trades dropped because their (coin, time, tid) was already emitted (subscribe backfills).</summary>
    public long DuplicateTradesDropped { get; private set; }

    /// <summary>Trades of a subscribe backfill that had not been seen before (printed during an outage), kept.</summary>
    public long BackfilledTradesKept { get; private set; }

    /// <summary>Books dropped because they were crossed, unsorted or had a non-positive price or size.</summary>
    public long Anomalies { get; private set; }

    /// <summary>Books dropped because they were no newer than the last book emitted for their coin.</summary>
    public long StaleBooksDropped { get; private set; }

    /// <summary>The text greeting some servers send on connect; it is skipped.</summary>
    internal static ReadOnlySpan<byte> Greeting => "Websocket connection established."u8;

    /// <inheritdoc />
    public void OnFrame(ReadOnlySpan<byte> frame, long receiveMicros)
    {
        if (frame.Trim(" \t\r\n"u8).SequenceEqual(Greeting)) return;

        _parseChannel = Channel.None;
        _parseCoin = null;
        Channel channel;
        try
        {
            channel = Parse(frame);
        }
        catch (JsonException ex)
        {
            ReportMalformed(frame, receiveMicros, ex.Message);
            return;
        }
        catch (FeedProtocolException ex)
        {
            ReportMalformed(frame, receiveMicros, ex.Message);
            return;
        }

        switch (channel)
        {
            case Channel.Book:
                EmitBook(receiveMicros);
                break;
            case Channel.Trades:
                EmitTrades(receiveMicros);
                break;
            case Channel.SubscriptionResponse:
                OnSubscriptionResponse(receiveMicros);
                break;
            case Channel.Error:
                OnErrorReply(receiveMicros);
                break;
        }
    }

    /// <inheritdoc />
    public void OnConnected(long timeMicros, bool isReconnect)
    {
        var outage = isReconnect && _disconnectedAt >= 0 ? Math.Max(0, timeMicros - _disconnectedAt) : 0;
        var from = _disconnectedAt >= 0 ? _disconnectedAt : timeMicros;
        foreach (var coin in _coins)
        {
            coin.BookUnsubscribed = false;
            coin.TradesUnsubscribed = false;
            coin.ArmTrades();
            coin.ArmBook(gapBefore: isReconnect);
            if (!isReconnect) continue;

            var interval = string.Create(
                CultureInfo.InvariantCulture, $"connection lost from {FormatMicros(from)} to {FormatMicros(timeMicros)} ({outage / 1000} ms)");
            if (coin.Book is not null)
                _sink.OnEvent(new FeedEvent(FeedEventKind.GapDetected, ExchangeId.Hyperliquid, coin.BookStream, timeMicros, outage,
                    interval + "; the book resumes with the next snapshot"));
            if (coin.RecentTrades is not null)
            {
                coin.ReportBackfill = coin.RecentTrades.Count > 0;
                _sink.OnEvent(new FeedEvent(FeedEventKind.GapDetected, ExchangeId.Hyperliquid, coin.TradeStream, timeMicros, outage,
                    interval + "; the subscribe backfill recovers the most recent trades"));
            }
        }

        _disconnectedAt = -1;
    }

    /// <inheritdoc />
    public void OnDisconnected(long timeMicros)
    {
        if (_disconnectedAt < 0) _disconnectedAt = timeMicros;
    }

    private Channel Parse(ReadOnlySpan<byte> frame)
    {
        var reader = new Utf8JsonReader(frame, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) ThrowMalformed("a frame must be a JSON object", in reader);

        var channel = Channel.None;
        var sawData = false;
        int deferredStart = -1, deferredEnd = -1;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("channel"u8))
            {
                if (channel != Channel.None) ThrowMalformed("\"channel\" appears twice", in reader);
                ReadValue(ref reader);
                channel = ReadChannel(ref reader);
                _parseChannel = channel;
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                if (sawData) ThrowMalformed("\"data\" appears twice", in reader);
                sawData = true;
                ReadValue(ref reader);
                if (channel != Channel.None)
                {
                    ParseData(ref reader, channel);
                }
                else
                {
                    // "data" before "channel": parse it once the channel is known.
                    deferredStart = (int)reader.TokenStartIndex;
                    reader.Skip();
                    deferredEnd = (int)reader.BytesConsumed;
                }
            }
            else
            {
                ReadValue(ref reader);
                reader.Skip();
            }
        }

        if (reader.Read()) ThrowMalformed("data after the frame's object", in reader);
        if (channel == Channel.None) ThrowMalformed("no \"channel\"", in reader);
        if (!sawData && channel != Channel.Pong) ThrowMalformed("no \"data\"", in reader);
        if (deferredStart >= 0)
        {
            var inner = new Utf8JsonReader(frame[deferredStart..deferredEnd], ReaderOptions);
            inner.Read();
            ParseData(ref inner, channel);
        }

        return channel;
    }

    private static Channel ReadChannel(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String) ThrowMalformed("\"channel\" must be a string", in reader);
        if (reader.ValueTextEquals("l2Book"u8)) return Channel.Book;
        if (reader.ValueTextEquals("trades"u8)) return Channel.Trades;
        if (reader.ValueTextEquals("subscriptionResponse"u8)) return Channel.SubscriptionResponse;
        if (reader.ValueTextEquals("error"u8)) return Channel.Error;
        if (reader.ValueTextEquals("pong"u8)) return Channel.Pong;
        throw Malformed($"unknown channel \"{reader.GetString()}\"", in reader);
    }

    private void ParseData(ref Utf8JsonReader reader, Channel channel)
    {
        switch (channel)
        {
            case Channel.Book:
                ParseBook(ref reader);
                break;
            case Channel.Trades:
                ParseTrades(ref reader);
                break;
            case Channel.SubscriptionResponse:
                ParseSubscriptionResponse(ref reader);
                break;
            case Channel.Error:
                if (reader.TokenType != JsonTokenType.String) ThrowMalformed("error \"data\" must be a string", in reader);
                _errorText = reader.GetString() ?? string.Empty;
                break;
            default:
                reader.Skip();
                break;
        }
    }

    private void ParseBook(ref Utf8JsonReader reader)
    {
        Expect(in reader, JsonTokenType.StartObject, "l2Book \"data\"");
        HyperliquidCoin? coin = null;
        long time = -1;
        var sawLevels = false;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("coin"u8))
            {
                ReadValue(ref reader);
                coin = FindCoin(ReadString(ref reader, "coin"));
                _parseCoin = coin;
                if (coin?.Book is null) throw Malformed($"l2Book of a coin not subscribed here: {reader.GetString()}", in reader);
            }
            else if (reader.ValueTextEquals("time"u8))
            {
                ReadValue(ref reader);
                time = ReadMillis(ref reader, "time");
            }
            else if (reader.ValueTextEquals("levels"u8))
            {
                ReadValue(ref reader);
                Expect(in reader, JsonTokenType.StartArray, "\"levels\"");
                ReadValue(ref reader);
                _bidCount = ParseSide(ref reader, _bidPrices, _bidSizes);
                ReadValue(ref reader);
                _askCount = ParseSide(ref reader, _askPrices, _askSizes);
                ReadValue(ref reader);
                Expect(in reader, JsonTokenType.EndArray, "\"levels\" (two sides)");
                sawLevels = true;
            }
            else
            {
                ReadValue(ref reader);
                reader.Skip();
            }
        }

        if (coin is null) ThrowMalformed("l2Book without \"coin\"", in reader);
        if (time < 0) ThrowMalformed("l2Book without \"time\"", in reader);
        if (!sawLevels) ThrowMalformed("l2Book without \"levels\"", in reader);
        _bookMillis = time;
    }

    private int ParseSide(ref Utf8JsonReader reader, double[] prices, double[] sizes)
    {
        Expect(in reader, JsonTokenType.StartArray, "a side of \"levels\"");
        var count = 0;
        while (true)
        {
            ReadValue(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray) return count;
            Expect(in reader, JsonTokenType.StartObject, "a level");
            if (count == _depth)
            {
                reader.Skip();
                continue;
            }

            double price = double.NaN, size = double.NaN;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("px"u8))
                {
                    ReadValue(ref reader);
                    price = ReadDecimal(ref reader, "px");
                }
                else if (reader.ValueTextEquals("sz"u8))
                {
                    ReadValue(ref reader);
                    size = ReadDecimal(ref reader, "sz");
                }
                else
                {
                    ReadValue(ref reader);
                    reader.Skip();
                }
            }

            if (double.IsNaN(price) || double.IsNaN(size)) ThrowMalformed("a level without \"px\" or \"sz\"", in reader);
            prices[count] = price;
            sizes[count] = size;
            count++;
        }
    }

    private void ParseTrades(ref Utf8JsonReader reader)
    {
        Expect(in reader, JsonTokenType.StartArray, "trades \"data\"");
        _tradeCount = 0;
        while (true)
        {
            ReadValue(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray) return;
            Expect(in reader, JsonTokenType.StartObject, "a trade");
            if (_tradeCount == MaxTradesPerFrame) ThrowMalformed($"more than {MaxTradesPerFrame} trades in one frame", in reader);
            if (_tradeCount == _trades.Length)
            {
                Array.Resize(ref _trades, _trades.Length * 2);
                Array.Resize(ref _tradeCoins, _tradeCoins.Length * 2);
            }

            _tradeCoins[_tradeCount] = ParseTrade(ref reader, ref _trades[_tradeCount]);
            _tradeCount++;
        }
    }

    private HyperliquidCoin ParseTrade(ref Utf8JsonReader reader, ref Trade trade)
    {
        HyperliquidCoin? coin = null;
        var side = TakerSide.Unknown;
        double price = double.NaN, size = double.NaN;
        long time = -1;
        var id = default(TradeId);
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("coin"u8))
            {
                ReadValue(ref reader);
                coin = FindCoin(ReadString(ref reader, "coin"));
                _parseCoin = coin;
                if (coin?.RecentTrades is null) throw Malformed($"trades of a coin not subscribed here: {reader.GetString()}", in reader);
            }
            else if (reader.ValueTextEquals("side"u8))
            {
                ReadValue(ref reader);
                var text = ReadString(ref reader, "side");
                side = text.SequenceEqual("B"u8) ? TakerSide.Buy : text.SequenceEqual("A"u8) ? TakerSide.Sell : TakerSide.Unknown;
                if (side == TakerSide.Unknown) ThrowMalformed("\"side\" must be \"B\" or \"A\"", in reader);
            }
            else if (reader.ValueTextEquals("px"u8))
            {
                ReadValue(ref reader);
                price = ReadDecimal(ref reader, "px");
            }
            else if (reader.ValueTextEquals("sz"u8))
            {
                ReadValue(ref reader);
                size = ReadDecimal(ref reader, "sz");
            }
            else if (reader.ValueTextEquals("time"u8))
            {
                ReadValue(ref reader);
                time = ReadMillis(ref reader, "time");
            }
            else if (reader.ValueTextEquals("tid"u8))
            {
                ReadValue(ref reader);
                var tid = -1L;
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out tid) || tid < 0)
                    ThrowMalformed("\"tid\" must be a non-negative integer", in reader);
                id = TradeId.FromNumber(tid);
            }
            else
            {
                ReadValue(ref reader);
                reader.Skip();
            }
        }

        if (coin is null || side == TakerSide.Unknown || double.IsNaN(price) || double.IsNaN(size) || time < 0 || id.IsEmpty)
            ThrowMalformed("a trade without one of coin, side, px, sz, time, tid", in reader);
        if (price <= 0 || size <= 0) ThrowMalformed("a trade with a non-positive px or sz", in reader);

        trade.Exchange = ExchangeId.Hyperliquid;
        trade.Symbol = coin.Symbol;
        trade.ExchangeTimeMicros = FeedClock.FromMillis(time);
        trade.ReceiveTimeMicros = 0;
        trade.Price = price;
        trade.Size = size;
        trade.Side = side;
        trade.Id = id;
        trade.Flags = TradeFlags.None;
        return coin;
    }

    private void ParseSubscriptionResponse(ref Utf8JsonReader reader)
    {
        Expect(in reader, JsonTokenType.StartObject, "subscriptionResponse \"data\"");
        var sawMethod = false;
        _ackType = string.Empty;
        _ackCoin = string.Empty;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("method"u8))
            {
                ReadValue(ref reader);
                if (reader.TokenType != JsonTokenType.String) ThrowMalformed("\"method\" must be a string", in reader);
                _ackIsSubscribe = reader.ValueTextEquals("subscribe"u8);
                if (!_ackIsSubscribe && !reader.ValueTextEquals("unsubscribe"u8)) ThrowMalformed("unknown \"method\"", in reader);
                sawMethod = true;
            }
            else if (reader.ValueTextEquals("subscription"u8))
            {
                ReadValue(ref reader);
                Expect(in reader, JsonTokenType.StartObject, "\"subscription\"");
                while (NextProperty(ref reader))
                {
                    var isType = reader.ValueTextEquals("type"u8);
                    var isCoin = !isType && reader.ValueTextEquals("coin"u8);
                    ReadValue(ref reader);
                    if ((isType || isCoin) && reader.TokenType != JsonTokenType.String)
                        ThrowMalformed("\"type\" and \"coin\" must be strings", in reader);
                    if (isType) _ackType = reader.GetString() ?? string.Empty;
                    else if (isCoin) _ackCoin = reader.GetString() ?? string.Empty;
                    else reader.Skip();
                }
            }
            else
            {
                ReadValue(ref reader);
                reader.Skip();
            }
        }

        if (!sawMethod) ThrowMalformed("subscriptionResponse without \"method\"", in reader);
    }

    private void EmitBook(long receiveMicros)
    {
        var coin = _parseCoin!;
        var book = coin.Book!;
        if (_bookMillis <= coin.LastBookMillis)
        {
            StaleBooksDropped++;
            return;
        }

        var anomaly = FindBookAnomaly();
        if (anomaly is not null)
        {
            Anomalies++;
            coin.PendingBookFlags |= BookFlags.GapBefore;
            if (!coin.InBookAnomaly)
            {
                coin.InBookAnomaly = true;
                var best = string.Create(CultureInfo.InvariantCulture,
                    $"book at {FormatMicros(FeedClock.FromMillis(_bookMillis))} dropped: {anomaly} (best bid {(_bidCount > 0 ? _bidPrices[0] : double.NaN)}, best ask {(_askCount > 0 ? _askPrices[0] : double.NaN)}); further anomalies are only counted until a good book arrives");
                _sink.OnEvent(new FeedEvent(FeedEventKind.GapDetected, ExchangeId.Hyperliquid, coin.BookStream, EventTime(receiveMicros), 0, best));
            }

            return;
        }

        coin.InBookAnomaly = false;
        coin.LastBookMillis = _bookMillis;
        book.Clear();
        book.ExchangeTimeMicros = FeedClock.FromMillis(_bookMillis);
        book.ReceiveTimeMicros = receiveMicros >= 0 ? receiveMicros : book.ExchangeTimeMicros;
        book.Flags = BookFlags.FromSnapshot | coin.PendingBookFlags;
        coin.PendingBookFlags = BookFlags.None;
        book.BidCount = _bidCount;
        book.AskCount = _askCount;
        _bidPrices.AsSpan(0, _bidCount).CopyTo(book.BidPrices);
        _bidSizes.AsSpan(0, _bidCount).CopyTo(book.BidSizes);
        _askPrices.AsSpan(0, _askCount).CopyTo(book.AskPrices);
        _askSizes.AsSpan(0, _askCount).CopyTo(book.AskSizes);
        _lastExchangeMicros = book.ExchangeTimeMicros;
        _sink.OnBook(book);
    }

    private string? FindBookAnomaly()
    {
        for (var i = 0; i < _bidCount; i++)
        {
            if (!(_bidPrices[i] > 0 && _bidSizes[i] > 0)) return "a bid with a non-positive price or size";
            if (i > 0 && !(_bidPrices[i] < _bidPrices[i - 1])) return "bids not strictly descending";
        }

        for (var i = 0; i < _askCount; i++)
        {
            if (!(_askPrices[i] > 0 && _askSizes[i] > 0)) return "an ask with a non-positive price or size";
            if (i > 0 && !(_askPrices[i] > _askPrices[i - 1])) return "asks not strictly ascending";
        }

        return _bidCount > 0 && _askCount > 0 && _bidPrices[0] >= _askPrices[0] ? "crossed book" : null;
    }

    private void EmitTrades(long receiveMicros)
    {
        var frame = ++_frameNumber;
        var anyBackfill = false;
        for (var i = 0; i < _tradeCount; i++)
        {
            var coin = _tradeCoins[i];
            ref var trade = ref _trades[i];
            if (coin.BatchFrame != frame)
            {
                // The first trades frame of a coin after a subscribe is the server's backfill; later ones are live.
                coin.BatchFrame = frame;
                coin.BatchIsBackfill = coin.ExpectBackfill;
                coin.ExpectBackfill = false;
                coin.BatchKept = 0;
                coin.BatchDropped = 0;
                anyBackfill |= coin.BatchIsBackfill;
            }

            if (!coin.RecentTrades!.TryAdd(trade.ExchangeTimeMicros / 1000, trade.Id.Numeric))
            {
                DuplicateTradesDropped++;
                coin.BatchDropped++;
                continue;
            }

            var flags = TradeFlags.None;
            if (coin.BatchIsBackfill)
            {
                flags |= TradeFlags.Backfilled;
                BackfilledTradesKept++;
            }

            if (coin.FirstTradePending)
            {
                flags |= TradeFlags.FirstAfterReconnect;
                coin.FirstTradePending = false;
            }

            coin.BatchKept++;
            trade.Flags = flags;
            trade.ReceiveTimeMicros = receiveMicros >= 0 ? receiveMicros : trade.ExchangeTimeMicros;
            _lastExchangeMicros = trade.ExchangeTimeMicros;
            _sink.OnTrade(in trade);
        }

        if (anyBackfill) ReportBackfills(frame, receiveMicros);
    }

    private void ReportBackfills(long frame, long receiveMicros)
    {
        foreach (var coin in _coins)
        {
            if (coin.BatchFrame != frame || !coin.BatchIsBackfill || !coin.ReportBackfill) continue;
            coin.ReportBackfill = false;
            var overlaps = coin.BatchDropped > 0;
            var detail = string.Create(CultureInfo.InvariantCulture,
                $"subscribe backfill: kept {coin.BatchKept} trades not seen before, dropped {coin.BatchDropped} already emitted") +
                (overlaps ? "; it overlaps the trades seen before the outage, so none were lost"
                          : "; it does not overlap the trades seen before the outage, so older trades of the outage may be lost");
            _sink.OnEvent(new FeedEvent(overlaps ? FeedEventKind.Resynced : FeedEventKind.GapDetected, ExchangeId.Hyperliquid,
                coin.TradeStream, EventTime(receiveMicros), 0, detail));
        }
    }

    private void OnSubscriptionResponse(long receiveMicros)
    {
        var coin = FindCoin(Encoding.UTF8.GetBytes(_ackCoin));
        StreamKey? stream = null;
        if (coin is not null && _ackType == "l2Book" && coin.Book is not null)
        {
            stream = coin.BookStream;
            if (!_ackIsSubscribe)
            {
                coin.BookUnsubscribed = true;
            }
            else if (coin.BookUnsubscribed)
            {
                // Resubscribed after an unsubscribe: books pushed in between were missed.
                coin.BookUnsubscribed = false;
                coin.ArmBook(gapBefore: true);
            }
        }
        else if (coin is not null && _ackType == "trades" && coin.RecentTrades is not null)
        {
            stream = coin.TradeStream;
            if (!_ackIsSubscribe)
            {
                coin.TradesUnsubscribed = true;
            }
            else if (coin.TradesUnsubscribed)
            {
                // Resubscribed after an unsubscribe: the server backfills recent trades again.
                coin.TradesUnsubscribed = false;
                coin.ArmTrades();
                coin.ReportBackfill = coin.RecentTrades.Count > 0;
            }
        }

        if (!_ackIsSubscribe) return;
        var detail = $"subscribed to {_ackType} {_ackCoin}" + (stream is null ? " (not a stream of this handler)" : string.Empty);
        _sink.OnEvent(new FeedEvent(FeedEventKind.Subscribed, ExchangeId.Hyperliquid, stream, EventTime(receiveMicros), 0, detail));
    }

    private void OnErrorReply(long receiveMicros)
    {
        var text = _errorText.Length > 2 * SampleChars ? _errorText[..(2 * SampleChars)] + "…" : _errorText;
        if (_errorText.StartsWith("Already subscribed", StringComparison.Ordinal))
            text += " (harmless: the stream stays subscribed)";
        _sink.OnEvent(new FeedEvent(FeedEventKind.ExchangeError, ExchangeId.Hyperliquid, null, EventTime(receiveMicros), 0, text));
    }

    private void ReportMalformed(ReadOnlySpan<byte> frame, long receiveMicros, string message)
    {
        MalformedFrames++;
        StreamKey? stream = _parseCoin is null ? null
            : _parseChannel == Channel.Book ? _parseCoin.BookStream
            : _parseChannel == Channel.Trades ? _parseCoin.TradeStream
            : null;
        var sample = Encoding.UTF8.GetString(frame[..Math.Min(frame.Length, SampleChars)]);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"{message}; frame of {frame.Length} bytes: {sample}{(frame.Length > SampleChars ? "…" : string.Empty)}");
        _sink.OnEvent(new FeedEvent(FeedEventKind.MalformedFrame, ExchangeId.Hyperliquid, stream, EventTime(receiveMicros), 0, detail));
    }

    private long EventTime(long receiveMicros) =>
        receiveMicros >= 0 ? receiveMicros : _lastExchangeMicros > 0 ? _lastExchangeMicros : FeedClock.NowMicros(_time);

    private HyperliquidCoin? FindCoin(ReadOnlySpan<byte> wire)
    {
        foreach (var coin in _coins)
        {
            if (coin.Matches(wire)) return coin;
        }

        return null;
    }

    private ReadOnlySpan<byte> ReadString(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.String) throw Malformed($"\"{what}\" must be a string", in reader);
        if (!reader.ValueIsEscaped) return reader.ValueSpan;
        if (reader.ValueSpan.Length > MaxStringBytes) throw Malformed($"\"{what}\" is longer than {MaxStringBytes} bytes", in reader);
        var length = reader.CopyString(_unescaped);
        return _unescaped.AsSpan(0, length);
    }

    private double ReadDecimal(ref Utf8JsonReader reader, string what)
    {
        // Hyperliquid sends prices and sizes as decimal strings; a bare number is accepted too.
        var text = reader.TokenType == JsonTokenType.Number ? reader.ValueSpan : ReadString(ref reader, what);
        if (!Utf8Decimal.TryParse(text, out var value) || value < 0 || double.IsNegative(value))
            throw Malformed($"\"{what}\" is not a non-negative decimal", in reader);
        return value;
    }

    private static long ReadMillis(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var millis) || millis <= 0 || millis > MaxMillis)
            throw Malformed($"\"{what}\" must be a positive integer of milliseconds", in reader);
        return millis;
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        ReadValue(ref reader);
        if (reader.TokenType == JsonTokenType.PropertyName) return true;
        if (reader.TokenType != JsonTokenType.EndObject) ThrowMalformed("expected a property name", in reader);
        return false;
    }

    private static void ReadValue(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) ThrowMalformed("the frame ends early", in reader);
    }

    private static void Expect(in Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type) ThrowMalformed($"{what} must be {type}", in reader);
    }

    [DoesNotReturn]
    private static void ThrowMalformed(string message, in Utf8JsonReader reader) => throw Malformed(message, in reader);

    private static FeedProtocolException Malformed(string message, in Utf8JsonReader reader) =>
        new(string.Create(CultureInfo.InvariantCulture, $"hyperliquid: {message} (at byte {reader.TokenStartIndex}, token {reader.TokenType})"));

    private static string FormatMicros(long micros) =>
        new DateTime(DateTime.UnixEpoch.Ticks + (micros * 10), DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
