using Archiver.Feeds.Connections;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Connections;

public sealed class StreamWatchdogTests : IAsyncDisposable
{
    private static readonly StreamKey BtcBook = new(ExchangeId.Binance, "BTCUSDT", StreamKind.Book);
    private static readonly StreamKey BtcTrades = new(ExchangeId.Binance, "BTCUSDT", StreamKind.Trades);

    private readonly FakeTimeProvider _time = new();
    private readonly RecordingControl _control = new();
    private readonly RecordingSink _events = new();
    private readonly StreamWatchdog _watchdog;
    private readonly IFeedSink _observed;
    private readonly BookSnapshot _book = new(ExchangeId.Binance, "BTCUSDT", 20);

    public StreamWatchdogTests()
    {
        var protocol = new FakeProtocol { BookStaleAfter = TimeSpan.FromSeconds(10), TradesStaleAfter = TimeSpan.FromSeconds(60) };
        var options = new FeedOptions { Exchange = ExchangeId.Binance, Symbols = ["BTCUSDT"] };
        _watchdog = new StreamWatchdog(protocol, options, [BtcBook, BtcTrades], _control, _events, _time);
        _observed = _watchdog.Observe(new RecordingSink());
    }

    public ValueTask DisposeAsync() => _watchdog.DisposeAsync();

    [Fact]
    public void A_silent_book_stream_is_reported_and_resubscribed_once_its_threshold_passes()
    {
        _watchdog.OnSubscribed([BtcBook]);
        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Equal(0, _control.Requests.Count);

        _time.Advance(TimeSpan.FromSeconds(0.1));

        var request = Assert.Single(_control.Requests.Snapshot());
        Assert.Equal(BtcBook, request.Stream);
        var stale = Assert.Single(_events.Of(FeedEventKind.StreamStale));
        Assert.Equal(BtcBook, stale.Stream);
        Assert.Equal(10_000_000, stale.DurationMicros);
        Assert.Contains("no book update for 10 s", stale.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_that_delivers_is_never_declared_stale()
    {
        _watchdog.OnSubscribed([BtcBook]);
        for (var second = 0; second < 120; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            Book(100, 101);
        }

        Assert.Equal(0, _control.Requests.Count);
        Assert.Empty(_events.Of(FeedEventKind.StreamStale));
    }

    [Fact]
    public void A_stream_that_stays_dead_is_resubscribed_with_doubling_waits_not_a_storm()
    {
        _watchdog.OnSubscribed([BtcBook]);
        var declaredAt = new List<double>();
        for (var second = 1; second <= 160; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            if (_control.Requests.Count <= declaredAt.Count) continue;
            declaredAt.Add(second);
            _watchdog.OnSubscribed([BtcBook]); // what the connection does once the resubscribe is sent
        }

        // 10 s, then 20 s, 40 s, 80 s of further silence.
        Assert.Equal([10, 30, 70, 150], declaredAt);
        Assert.Equal(4, _watchdog.StaleDeclarations);
    }

    [Fact]
    public void Data_after_a_resubscribe_resets_the_backoff()
    {
        _watchdog.OnSubscribed([BtcBook]);
        _time.Advance(TimeSpan.FromSeconds(10));
        _watchdog.OnSubscribed([BtcBook]);
        Book(100, 101);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(2, _control.Requests.Count);
    }

    [Fact]
    public void A_quiet_trade_stream_is_not_resubscribed_while_the_book_is_quiet_too()
    {
        _watchdog.OnSubscribed([BtcBook, BtcTrades]);
        _time.Advance(TimeSpan.FromSeconds(1));
        Trade();
        for (var second = 0; second < 600; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Book(100, 101); // sizes may change; the best prices do not: nobody is trading
        }

        Assert.Equal(0, _control.Requests.Count);
        Assert.Empty(_events.Of(FeedEventKind.StreamStale));
    }

    [Fact]
    public void A_silent_trade_stream_is_resubscribed_when_the_book_shows_the_market_moving()
    {
        _watchdog.OnSubscribed([BtcBook, BtcTrades]);
        _time.Advance(TimeSpan.FromSeconds(1));
        Trade();
        for (var second = 0; second < 61; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Book(100 + second, 101 + second);
        }

        var request = Assert.Single(_control.Requests.Snapshot());
        Assert.Equal(BtcTrades, request.Stream);
        Assert.Contains("best bid/ask moved", request.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trade_stream_acknowledged_but_never_served_is_resubscribed_even_in_a_quiet_market()
    {
        _watchdog.OnSubscribed([BtcBook, BtcTrades]);
        for (var second = 0; second < 60; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Book(100, 101);
        }

        var request = Assert.Single(_control.Requests.Snapshot());
        Assert.Equal(BtcTrades, request.Stream);
        Assert.Contains("acknowledged but silent", request.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Streams_of_a_lost_connection_are_not_watched_until_subscribed_again()
    {
        _watchdog.OnSubscribed([BtcBook, BtcTrades]);
        _time.Advance(TimeSpan.FromSeconds(5));
        _watchdog.Suspend([BtcBook, BtcTrades]);
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, _control.Requests.Count);

        _watchdog.OnSubscribed([BtcBook, BtcTrades]);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(BtcBook, Assert.Single(_control.Requests.Snapshot()).Stream);
    }

    private void Book(double bid, double ask)
    {
        _book.Clear();
        _book.ReceiveTimeMicros = FeedClock.NowMicros(_time);
        _book.BidCount = 1;
        _book.AskCount = 1;
        _book.BidPrices[0] = bid;
        _book.AskPrices[0] = ask;
        _book.BidSizes[0] = Random.Shared.Next(1, 100);
        _observed.OnBook(_book);
    }

    private void Trade()
    {
        var trade = new Trade { Exchange = ExchangeId.Binance, Symbol = "BTCUSDT", ReceiveTimeMicros = FeedClock.NowMicros(_time) };
        _observed.OnTrade(in trade);
    }
}
