using System.Collections.Concurrent;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Binance;

/// <summary>
/// Request ids handed out by <see cref="BinanceProtocol"/> and what each request asked for, so a handler can say which
/// streams a <c>{"result":null,"id":N}</c> reply acknowledges. Ids increase across every connection of the protocol,
/// so a reply's id is unambiguous. Subscribing happens on the connector's thread, replies on a reader's thread.
/// </summary>
internal sealed class BinanceRequestLog
{
    /// <summary>Unanswered requests kept; beyond it a reply is reported for the connection only.</summary>
    public const int MaxPending = 4096;

    private readonly ConcurrentDictionary<long, BinanceRequest> _pending = new();
    private long _lastId;

    public BinanceRequest Register(string method, IReadOnlyList<StreamKey> streams)
    {
        var request = new BinanceRequest(Interlocked.Increment(ref _lastId), method, streams);
        if (_pending.Count < MaxPending) _pending[request.Id] = request;
        return request;
    }

    public bool TryTake(long id, out BinanceRequest? request) => _pending.TryRemove(id, out request);
}
