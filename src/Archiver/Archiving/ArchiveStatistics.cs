using System.Collections.Concurrent;
using Archiver.Feeds.Model;

namespace Archiver.Cli.Archiving;

/// <summary>Running counters per exchange for the periodic statistics line (throughput, lag, queue depth).</summary>
public sealed class ArchiveStatistics
{
    private readonly ConcurrentDictionary<ExchangeId, ExchangeCounters> _exchanges = new();

    /// <summary>The counters of <paramref name="exchange"/>.</summary>
    public ExchangeCounters For(ExchangeId exchange) => _exchanges.GetOrAdd(exchange, _ => new ExchangeCounters());

    /// <summary>Every exchange seen so far.</summary>
    public IReadOnlyCollection<KeyValuePair<ExchangeId, ExchangeCounters>> Exchanges => _exchanges.ToArray();

    /// <summary>Counters of one exchange, updated with Interlocked.</summary>
    public sealed class ExchangeCounters
    {
        private long _trades;
        private long _books;
        private long _events;
        private long _journalBytes;
        private long _lastLagMicros;
        private long _pendingRecords;

        public long Trades => Interlocked.Read(ref _trades);

        public long Books => Interlocked.Read(ref _books);

        public long Events => Interlocked.Read(ref _events);

        public long JournalBytes => Interlocked.Read(ref _journalBytes);

        /// <summary>Receive time minus exchange time of the last record (network + exchange delay).</summary>
        public long LastLagMicros => Interlocked.Read(ref _lastLagMicros);

        /// <summary>Records appended but not yet durable (the group-commit queue).</summary>
        public long PendingRecords => Interlocked.Read(ref _pendingRecords);

        public void AddTrade(long lagMicros, long bytes)
        {
            Interlocked.Increment(ref _trades);
            Interlocked.Add(ref _journalBytes, bytes);
            Interlocked.Exchange(ref _lastLagMicros, lagMicros);
            Interlocked.Increment(ref _pendingRecords);
        }

        public void AddBook(long lagMicros, long bytes)
        {
            Interlocked.Increment(ref _books);
            Interlocked.Add(ref _journalBytes, bytes);
            Interlocked.Exchange(ref _lastLagMicros, lagMicros);
            Interlocked.Increment(ref _pendingRecords);
        }

        public void AddEvent() => Interlocked.Increment(ref _events);

        public void Committed(long records) => Interlocked.Add(ref _pendingRecords, -records);
    }
}
