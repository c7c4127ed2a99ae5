using Archiver.Cli.Archiving;
using Archiver.Feeds.Model;

namespace Archiver.Cli.Hosting;

/// <summary>
/// Turns the running counters of <see cref="ArchiveStatistics"/> into per-exchange rates since the previous sample,
/// measuring elapsed time on <see cref="TimeProvider"/> (tests pass a fake).
/// </summary>
public sealed class StatisticsReporter
{
    private const double BytesPerMegabyte = 1024 * 1024;

    private readonly IReadOnlyList<ExchangeId> _exchanges;
    private readonly ArchiveStatistics _statistics;
    private readonly TimeProvider _time;
    private readonly Dictionary<ExchangeId, (long Trades, long Books)> _previous = [];
    private long _previousTimestamp;

    public StatisticsReporter(IReadOnlyList<ExchangeId> exchanges, ArchiveStatistics statistics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(exchanges);
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(time);
        _exchanges = exchanges;
        _statistics = statistics;
        _time = time;
        _previousTimestamp = time.GetTimestamp();
        foreach (var exchange in exchanges)
        {
            var counters = statistics.For(exchange);
            _previous[exchange] = (counters.Trades, counters.Books);
        }
    }

    /// <summary>One sample per configured exchange, in configuration order; rates cover the time since the last call.</summary>
    public IReadOnlyList<ExchangeStatisticsSample> Sample()
    {
        var now = _time.GetTimestamp();
        var seconds = _time.GetElapsedTime(_previousTimestamp, now).TotalSeconds;
        _previousTimestamp = now;
        var samples = new List<ExchangeStatisticsSample>(_exchanges.Count);
        foreach (var exchange in _exchanges)
        {
            var counters = _statistics.For(exchange);
            var trades = counters.Trades;
            var books = counters.Books;
            var (previousTrades, previousBooks) = _previous[exchange];
            _previous[exchange] = (trades, books);
            samples.Add(new ExchangeStatisticsSample(
                exchange,
                Rate(trades - previousTrades, seconds),
                Rate(books - previousBooks, seconds),
                counters.LastLagMicros / 1000.0,
                counters.PendingRecords,
                counters.JournalBytes / BytesPerMegabyte,
                counters.Events));
        }

        return samples;
    }

    private static double Rate(long count, double seconds) => seconds > 0 ? count / seconds : 0;
}
