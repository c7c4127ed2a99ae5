using Archiver.Cli.Archiving;
using Archiver.Feeds.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Archiver.Cli.Hosting;

/// <summary>Logs one statistics line per exchange every <see cref="ArchiveOptions.StatisticsInterval"/>.</summary>
internal sealed class StatisticsHostedService(ArchiveOptions options, IArchiveRecorder recorder, TimeProvider time, ILogger<StatisticsHostedService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var exchanges = new List<ExchangeId>();
        foreach (var exchange in options.Exchanges)
        {
            if (ArchiveFeedOptions.TryParseExchange(exchange.Name, out var id)) exchanges.Add(id);
        }

        var reporter = new StatisticsReporter(exchanges, recorder.Statistics, time);
        using var timer = new PeriodicTimer(options.StatisticsInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var s in reporter.Sample())
                {
                    ArchiverLog.ExchangeStatistics(logger, s.Exchange.ToString().ToLowerInvariant(), s.TradesPerSecond, s.BooksPerSecond, s.LastLagMs,
                        s.PendingRecords, s.JournalMegabytes, s.Events);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
