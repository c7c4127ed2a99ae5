using Archiver.Cli.Journal;
using Archiver.Feeds.Model;

namespace Archiver.Cli.Archiving;

/// <summary>
/// The feeds' sink in the service: every record goes to the journal of its hour, made durable by the journal's group
/// commit at least every <see cref="ArchiveOptions.CommitInterval"/>; counters feed the statistics line.
/// </summary>
public sealed class ArchiveRecorder : IArchiveRecorder
{
    private readonly JournalStore _journal;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _commitLoop;

    public ArchiveRecorder(ArchiveOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _journal = new JournalStore(options.JournalDirectory, (exchange, records) => Statistics.For(exchange).Committed(records), time);
        _commitLoop = Task.Run(() => _journal.RunCommitLoopAsync(options.CommitInterval, _stop.Token));
    }

    /// <summary>The journal the records go to (the hour closer reads it).</summary>
    public JournalStore Journal => _journal;

    public ArchiveStatistics Statistics { get; } = new();

    public void OnTrade(in Trade trade)
    {
        var bytes = _journal.Append(trade.Exchange, trade);
        Statistics.For(trade.Exchange).AddTrade(trade.ReceiveTimeMicros - trade.ExchangeTimeMicros, bytes);
    }

    public void OnBook(BookSnapshot book)
    {
        var bytes = _journal.Append(book, book.Depth);
        Statistics.For(book.Exchange).AddBook(book.ReceiveTimeMicros - book.ExchangeTimeMicros, bytes);
    }

    public void OnEvent(FeedEvent feedEvent) => Statistics.For(feedEvent.Exchange).AddEvent();

    public Task FlushAsync(CancellationToken cancellationToken) => _journal.FlushAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _commitLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _journal.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        _journal.Dispose();
        _stop.Dispose();
    }
}
