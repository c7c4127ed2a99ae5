using System.Collections.Concurrent;
using Archiver.Store.Buckets;
using Microsoft.Extensions.Logging;

namespace Archiver.Store.Server.Streaming;

/// <summary>
/// Fans committed writes out to <c>/ws</c> subscribers: after each write batch to a bucket, the latest record at or
/// before the last written time is pushed once to every subscriber with a matching pattern. Costs nothing when nobody
/// is subscribed to the bucket.
/// </summary>
public sealed class StreamHub : IBucketWriteObserver
{
    private readonly ConcurrentDictionary<StreamSubscriber, byte> _subscribers = new();
    private readonly ILogger _logger;

    public StreamHub(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    public int SubscriberCount => _subscribers.Count;

    public void Add(StreamSubscriber subscriber) => _subscribers.TryAdd(subscriber, 0);

    public void Remove(StreamSubscriber subscriber) => _subscribers.TryRemove(subscriber, out _);

    public void OnWritten(IBucketStore store, BucketWriteNotice notice)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(notice);
        if (_subscribers.IsEmpty || notice.Rows == 0) return;
        var key = notice.Bucket.Key.ToString();
        List<StreamSubscriber>? targets = null;
        foreach (var s in _subscribers.Keys)
        {
            if (s.Wants(key)) (targets ??= []).Add(s);
        }

        if (targets is null) return;
        try
        {
            var latest = store.Read(notice.Bucket.Key, new ReadRequest { End = notice.Last, Limit = 1 });
            if (latest.RowCount == 0) return;
            var message = StreamMessages.Push(key, latest, latest.RowCount - 1);
            foreach (var t in targets) t.Enqueue(message);
        }
        catch (StoreException e)
        {
            _logger.LogWarning("ws: cannot read the latest record of {Key} to push it: {Error}", key, e.Message);
        }
    }
}
