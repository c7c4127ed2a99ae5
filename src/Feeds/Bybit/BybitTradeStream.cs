using Archiver.Feeds.Model;

namespace Archiver.Feeds.Bybit;

/// <summary>
/// One symbol's <c>publicTrade</c> stream: emits each trade of a message, drops ids it has seen recently (a resubscribe
/// may send them again) and flags the first trade after a (re)connect.
/// </summary>
internal sealed class BybitTradeStream
{
    /// <summary>Trade ids remembered per symbol for deduplication (a message carries at most 1024 trades).</summary>
    public const int RecentIdCapacity = 4096;

    private readonly RecentTradeIds _recent = new(RecentIdCapacity);
    private readonly IFeedSink _sink;
    private readonly BybitCounters _counters;
    private bool _firstAfterConnect = true;

    public BybitTradeStream(StreamKey key, IFeedSink sink, BybitCounters counters)
    {
        Key = key;
        _sink = sink;
        _counters = counters;
    }

    public StreamKey Key { get; }

    public void OnConnected(long timeMicros, bool isReconnect, long disconnectedMicros)
    {
        _firstAfterConnect = true;
        if (!isReconnect) return;
        var since = disconnectedMicros >= 0 ? disconnectedMicros : timeMicros;
        _counters.Gaps++;
        _sink.OnEvent(new FeedEvent(FeedEventKind.GapDetected, ExchangeId.Bybit, Key, timeMicros, timeMicros - since,
            "reconnected; trades during the disconnect are lost"));
    }

    /// <summary>Completes and emits the trades parsed from a message received at <paramref name="receiveMicros"/>.</summary>
    public void Emit(BybitMessage message, long receiveMicros)
    {
        var trades = message.Trades;
        for (var i = 0; i < trades.Length; i++)
        {
            ref var trade = ref trades[i];
            if (!_recent.Add(trade.Id.Utf8))
            {
                _counters.DuplicateTradesDropped++;
                continue;
            }

            trade.Symbol = Key.Symbol;
            trade.ReceiveTimeMicros = receiveMicros;
            trade.Flags = _firstAfterConnect ? TradeFlags.FirstAfterReconnect : TradeFlags.None;
            _firstAfterConnect = false;
            _sink.OnTrade(in trade);
        }
    }
}
