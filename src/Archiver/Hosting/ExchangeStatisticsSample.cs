using Archiver.Feeds.Model;

namespace Archiver.Cli.Hosting;

/// <summary>One exchange's statistics line: rates since the previous line, and the current lag, queue and journal size.</summary>
public sealed record ExchangeStatisticsSample(
    ExchangeId Exchange,
    double TradesPerSecond,
    double BooksPerSecond,
    double LastLagMs,
    long PendingRecords,
    double JournalMegabytes,
    long Events);
