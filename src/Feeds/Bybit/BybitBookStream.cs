using System.Globalization;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Bybit;

/// <summary>
/// One symbol's <c>orderbook.50</c> stream: the local book, its <c>u</c> chain and status, and the reused depth-N
/// snapshot it emits after every applied message. Gaps and crossed books invalidate the book until a fresh snapshot,
/// with one resubscribe request per episode.
/// </summary>
internal sealed class BybitBookStream
{
    private readonly BybitOrderBook _book = new();
    private readonly BookSnapshot _snapshot;
    private readonly IFeedSink _sink;
    private readonly IFeedControl _control;
    private readonly BybitCounters _counters;
    private BybitBookStatus _status = BybitBookStatus.AwaitingSnapshot;
    private BookFlags _pendingFlags = BookFlags.FirstAfterSync;
    private long? _lastUpdateId;
    private bool _resubscribeRequested;
    private long _invalidSinceMicros = -1;

    public BybitBookStream(StreamKey key, int depth, IFeedSink sink, IFeedControl control, BybitCounters counters)
    {
        Key = key;
        _snapshot = new BookSnapshot(ExchangeId.Bybit, key.Symbol, depth);
        _sink = sink;
        _control = control;
        _counters = counters;
    }

    public StreamKey Key { get; }

    public BybitBookStatus Status => _status;

    /// <summary>
    /// The connection is open (again): the exchange sends a snapshot for the subscription, so wait for it. After a
    /// reconnect the outage is a gap, reported with its interval and flagged on the first row.
    /// </summary>
    public void OnConnected(long timeMicros, bool isReconnect, long disconnectedMicros)
    {
        _status = BybitBookStatus.AwaitingSnapshot;
        _resubscribeRequested = false;
        _pendingFlags = BookFlags.FirstAfterSync;
        if (!isReconnect) return;
        _pendingFlags |= BookFlags.GapBefore;
        var since = disconnectedMicros >= 0 ? disconnectedMicros : timeMicros;
        _invalidSinceMicros = since;
        _counters.Gaps++;
        _sink.OnEvent(new FeedEvent(FeedEventKind.GapDetected, ExchangeId.Bybit, Key, timeMicros, timeMicros - since,
            $"reconnected; book updates since the disconnect are lost (last u={Format(_lastUpdateId)}); waiting for a snapshot"));
    }

    public void OnDisconnected() => _status = BybitBookStatus.AwaitingSnapshot;

    /// <summary>Applies a validated book message (topic, type, ts and u present) received at <paramref name="receiveMicros"/>.</summary>
    public void Apply(BybitMessage message, long receiveMicros)
    {
        if (message.Type == BybitMessageType.Snapshot) ApplySnapshot(message, receiveMicros);
        else ApplyDelta(message, receiveMicros);
    }

    private void ApplySnapshot(BybitMessage message, long receiveMicros)
    {
        var updateId = message.UpdateId!.Value;
        var flags = BookFlags.FromSnapshot | _pendingFlags;
        var restartMidStream = updateId == 1 && _status == BybitBookStatus.Synced;
        if (updateId == 1) flags |= BookFlags.ExchangeRestart;

        _book.Clear();
        var levelsDropped = LoadLevels(message);
        if (levelsDropped > 0) _counters.Anomalies++;
        if (_book.IsCrossed)
        {
            _counters.Anomalies++;
            Invalidate(receiveMicros, $"crossed snapshot u={updateId} ({_book.BidPrice(0).ToString(CultureInfo.InvariantCulture)} ≥ {_book.AskPrice(0).ToString(CultureInfo.InvariantCulture)})");
            return;
        }

        if ((_pendingFlags & BookFlags.GapBefore) != 0 || restartMidStream)
        {
            var since = _invalidSinceMicros >= 0 ? _invalidSinceMicros : receiveMicros;
            var detail = restartMidStream
                ? $"exchange restarted its update ids: snapshot u=1 after u={Format(_lastUpdateId)}"
                : $"book rebuilt from snapshot u={updateId}";
            _sink.OnEvent(new FeedEvent(FeedEventKind.Resynced, ExchangeId.Bybit, Key, receiveMicros,
                restartMidStream ? 0 : receiveMicros - since, detail));
        }

        _status = BybitBookStatus.Synced;
        _resubscribeRequested = false;
        _invalidSinceMicros = -1;
        _pendingFlags = BookFlags.None;
        Emit(message, receiveMicros, flags);
    }

    private void ApplyDelta(BybitMessage message, long receiveMicros)
    {
        if (_status != BybitBookStatus.Synced)
        {
            _counters.IgnoredDeltas++;
            return;
        }

        var updateId = message.UpdateId!.Value;
        var expected = _lastUpdateId!.Value + 1;
        if (updateId != expected)
        {
            _counters.Gaps++;
            Invalidate(receiveMicros, $"update id gap: expected u={expected}, received u={updateId}");
            return;
        }

        var levelsDropped = LoadLevels(message);
        if (levelsDropped > 0) _counters.Anomalies++;
        if (_book.IsCrossed)
        {
            _counters.Anomalies++;
            Invalidate(receiveMicros, $"crossed book after u={updateId} ({_book.BidPrice(0).ToString(CultureInfo.InvariantCulture)} ≥ {_book.AskPrice(0).ToString(CultureInfo.InvariantCulture)}): updates were missed");
            return;
        }

        var flags = _pendingFlags;
        _pendingFlags = BookFlags.None;
        Emit(message, receiveMicros, flags);
    }

    /// <summary>Applies the message's levels, then trims to 50; returns the levels that did not fit.</summary>
    private int LoadLevels(BybitMessage message)
    {
        var dropped = 0;
        var prices = message.BidPrices;
        var sizes = message.BidSizes;
        for (var i = 0; i < prices.Length; i++)
        {
            if (!_book.UpdateBid(prices[i], sizes[i])) dropped++;
        }

        prices = message.AskPrices;
        sizes = message.AskSizes;
        for (var i = 0; i < prices.Length; i++)
        {
            if (!_book.UpdateAsk(prices[i], sizes[i])) dropped++;
        }

        return dropped + _book.Trim();
    }

    /// <summary>Marks the book invalid (a gap or a crossed book): report it, emit nothing until a snapshot, resubscribe once.</summary>
    private void Invalidate(long receiveMicros, string reason)
    {
        _status = BybitBookStatus.Invalid;
        _pendingFlags = BookFlags.FirstAfterSync | BookFlags.GapBefore;
        if (_invalidSinceMicros < 0) _invalidSinceMicros = receiveMicros;
        _sink.OnEvent(new FeedEvent(FeedEventKind.GapDetected, ExchangeId.Bybit, Key, receiveMicros, 0, reason + "; resubscribing"));
        if (_resubscribeRequested) return;
        _resubscribeRequested = true;
        _counters.Resubscribes++;
        _control.Resubscribe(Key, reason);
    }

    private void Emit(BybitMessage message, long receiveMicros, BookFlags flags)
    {
        var snapshot = _snapshot;
        snapshot.Clear();
        snapshot.ExchangeTimeMicros = FeedClock.FromMillis(message.Ts!.Value);
        snapshot.TransactionTimeMicros = message.Cts is { } cts ? FeedClock.FromMillis(cts) : null;
        snapshot.ReceiveTimeMicros = receiveMicros;
        snapshot.UpdateId = message.UpdateId;
        snapshot.PreviousUpdateId = _lastUpdateId;
        snapshot.Sequence = message.Sequence;
        snapshot.Flags = flags;
        _book.CopyTop(snapshot);
        _lastUpdateId = message.UpdateId;
        _sink.OnBook(snapshot);
    }

    private static string Format(long? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "none";
}
