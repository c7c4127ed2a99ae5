using Archiver.Store.Buckets;
using Archiver.Store.Server.Streaming;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archiver.Store.Tests.Server;

/// <summary>
/// <see cref="CandleShelf{T}"/> on a manual clock: values wait for their candle to close, one release per bucket and
/// candle with the latest value, each candle at its own deadline, nothing for closed candles or after disposal.
/// </summary>
public sealed class CandleShelfTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 12, 2, 30, TimeSpan.Zero);
    private static readonly BucketKey Btc5Min = new("BTC", "5Min", "OHLCV");
    private static readonly BucketKey Eth5Min = new("ETH", "5Min", "OHLCV");

    private static long At(int hour, int minute, int day = 1) => new DateTimeOffset(2026, 9, day, hour, minute, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    private sealed class Recorder
    {
        public List<(string Key, long Deadline, string Value, DateTimeOffset At)> Released { get; } = [];
    }

    private static (ManualTimeProvider Clock, CandleShelf<string> Shelf, Recorder Recorder) Create(Action<BucketKey>? before = null)
    {
        var clock = new ManualTimeProvider(Start);
        var recorder = new Recorder();
        var shelf = new CandleShelf<string>((key, deadline, value) =>
        {
            before?.Invoke(key);
            recorder.Released.Add((key.ToString(), deadline, value, clock.GetUtcNow()));
        }, clock, NullLogger.Instance);
        return (clock, shelf, recorder);
    }

    [Theory]
    [InlineData("5Min", "2026-09-01T12:03:20Z", "2026-09-01T12:05:00Z")]
    [InlineData("5Min", "2026-09-01T12:05:00Z", "2026-09-01T12:10:00Z")]
    [InlineData("15Min", "2026-09-01T12:59:59Z", "2026-09-01T13:00:00Z")]
    [InlineData("1H", "2026-09-01T12:00:00Z", "2026-09-01T13:00:00Z")]
    [InlineData("4H", "2026-09-01T13:10:00Z", "2026-09-01T16:00:00Z")]
    [InlineData("1D", "2026-09-01T12:00:00Z", "2026-09-02T00:00:00Z")]
    [InlineData("1D", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z")]
    [InlineData("1W", "2026-09-03T08:00:00Z", "2026-09-07T00:00:00Z")]
    public void Candle_end_is_the_window_end_and_the_next_utc_midnight_for_days(string timeframe, string time, string end)
    {
        var t = DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        var expected = DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        Assert.Equal(expected, CandleShelf<string>.CandleEnd(Timeframe.ParseBucket(timeframe), t));
    }

    [Fact]
    public void Candle_end_of_a_month_is_the_first_of_the_next_month()
    {
        var t = new DateTimeOffset(2026, 12, 15, 10, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), CandleShelf<string>.CandleEnd(Timeframe.ParseQuery("1M"), t));
    }

    [Fact]
    public void A_value_waits_until_its_deadline_and_is_released_once_then()
    {
        var (clock, shelf, recorder) = Create();
        using var _ = shelf;
        Assert.True(shelf.Put(Btc5Min, At(12, 5), "a"));
        clock.AdvanceTo(Start.AddSeconds(149));
        Assert.Empty(recorder.Released);
        Assert.Equal(1, shelf.Count);

        clock.Advance(TimeSpan.FromSeconds(1));
        var released = Assert.Single(recorder.Released);
        Assert.Equal(("BTC/5Min/OHLCV", At(12, 5), "a", new DateTimeOffset(2026, 9, 1, 12, 5, 0, TimeSpan.Zero)), released);
        Assert.Equal(0, shelf.Count);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Single(recorder.Released);
    }

    [Fact]
    public void A_newer_value_for_the_same_bucket_and_deadline_replaces_the_waiting_one()
    {
        var (clock, shelf, recorder) = Create();
        using var _ = shelf;
        Assert.True(shelf.Put(Btc5Min, At(12, 5), "first"));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(shelf.Put(Btc5Min, At(12, 5), "second"));
        Assert.Equal(1, shelf.Count);
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal([("BTC/5Min/OHLCV", At(12, 5), "second")], recorder.Released.Select(r => (r.Key, r.Deadline, r.Value)));
    }

    [Fact]
    public void A_value_for_another_deadline_does_not_cancel_the_earlier_one_and_each_fires_at_its_own_deadline()
    {
        var (clock, shelf, recorder) = Create();
        using var _ = shelf;
        Assert.True(shelf.Put(Btc5Min, At(12, 5), "12:00 candle"));
        Assert.True(shelf.Put(Btc5Min, At(12, 10), "12:05 candle"));
        Assert.True(shelf.Put(Eth5Min, At(12, 5), "eth"));
        Assert.Equal(3, shelf.Count);

        clock.AdvanceTo(new DateTimeOffset(2026, 9, 1, 12, 7, 0, TimeSpan.Zero));
        Assert.Equal(["12:00 candle", "eth"], recorder.Released.Select(r => r.Value).Order());
        Assert.All(recorder.Released, r => Assert.Equal(At(12, 5), r.At.ToUnixTimeSeconds()));

        clock.AdvanceTo(new DateTimeOffset(2026, 9, 1, 12, 30, 0, TimeSpan.Zero));
        Assert.Equal(3, recorder.Released.Count);
        Assert.Equal(("12:05 candle", At(12, 10)), (recorder.Released[2].Value, recorder.Released[2].At.ToUnixTimeSeconds()));
    }

    [Fact]
    public void A_deadline_that_is_not_after_now_is_refused_and_never_released()
    {
        var (clock, shelf, recorder) = Create();
        using var _ = shelf;
        var now = Start.ToUnixTimeSeconds();
        Assert.False(shelf.Accepts(now));
        Assert.False(shelf.Put(Btc5Min, now, "now"));
        Assert.False(shelf.Put(Btc5Min, At(12, 0), "closed"));
        Assert.True(shelf.Accepts(now + 1));
        Assert.Equal(0, shelf.Count);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Empty(recorder.Released);
    }

    [Fact]
    public void A_daily_candle_is_released_at_the_next_utc_midnight_even_beyond_one_timer_wait()
    {
        var (clock, shelf, recorder) = Create();
        using var _ = shelf;
        var day = new BucketKey("BTC", "1D", "OHLCV");
        var deadline = CandleShelf<string>.CandleEnd(day.Timeframe, Start.ToUnixTimeSeconds());
        Assert.True(shelf.Put(day, deadline, "day"));
        clock.AdvanceTo(new DateTimeOffset(2026, 9, 1, 23, 59, 59, TimeSpan.Zero));
        Assert.Empty(recorder.Released);
        clock.Advance(TimeSpan.FromSeconds(1));
        var released = Assert.Single(recorder.Released);
        Assert.Equal(new DateTimeOffset(2026, 9, 2, 0, 0, 0, TimeSpan.Zero), released.At);
    }

    [Fact]
    public void A_failing_release_is_logged_and_the_other_candles_still_release()
    {
        var (clock, shelf, recorder) = Create(key => { if (key.Symbol == "BTC") throw new InvalidOperationException("boom"); });
        using var _ = shelf;
        shelf.Put(Btc5Min, At(12, 5), "btc");
        shelf.Put(Eth5Min, At(12, 5), "eth");
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(["eth"], recorder.Released.Select(r => r.Value));
        Assert.Equal(0, shelf.Count);
    }

    [Fact]
    public void Dispose_drops_waiting_values_stops_the_timer_and_refuses_new_ones()
    {
        var (clock, shelf, recorder) = Create();
        shelf.Put(Btc5Min, At(12, 5), "a");
        Assert.Equal(1, clock.ArmedTimers);
        shelf.Dispose();
        Assert.Equal(0, clock.ArmedTimers);
        Assert.Equal(0, shelf.Count);
        Assert.False(shelf.Put(Btc5Min, At(12, 10), "b"));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Empty(recorder.Released);
    }
}
