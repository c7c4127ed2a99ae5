using Archiver.Cli.Archiving;
using Archiver.Cli.Hosting;
using Archiver.Feeds.Model;

namespace Archiver.Tests.Hosting;

public sealed class StatisticsReporterTests
{
    [Fact]
    public void Rates_cover_the_time_since_the_previous_sample_on_the_injected_clock()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var statistics = new ArchiveStatistics();
        statistics.For(ExchangeId.Binance).AddTrade(1_000, 100); // recorded before the reporter: not in the first rate
        var reporter = new StatisticsReporter([ExchangeId.Binance, ExchangeId.Hyperliquid], statistics, time);

        var binance = statistics.For(ExchangeId.Binance);
        for (var i = 0; i < 30; i++) binance.AddTrade(2_500, 1024);
        for (var i = 0; i < 50; i++) binance.AddBook(3_500, 1024 * 1024 / 64);
        binance.Committed(20);
        binance.AddEvent();
        time.Advance(TimeSpan.FromSeconds(10));

        var first = reporter.Sample();
        Assert.Equal([ExchangeId.Binance, ExchangeId.Hyperliquid], first.Select(s => s.Exchange));
        var b = first[0];
        Assert.Equal(3.0, b.TradesPerSecond, 9);
        Assert.Equal(5.0, b.BooksPerSecond, 9);
        Assert.Equal(3.5, b.LastLagMs, 9);
        Assert.Equal(1 + 30 + 50 - 20, b.PendingRecords);
        Assert.Equal((100 + 30 * 1024 + 50 * (1024 * 1024 / 64)) / (1024.0 * 1024.0), b.JournalMegabytes, 9);
        Assert.Equal(1, b.Events);
        Assert.Equal(new ExchangeStatisticsSample(ExchangeId.Hyperliquid, 0, 0, 0, 0, 0, 0), first[1]);

        binance.AddTrade(1_000, 0);
        time.Advance(TimeSpan.FromSeconds(4));
        var second = reporter.Sample()[0];
        Assert.Equal(0.25, second.TradesPerSecond, 9);
        Assert.Equal(0, second.BooksPerSecond);
    }
}
