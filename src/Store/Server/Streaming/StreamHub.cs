using System.Collections.Concurrent;
using Archiver.Store.Buckets;
using Microsoft.Extensions.Logging;

namespace Archiver.Store.Server.Streaming;

/// <summary>
/// Fans committed writes out to <c>/ws</c> subscribers as MarketStore's stream trigger does. After each write batch to
/// a bucket the latest record at or before the last written time is pushed once to every subscriber with a matching
/// pattern: at once for timeframes up to 1Min, and for longer timeframes when the candle closes
/// (<see cref="CandleShelf{T}.CandleEnd"/>, e.g. 12:05 for a 5Min write at 12:03), to the subscribers matching then. A
/// later write to the same candle replaces the waiting record; a write whose candle has already closed (historical
/// data) pushes nothing. Costs nothing for timeframes up to 1Min when nobody is subscribed to the bucket.
/// </summary>
/// <remarks>
/// For a longer timeframe the record is read when it is written if a subscriber wants the bucket then (the record as
/// MarketStore pushes it); otherwise only the bucket and time wait, and the record is read when the candle closes and
/// someone wants it, so a busy store with no subscribers does no reads for the shelf. Disposing drops the waiting
/// candles: pending pushes are not sent on shutdown. Writes inside <see cref="StreamPushes.Suppress"/> (repairs of
/// stored history) are not pushed.
/// </remarks>
public sealed class StreamHub : IBucketWriteObserver, IDisposable
{
    private readonly ConcurrentDictionary<StreamSubscriber, byte> _subscribers = new();
    private readonly ILogger _logger;
    private readonly CandleShelf<ShelvedRecord> _shelf;

    /// <param name="logger">Where read failures and (at Debug) candle pushes are logged.</param>
    /// <param name="time">The clock that closes candles; <see cref="TimeProvider.System"/> by default.</param>
    public StreamHub(ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _shelf = new CandleShelf<ShelvedRecord>(PushClosedCandle, time ?? TimeProvider.System, logger);
    }

    public int SubscriberCount => _subscribers.Count;

    /// <summary>Candles of timeframes above 1Min waiting to close.</summary>
    public int WaitingCandles => _shelf.Count;

    public void Add(StreamSubscriber subscriber) => _subscribers.TryAdd(subscriber, 0);

    public void Remove(StreamSubscriber subscriber) => _subscribers.TryRemove(subscriber, out _);

    public void OnWritten(IBucketStore store, BucketWriteNotice notice)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.Rows == 0 || StreamPushes.Suppressed) return;
        var bucket = notice.Bucket.Key;
        if (bucket.Timeframe.Seconds > 60)
        {
            Shelve(store, bucket, notice.Last);
            return;
        }

        if (_subscribers.IsEmpty) return;
        var key = bucket.ToString();
        var targets = Targets(key);
        if (targets is null) return;
        var message = ReadLatest(store, bucket, key, notice.Last);
        if (message is null) return;
        foreach (var t in targets) t.Enqueue(message);
    }

    /// <summary>Drops the candles waiting to close (they are never pushed) and stops the shelf's timer.</summary>
    public void Dispose() => _shelf.Dispose();

    private void Shelve(IBucketStore store, BucketKey bucket, StoreTime last)
    {
        var deadline = CandleShelf<ShelvedRecord>.CandleEnd(bucket.Timeframe, last.Seconds);
        if (!_shelf.Accepts(deadline)) return;
        byte[]? message = null;
        if (!_subscribers.IsEmpty)
        {
            var key = bucket.ToString();
            if (Targets(key) is not null)
            {
                message = ReadLatest(store, bucket, key, last);
                if (message is null) return;
            }
        }

        _shelf.Put(bucket, deadline, new ShelvedRecord(store, last, message));
    }

    /// <summary>The shelf's release: the candle closed; push it to whoever is subscribed now.</summary>
    private void PushClosedCandle(BucketKey bucket, long deadline, ShelvedRecord record)
    {
        if (_subscribers.IsEmpty) return;
        var key = bucket.ToString();
        var targets = Targets(key);
        if (targets is null) return;
        var message = record.Message ?? ReadLatest(record.Store, bucket, key, record.Last);
        if (message is null) return;
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.LogDebug("ws: the {Key} candle closed at {Deadline}; pushing it to {Count} subscribers",
                key, DateTimeOffset.FromUnixTimeSeconds(deadline), targets.Count);
        }

        foreach (var t in targets) t.Enqueue(message);
    }

    private List<StreamSubscriber>? Targets(string key)
    {
        List<StreamSubscriber>? targets = null;
        foreach (var s in _subscribers.Keys)
        {
            if (s.Wants(key)) (targets ??= []).Add(s);
        }

        return targets;
    }

    /// <summary>The push message for the latest record at or before <paramref name="last"/>, or null when there is none or it cannot be read.</summary>
    private byte[]? ReadLatest(IBucketStore store, BucketKey bucket, string key, StoreTime last)
    {
        try
        {
            var latest = store.Read(bucket, new ReadRequest { End = last, Limit = 1 });
            return latest.RowCount == 0 ? null : StreamMessages.Push(key, latest, latest.RowCount - 1);
        }
        catch (StoreException e)
        {
            _logger.LogWarning("ws: cannot read the latest record of {Key} to push it: {Error}", key, e.Message);
            return null;
        }
        catch (ObjectDisposedException)
        {
            // The store closed while a candle was closing (shutdown): nothing to push.
            return null;
        }
    }

    /// <summary>What waits on the shelf: the store and last written time, and the push already read when someone wanted it.</summary>
    private readonly record struct ShelvedRecord(IBucketStore Store, StoreTime Last, byte[]? Message);
}
