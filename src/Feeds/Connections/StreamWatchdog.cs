using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archiver.Feeds.Connections;

/// <summary>
/// Per-stream liveness: a subscribed stream that stays silent longer than its threshold is reported
/// (<see cref="FeedEventKind.StreamStale"/>) and resubscribed, while the socket may well be alive (a subscription
/// acknowledged and then never served). Each further declaration for a stream that still sends nothing waits twice as
/// long, so a dead stream does not cause a resubscribe storm.
/// <para>
/// Trades are judged with care, since a quiet market trades rarely: a trade stream is declared stale only when it has
/// produced nothing at all since it was subscribed (acknowledged but silent), or when the same symbol's book shows the
/// market is active — its best bid or ask price changed at least <see cref="ActiveMarketQuoteChanges"/> times since
/// the last trade. Without a book stream for the symbol, only the first rule applies.
/// </para>
/// Records are observed through the sink returned by <see cref="Observe"/>; each stream has one timer (from the
/// <see cref="TimeProvider"/>) that fires when its threshold could have passed, so nothing polls.
/// </summary>
public sealed class StreamWatchdog : IAsyncDisposable
{
    /// <summary>Best bid/ask price changes during a trade stream's silence that prove the market is active.</summary>
    public const int ActiveMarketQuoteChanges = 3;

    /// <summary>Consecutive stale declarations stop doubling the wait here (32 × the threshold).</summary>
    public const int MaxBackoffExponent = 5;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SymbolStreams> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<StreamKey, WatchedStream> _streams = [];
    private readonly IFeedControl _control;
    private readonly IFeedSink _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ExchangeId _exchange;
    private string? _lastSymbol;
    private SymbolStreams? _lastEntry;
    private long _staleDeclarations;
    private bool _disposed;

    /// <param name="protocol">Gives the default thresholds.</param>
    /// <param name="options">May override the thresholds.</param>
    /// <param name="streams">The streams to watch.</param>
    /// <param name="control">Resubscribes a stale stream.</param>
    /// <param name="events">Receives <see cref="FeedEventKind.StreamStale"/> events (from a timer thread).</param>
    /// <param name="time">The clock and the timers.</param>
    /// <param name="logger">Where stale streams are logged.</param>
    public StreamWatchdog(
        IExchangeProtocol protocol,
        FeedOptions options,
        IReadOnlyList<StreamKey> streams,
        IFeedControl control,
        IFeedSink events,
        TimeProvider time,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(time);
        _exchange = protocol.Exchange;
        _control = control;
        _events = events;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        foreach (var key in streams)
        {
            var threshold = options.StaleAfter(protocol, key.Kind);
            if (threshold <= TimeSpan.Zero) throw new ArgumentException($"The staleness threshold of {key} is {threshold}.", nameof(protocol));
            if (!_symbols.TryGetValue(key.Symbol, out var entry)) _symbols.Add(key.Symbol, entry = new SymbolStreams());
            var stream = new WatchedStream(key, threshold, entry);
            if (!_streams.TryAdd(key, stream)) throw new ArgumentException($"{key} is listed twice.", nameof(streams));
            if (key.Kind == StreamKind.Book) entry.Book = stream;
            else entry.Trades = stream;
            stream.Timer = time.CreateTimer(state => Check((WatchedStream)state!), stream, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Streams declared stale since the watchdog was created.</summary>
    public long StaleDeclarations => Interlocked.Read(ref _staleDeclarations);

    /// <summary>A sink that notes each record's stream as alive, then passes it to <paramref name="inner"/>.</summary>
    public IFeedSink Observe(IFeedSink inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new WatchdogSink(this, inner);
    }

    /// <summary>The streams were (re)subscribed now: their silence is measured from here.</summary>
    public void OnSubscribed(IReadOnlyList<StreamKey> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var now = FeedClock.NowMicros(_time);
        lock (_gate)
        {
            if (_disposed) return;
            foreach (var key in streams)
            {
                if (!_streams.TryGetValue(key, out var stream)) continue;
                stream.Subscribed = true;
                stream.SubscribedAtMicros = now;
                if (stream.Entry.Book is { } book && stream != book) stream.BookChangesAtWindowStart = Volatile.Read(ref book.QuoteChanges);
                Schedule(stream, Backoff(stream));
            }
        }
    }

    /// <summary>The streams are not subscribed (their connection was lost): they are not watched until subscribed again.</summary>
    public void Suspend(IReadOnlyList<StreamKey> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        lock (_gate)
        {
            if (_disposed) return;
            foreach (var key in streams)
            {
                if (!_streams.TryGetValue(key, out var stream)) continue;
                stream.Subscribed = false;
                Schedule(stream, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }

        foreach (var stream in _streams.Values) await stream.Timer!.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A trade of <paramref name="symbol"/> arrived (called by the handler's thread, one at a time).</summary>
    internal void OnTrade(string symbol, long receiveMicros)
    {
        if (Find(symbol)?.Trades is not { } stream) return;
        Volatile.Write(ref stream.LastRecordMicros, receiveMicros > 0 ? receiveMicros : FeedClock.NowMicros(_time));
        if (Volatile.Read(ref stream.StaleCount) != 0) Revive(stream);
        if (stream.Entry.Book is { } book) Volatile.Write(ref stream.BookChangesAtWindowStart, Volatile.Read(ref book.QuoteChanges));
    }

    /// <summary>A book snapshot arrived (called by the handler's thread, one at a time).</summary>
    internal void OnBook(BookSnapshot book)
    {
        if (Find(book.Symbol)?.Book is not { } stream) return;
        Volatile.Write(ref stream.LastRecordMicros, book.ReceiveTimeMicros > 0 ? book.ReceiveTimeMicros : FeedClock.NowMicros(_time));
        if (Volatile.Read(ref stream.StaleCount) != 0) Revive(stream);
        var bid = book.BidCount > 0 ? book.BidPrices[0] : double.NaN;
        var ask = book.AskCount > 0 ? book.AskPrices[0] : double.NaN;
        if (bid.Equals(stream.BestBid) && ask.Equals(stream.BestAsk)) return;
        stream.BestBid = bid;
        stream.BestAsk = ask;
        Interlocked.Increment(ref stream.QuoteChanges);
    }

    /// <summary>A stream declared stale delivers again: its backoff ends, and its next look is one threshold away.</summary>
    private void Revive(WatchedStream stream)
    {
        lock (_gate)
        {
            Volatile.Write(ref stream.StaleCount, 0);
            if (!_disposed && stream.Subscribed) Schedule(stream, stream.Threshold);
        }
    }

    private SymbolStreams? Find(string symbol)
    {
        if (ReferenceEquals(symbol, _lastSymbol)) return _lastEntry;
        _symbols.TryGetValue(symbol, out var entry);
        _lastSymbol = symbol;
        _lastEntry = entry;
        return entry;
    }

    /// <summary>The stream's timer fired: declare it stale, or schedule the next look.</summary>
    private void Check(WatchedStream stream)
    {
        FeedEvent staleEvent;
        string reason;
        lock (_gate)
        {
            if (_disposed || !stream.Subscribed) return;
            var now = FeedClock.NowMicros(_time);
            var last = Volatile.Read(ref stream.LastRecordMicros);
            var silent = TimeSpan.FromMicroseconds(now - Math.Max(last, stream.SubscribedAtMicros));
            var wait = Backoff(stream);
            if (silent < wait)
            {
                Schedule(stream, wait - silent);
                return;
            }

            if (Judge(stream, last, silent) is not { } verdict)
            {
                // A quiet market, not a dead stream: look again after another threshold of silence.
                Schedule(stream, stream.Threshold);
                return;
            }

            reason = verdict;
            stream.StaleCount++;
            _staleDeclarations++;
            // Normally the resubscribe reschedules the stream; this covers a resubscribe that cannot be sent yet.
            Schedule(stream, Backoff(stream));
            staleEvent = new FeedEvent(FeedEventKind.StreamStale, _exchange, stream.Key, now, (long)silent.TotalMicroseconds, reason);
        }

        ConnectionLog.StreamStale(_logger, stream.Key.ToString(), reason);
        _events.OnEvent(staleEvent);
        _control.Resubscribe(stream.Key, reason);
    }

    /// <summary>Why a stream silent for <paramref name="silent"/> is dead, or null when it may just be quiet.</summary>
    private static string? Judge(WatchedStream stream, long lastRecordMicros, TimeSpan silent)
    {
        var seconds = silent.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        if (stream.Key.Kind == StreamKind.Book) return $"no book update for {seconds} s";
        if (lastRecordMicros < stream.SubscribedAtMicros) return $"no trade in the {seconds} s since subscribing (acknowledged but silent)";
        if (stream.Entry.Book is not { Subscribed: true } book) return null;
        var changes = Volatile.Read(ref book.QuoteChanges) - Volatile.Read(ref stream.BookChangesAtWindowStart);
        return changes >= ActiveMarketQuoteChanges ? $"no trade for {seconds} s while the best bid/ask moved {changes} times" : null;
    }

    private static TimeSpan Backoff(WatchedStream stream) =>
        stream.Threshold * (1 << Math.Min(Volatile.Read(ref stream.StaleCount), MaxBackoffExponent));

    private static void Schedule(WatchedStream stream, TimeSpan due)
    {
        try
        {
            stream.Timer!.Change(due, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed while a check ran.
        }
    }

    /// <summary>The book and trade streams of one symbol.</summary>
    private sealed class SymbolStreams
    {
        public WatchedStream? Book;
        public WatchedStream? Trades;
    }

    /// <summary>One watched stream's state. Record fields are written by the handler's thread, the rest under the gate.</summary>
    private sealed class WatchedStream(StreamKey key, TimeSpan threshold, SymbolStreams entry)
    {
        public readonly StreamKey Key = key;
        public readonly TimeSpan Threshold = threshold;
        public readonly SymbolStreams Entry = entry;
        public ITimer? Timer;
        public bool Subscribed;
        public long SubscribedAtMicros;
        public long LastRecordMicros;
        public int StaleCount;
        public double BestBid = double.NaN;
        public double BestAsk = double.NaN;
        public long QuoteChanges;
        public long BookChangesAtWindowStart;
    }
}
