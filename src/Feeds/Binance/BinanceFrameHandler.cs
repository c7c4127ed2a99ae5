using System.Text;
using System.Text.Json;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Binance;

/// <summary>
/// Normalizes Binance USD-M frames — <c>&lt;sym&gt;@depth&lt;N&gt;@100ms</c> partial books and <c>&lt;sym&gt;@trade</c>
/// fills, combined-stream wrapped or bare — into <see cref="BookSnapshot"/>s and <see cref="Trade"/>s, and control
/// replies into events. Allocates nothing per data frame: one <see cref="BookSnapshot"/> per symbol is reused and the
/// payload's symbol bytes are matched against the configured symbols.
/// <para>
/// Continuity: every partial-depth frame is a complete top-N book, so a <c>pu</c> that is not the previous <c>u</c> only
/// flags the book (<see cref="BookFlags.GapBefore"/>) and reports a gap; a book whose <c>u</c> is not above the last one
/// emitted is a duplicate (a rotation sends the same frames on two connections) and is skipped. Trade ids are
/// consecutive per symbol: a jump flags the next trade <see cref="TradeFlags.IdGapBefore"/> and reports the missing ids,
/// an id already seen is a duplicate. Frames with price 0 (<c>X</c> "NA") are dropped, but their id counts as seen.
/// </para>
/// <para>
/// Bad input never throws: an unreadable frame, an unknown symbol or event type, and a book that is crossed, unsorted
/// or deeper than subscribed are counted in <see cref="MalformedFrames"/> and reported as
/// <see cref="FeedEventKind.MalformedFrame"/> events with a sample of the frame.
/// </para>
/// </summary>
public sealed class BinanceFrameHandler : IFrameHandler
{
    /// <summary>Characters of a bad frame quoted in its <see cref="FeedEventKind.MalformedFrame"/> event.</summary>
    public const int SampleLength = 120;

    private readonly IFeedSink _sink;
    private readonly TimeProvider _time;
    private readonly BinanceRequestLog? _requests;
    private readonly BinanceSymbolTable _symbols;
    private readonly BinanceSymbolState[] _states;
    private readonly BinanceFrame _frame;
    private readonly int _depth;
    private long _disconnectedMicros = -1;

    /// <summary>A handler for <paramref name="streams"/>; replies are reported per connection (ids are not mapped).</summary>
    /// <exception cref="ArgumentException">A stream is not Binance's, a symbol is not a Binance symbol, or depth is not 5, 10 or 20.</exception>
    public BinanceFrameHandler(IReadOnlyList<StreamKey> streams, int depth, IFeedSink sink, IFeedControl control, TimeProvider time)
        : this(streams, depth, sink, control, time, requests: null)
    {
    }

    internal BinanceFrameHandler(IReadOnlyList<StreamKey> streams, int depth, IFeedSink sink, IFeedControl control, TimeProvider time, BinanceRequestLog? requests)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(sink);
        // Partial-depth frames are complete books, so nothing ever needs a resubscribe to resynchronize: the control
        // is part of the handler contract but not used here.
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(time);
        BinanceProtocol.ValidateDepth(depth);
        BinanceProtocol.ValidateStreams(streams);

        _sink = sink;
        _time = time;
        _requests = requests;
        _depth = depth;
        _frame = new BinanceFrame(depth);

        var symbols = new List<string>();
        var states = new List<BinanceSymbolState>();
        foreach (var stream in streams)
        {
            var index = symbols.FindIndex(s => string.Equals(s, stream.Symbol, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                index = symbols.Count;
                symbols.Add(stream.Symbol);
                states.Add(new BinanceSymbolState(stream.Symbol));
            }

            var state = states[index];
            if (stream.Kind == StreamKind.Book)
            {
                state.BookStream = stream;
                state.Book ??= new BookSnapshot(ExchangeId.Binance, state.Symbol, depth);
            }
            else
            {
                state.TradeStream = stream;
            }
        }

        _symbols = new BinanceSymbolTable(symbols);
        _states = [.. states];
    }

    public long MalformedFrames { get; private set; }

    /// <summary>Trade frames with price 0 (Binance's unpublished fills, <c>X</c> "NA"), dropped.</summary>
    public long ZeroPriceTradesDropped { get; private set; }

    /// <summary>Books and trades already emitted (connection rotation overlap, replays), dropped.</summary>
    public long DuplicatesDropped { get; private set; }

    /// <summary>Gaps reported as <see cref="FeedEventKind.GapDetected"/>: <c>pu</c> breaks, trade id jumps, outages (one per stream).</summary>
    public long Gaps { get; private set; }

    /// <summary>Books that were crossed, unsorted, deeper than subscribed or had a non-positive price (also in <see cref="MalformedFrames"/>).</summary>
    public long RejectedBooks { get; private set; }

    public void OnFrame(ReadOnlySpan<byte> frame, long receiveMicros)
    {
        string? error;
        long offset;
        try
        {
            if (BinanceFrameParser.TryParse(frame, _frame, _symbols, out error, out offset))
            {
                Dispatch(frame, receiveMicros);
                return;
            }
        }
        catch (JsonException exception)
        {
            error = exception.Message;
            offset = exception.BytePositionInLine ?? 0;
        }

        ReportMalformed(frame, receiveMicros, null, $"{error} (at byte {offset})");
    }

    public void OnConnected(long timeMicros, bool isReconnect)
    {
        var outage = isReconnect && _disconnectedMicros >= 0 ? Math.Max(0, timeMicros - _disconnectedMicros) : 0;
        var since = _disconnectedMicros;
        _disconnectedMicros = -1;
        foreach (var state in _states)
        {
            state.PendingBookFlags |= BookFlags.FirstAfterSync;
            if (!isReconnect) continue;

            var detail = since >= 0
                ? $"connection lost at {since} µs and restored at {timeMicros} µs; data in between is missing"
                : $"connection restored at {timeMicros} µs after a loss of unknown length";
            if (state.BookStream is { } book)
            {
                state.PendingBookFlags |= BookFlags.GapBefore;
                ReportGap(book, timeMicros, outage, detail);
            }

            if (state.TradeStream is { } trades)
            {
                state.PendingTradeFlags |= TradeFlags.FirstAfterReconnect;
                ReportGap(trades, timeMicros, outage, detail);
            }
        }
    }

    public void OnDisconnected(long timeMicros)
    {
        if (_disconnectedMicros < 0) _disconnectedMicros = timeMicros;
    }

    private void Dispatch(ReadOnlySpan<byte> frame, long receiveMicros)
    {
        switch (_frame.Kind)
        {
            case BinanceFrameKind.Depth:
                OnDepth(frame, receiveMicros);
                break;
            case BinanceFrameKind.Trade:
                OnTrade(frame, receiveMicros);
                break;
            case BinanceFrameKind.Reply:
                OnReply(receiveMicros);
                break;
            case BinanceFrameKind.Error:
                OnError(receiveMicros);
                break;
        }
    }

    private void OnDepth(ReadOnlySpan<byte> frame, long receiveMicros)
    {
        var f = _frame;
        var state = _states[f.SymbolIndex];
        var exchangeMicros = FeedClock.FromMillis(f.EventTimeMillis);
        var received = receiveMicros >= 0 ? receiveMicros : exchangeMicros;
        if (state.Book is not { } book || state.BookStream is not { } stream)
        {
            ReportMalformed(frame, received, null, $"depthUpdate for {state.Symbol}, whose book is not subscribed");
            return;
        }

        if (state.LastUpdateId != BinanceSymbolState.None && f.UpdateId <= state.LastUpdateId)
        {
            DuplicatesDropped++;
            return;
        }

        if (CheckBook(f) is { } problem)
        {
            RejectedBooks++;
            ReportMalformed(frame, received, stream, $"book u={f.UpdateId} rejected: {problem}");
            return;
        }

        var flags = BookFlags.FromSnapshot | state.PendingBookFlags;
        if (state.LastUpdateId != BinanceSymbolState.None && f.PreviousUpdateId != state.LastUpdateId)
        {
            flags |= BookFlags.GapBefore;
            ReportGap(stream, received, Math.Max(0, exchangeMicros - state.LastBookMicros),
                $"pu={f.PreviousUpdateId} but the previous book had u={state.LastUpdateId}: depth updates after {state.LastUpdateId} were lost");
        }

        book.Clear();
        book.ExchangeTimeMicros = exchangeMicros;
        book.TransactionTimeMicros = f.Has(BinanceFields.TransactionTime) ? FeedClock.FromMillis(f.TransactionTimeMillis) : null;
        book.ReceiveTimeMicros = received;
        book.UpdateId = f.UpdateId;
        book.PreviousUpdateId = f.PreviousUpdateId;
        book.Flags = flags;
        book.BidCount = f.BidTotal;
        book.AskCount = f.AskTotal;
        f.BidPrices.AsSpan(0, f.BidTotal).CopyTo(book.BidPrices);
        f.BidSizes.AsSpan(0, f.BidTotal).CopyTo(book.BidSizes);
        f.AskPrices.AsSpan(0, f.AskTotal).CopyTo(book.AskPrices);
        f.AskSizes.AsSpan(0, f.AskTotal).CopyTo(book.AskSizes);

        state.LastUpdateId = f.UpdateId;
        state.LastBookMicros = exchangeMicros;
        state.PendingBookFlags = BookFlags.None;
        _sink.OnBook(book);
    }

    /// <summary>Why a parsed book must not be archived, or null.</summary>
    private string? CheckBook(BinanceFrame f)
    {
        if (f.BidTotal > _depth || f.AskTotal > _depth)
            return $"{f.BidTotal} bid and {f.AskTotal} ask levels, more than the subscribed {_depth}";
        if (!IsSorted(f.BidPrices.AsSpan(0, f.BidTotal), f.BidSizes.AsSpan(0, f.BidTotal), descending: true)) return "bids not strictly descending or not positive";
        if (!IsSorted(f.AskPrices.AsSpan(0, f.AskTotal), f.AskSizes.AsSpan(0, f.AskTotal), descending: false)) return "asks not strictly ascending or not positive";
        if (f.BidTotal > 0 && f.AskTotal > 0 && f.BidPrices[0] >= f.AskPrices[0]) return $"crossed: best bid {f.BidPrices[0]} >= best ask {f.AskPrices[0]}";
        return null;
    }

    private static bool IsSorted(ReadOnlySpan<double> prices, ReadOnlySpan<double> sizes, bool descending)
    {
        for (var i = 0; i < prices.Length; i++)
        {
            if (!(prices[i] > 0) || sizes[i] < 0) return false;
            if (i > 0 && (descending ? prices[i] >= prices[i - 1] : prices[i] <= prices[i - 1])) return false;
        }

        return true;
    }

    private void OnTrade(ReadOnlySpan<byte> frame, long receiveMicros)
    {
        var f = _frame;
        var state = _states[f.SymbolIndex];
        var exchangeMicros = FeedClock.FromMillis(f.TransactionTimeMillis);
        var received = receiveMicros >= 0 ? receiveMicros : FeedClock.FromMillis(f.EventTimeMillis);
        if (state.TradeStream is not { } stream)
        {
            ReportMalformed(frame, received, null, $"trade for {state.Symbol}, whose trades are not subscribed");
            return;
        }

        if (f.Price < 0 || f.Size < 0)
        {
            ReportMalformed(frame, received, stream, $"trade t={f.TradeId} has a negative price or size");
            return;
        }

        if (state.LastTradeId != BinanceSymbolState.None)
        {
            if (f.TradeId <= state.LastTradeId)
            {
                DuplicatesDropped++;
                return;
            }

            if (f.TradeId > state.LastTradeId + 1)
            {
                state.PendingTradeFlags |= TradeFlags.IdGapBefore;
                var first = state.LastTradeId + 1;
                var last = f.TradeId - 1;
                ReportGap(stream, received, Math.Max(0, exchangeMicros - state.LastTradeMicros),
                    first == last ? $"trade id {first} missing" : $"trade ids {first}..{last} missing ({last - first + 1} trades)");
            }
        }

        state.LastTradeId = f.TradeId;
        state.LastTradeMicros = exchangeMicros;
        if (f.Price == 0)
        {
            ZeroPriceTradesDropped++;
            return;
        }

        var trade = new Trade
        {
            Exchange = ExchangeId.Binance,
            Symbol = state.Symbol,
            ExchangeTimeMicros = exchangeMicros,
            ReceiveTimeMicros = received,
            Price = f.Price,
            Size = f.Size,
            Side = f.BuyerIsMaker ? TakerSide.Sell : TakerSide.Buy,
            Id = TradeId.FromNumber(f.TradeId),
            Flags = state.PendingTradeFlags,
        };
        state.PendingTradeFlags = TradeFlags.None;
        _sink.OnTrade(in trade);
    }

    private void OnReply(long receiveMicros)
    {
        var f = _frame;
        var now = receiveMicros >= 0 ? receiveMicros : FeedClock.NowMicros(_time);
        if (_requests is not null && _requests.TryTake(f.RequestId, out var request) && request is not null)
        {
            // Acknowledged unsubscribes need no event; an ack proves nothing about data flowing anyway.
            if (request.Method != BinanceProtocol.SubscribeMethod) return;
            foreach (var stream in request.Streams)
                _sink.OnEvent(new FeedEvent(FeedEventKind.Subscribed, ExchangeId.Binance, stream, now, 0, $"SUBSCRIBE id {request.Id} acknowledged"));
            return;
        }

        // LIST_SUBSCRIPTIONS and property replies carry a result; only a null result acknowledges a (un)subscribe.
        if (f.Has(BinanceFields.ResultIsNull))
            _sink.OnEvent(new FeedEvent(FeedEventKind.Subscribed, ExchangeId.Binance, null, now, 0, $"request id {f.RequestId} acknowledged"));
    }

    private void OnError(long receiveMicros)
    {
        var f = _frame;
        var now = receiveMicros >= 0 ? receiveMicros : FeedClock.NowMicros(_time);
        var detail = $"code {f.ErrorCode}: {f.ErrorMessage}";
        if (f.Has(BinanceFields.RequestId) && _requests is not null && _requests.TryTake(f.RequestId, out var request) && request is not null)
        {
            foreach (var stream in request.Streams)
                _sink.OnEvent(new FeedEvent(FeedEventKind.ExchangeError, ExchangeId.Binance, stream, now, 0, $"{request.Method} id {request.Id} refused, {detail}"));
            return;
        }

        var id = f.Has(BinanceFields.RequestId) ? $"request id {f.RequestId}" : "a request";
        _sink.OnEvent(new FeedEvent(FeedEventKind.ExchangeError, ExchangeId.Binance, null, now, 0, $"{id} refused, {detail}"));
    }

    private void ReportGap(StreamKey stream, long timeMicros, long durationMicros, string detail)
    {
        Gaps++;
        _sink.OnEvent(new FeedEvent(FeedEventKind.GapDetected, ExchangeId.Binance, stream, timeMicros, durationMicros, detail));
    }

    /// <summary>Counts a frame that is skipped; <paramref name="frame"/> is quoted when the reason is about its text.</summary>
    private void ReportMalformed(ReadOnlySpan<byte> frame, long receiveMicros, StreamKey? stream, string reason)
    {
        MalformedFrames++;
        var time = receiveMicros >= 0 ? receiveMicros
            : _frame.Has(BinanceFields.EventTime) ? FeedClock.FromMillis(_frame.EventTimeMillis)
            : FeedClock.NowMicros(_time);
        var detail = frame.IsEmpty ? reason : $"{reason}: {Sample(frame)}";
        _sink.OnEvent(new FeedEvent(FeedEventKind.MalformedFrame, ExchangeId.Binance, stream, time, 0, detail));
    }

    private static string Sample(ReadOnlySpan<byte> frame)
    {
        var text = Encoding.UTF8.GetString(frame[..Math.Min(frame.Length, SampleLength * 4)]);
        return text.Length <= SampleLength ? text : string.Concat(text.AsSpan(0, SampleLength), "…");
    }
}
