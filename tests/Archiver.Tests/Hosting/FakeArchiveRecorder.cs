using Archiver.Cli.Archiving;
using Archiver.Feeds.Model;

namespace Archiver.Tests.Hosting;

/// <summary>Counts what the feeds deliver, like the real recorder fills <see cref="Statistics"/>, and records flush/dispose order.</summary>
internal sealed class FakeArchiveRecorder : IArchiveRecorder
{
    private readonly Lock _gate = new();
    private readonly HashSet<(ExchangeId, bool Book)> _seen = [];
    private readonly List<string> _calls = [];
    private readonly TaskCompletionSource _everyExchangeRecorded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _flushes;
    private int _disposals;
    private int _recordsAfterFlush;
    private volatile bool _flushed;

    public ArchiveStatistics Statistics { get; } = new();

    /// <summary>Completes once a trade and a book arrived from each of binance, bybit and hyperliquid.</summary>
    public Task EveryExchangeRecorded => _everyExchangeRecorded.Task;

    public int Flushes => Volatile.Read(ref _flushes);

    public int Disposals => Volatile.Read(ref _disposals);

    public int RecordsAfterFlush => Volatile.Read(ref _recordsAfterFlush);

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_gate) return [.. _calls];
        }
    }

    public void OnTrade(in Trade trade)
    {
        Seen(trade.Exchange, book: false);
        Statistics.For(trade.Exchange).AddTrade(trade.ReceiveTimeMicros - trade.ExchangeTimeMicros, 64);
    }

    public void OnBook(BookSnapshot book)
    {
        Seen(book.Exchange, book: true);
        Statistics.For(book.Exchange).AddBook(book.ReceiveTimeMicros - book.ExchangeTimeMicros, 640);
    }

    public void OnEvent(FeedEvent feedEvent)
    {
        if (_flushed) Interlocked.Increment(ref _recordsAfterFlush);
    }

    public Task FlushAsync(CancellationToken cancellationToken)
    {
        _flushed = true;
        Interlocked.Increment(ref _flushes);
        lock (_gate) _calls.Add("flush");
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Interlocked.Increment(ref _disposals);
        lock (_gate) _calls.Add("dispose");
        return ValueTask.CompletedTask;
    }

    private void Seen(ExchangeId exchange, bool book)
    {
        if (_flushed) Interlocked.Increment(ref _recordsAfterFlush);
        lock (_gate)
        {
            if (_seen.Add((exchange, book)) && _seen.Count == 6) _everyExchangeRecorded.TrySetResult();
        }
    }
}
