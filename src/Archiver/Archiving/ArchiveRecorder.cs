using Archiver.Cli.Journal;
using Archiver.Feeds.Model;

namespace Archiver.Cli.Archiving;

/// <summary>
/// The feeds' sink in the service: every record goes to the journal of its hour, made durable by the journal's group
/// commit at least every <see cref="ArchiveOptions.CommitInterval"/>; counters feed the statistics line. When the journal
/// cannot be written (a full disk, a vanished directory) records can no longer be made durable: the recorder reports
/// one fatal failure (the service then stops with that message and a non-zero exit) instead of letting a feed treat it
/// as a bad frame; what was already durable stays in the journal for the next start.
/// </summary>
public sealed class ArchiveRecorder : IArchiveRecorder
{
    private readonly JournalStore _journal;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _commitLoop;
    private readonly Action<Exception>? _onFatal;
    private Exception? _fatal;

    public ArchiveRecorder(ArchiveOptions options, TimeProvider? time = null, Action<Exception>? onFatal = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _onFatal = onFatal;
        _journal = new JournalStore(options.JournalDirectory, (exchange, records) => Statistics.For(exchange).Committed(records), time);
        _commitLoop = Task.Run(() => _journal.RunCommitLoopAsync(options.CommitInterval, _stop.Token));
        _commitLoop.ContinueWith(t => Fail(t.Exception!.GetBaseException()), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    /// <summary>The journal failure that stopped recording, or null.</summary>
    public Exception? Fatal => Volatile.Read(ref _fatal);

    private void Fail(Exception cause)
    {
        var failure = new IOException($"the journal cannot be written ({cause.Message}); records can no longer be made durable", cause);
        if (Interlocked.CompareExchange(ref _fatal, failure, null) is null) _onFatal?.Invoke(failure);
    }

    /// <summary>The journal the records go to (the hour closer reads it).</summary>
    public JournalStore Journal => _journal;

    public ArchiveStatistics Statistics { get; } = new();

    public void OnTrade(in Trade trade)
    {
        if (_fatal is not null) return;
        try
        {
            var bytes = _journal.Append(trade.Exchange, trade);
            Statistics.For(trade.Exchange).AddTrade(trade.ReceiveTimeMicros - trade.ExchangeTimeMicros, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(e);
        }
    }

    public void OnBook(BookSnapshot book)
    {
        if (_fatal is not null) return;
        try
        {
            var bytes = _journal.Append(book, book.Depth);
            Statistics.For(book.Exchange).AddBook(book.ReceiveTimeMicros - book.ExchangeTimeMicros, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(e);
        }
    }

    public void OnEvent(FeedEvent feedEvent) => Statistics.For(feedEvent.Exchange).AddEvent();

    public Task FlushAsync(CancellationToken cancellationToken) => _journal.FlushAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _commitLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            await _journal.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            _journal.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(e); // already reported when it first failed; what was durable before stays durable
        }
        _stop.Dispose();
    }
}
