using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Archiver.Feeds;
using Archiver.Feeds.Model;
using Archiver.Store.Buckets;
using Archiver.Store.Ingest;
using Microsoft.Extensions.Logging;

namespace Archiver.Cli.Live;

/// <summary>
/// Writes what the feeds receive into the bucket store as it arrives: trades into <c>SYM/1Sec/TICK</c>, the one-minute
/// bars of every minute they touch into <c>SYM/1Min/OHLCV</c>, and throttled top-of-book quotes into
/// <c>SYM/1Sec/QUOTE</c>, with exactly the names and columns <c>archiver ingest</c> uses (<see cref="IngestKeys"/>,
/// <see cref="IngestSchemas"/>), so ingesting a closed hour later replaces the live rows of that hour consistently.
/// </summary>
/// <remarks>
/// <para><b>The feed thread never waits.</b> <see cref="OnTrade"/> and <see cref="OnBook"/> copy a few fields into a
/// bounded, preallocated <see cref="LiveRecordQueue"/> and return; when the queue is full the record is dropped for the
/// store only (the archive files stay the record of truth), counted in <see cref="Dropped"/> and reported as a warning.
/// </para>
/// <para><b>One store write per flush.</b> Every <see cref="LiveStoreOptions.FlushInterval"/> a background loop takes
/// the queued records and writes, in one <see cref="IBucketStore.Write"/> call (one transaction), each symbol's new
/// ticks (a variable append, stamped with the exchange time, ReceiveMicros = the local receive time, like an ingested
/// file's rows) and the bars of the minutes they touch. Bars are recomputed by <see cref="MinuteBarBuilder"/> from the
/// stored ticks of those minutes read back before the write, merged with the new ticks in the order the store keeps
/// them (stored rows first at equal times, new rows by exchange time, receive time, arrival), so a bar always equals
/// what ingest computes from the same ticks, whichever flush a trade arrived in (late trades included). A trade whose
/// exchange time and id were already seen in the same receive hour (the archive's duplicate key: one hourly file) is
/// stored once.</para>
/// <para><b>Quotes</b> are queued only when the best bid or ask (price or size) changed since the last quote queued for
/// that stream and at least <see cref="LiveStoreOptions.QuoteInterval"/> of exchange time has passed since it; a
/// change that comes too soon is written with the next snapshot after the interval.</para>
/// <para><b>Failures</b> of the store (a refused or failed write) are logged and counted (<see cref="FailedFlushes"/>,
/// <see cref="LostRecords"/>); the batch is not retried and the loop goes on. A symbol whose existing buckets have other
/// columns than ingest's is refused once with an error. On-disk aggregations follow from the bar write through the
/// observer registered on the store by whoever opened it.</para>
/// </remarks>
public sealed class LiveStoreWriter : IFeedSink, IBucketWriteObserver, IAsyncDisposable
{
    /// <summary>Trade keys remembered per symbol for the duplicate check (why this many: <see cref="RecentTradeKeys"/>).</summary>
    public const int RecentTradesPerSymbol = RecentTradeKeys.DefaultCapacity;

    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(10);
    private static readonly string[] BarInputColumns = [IngestSchemas.Price, IngestSchemas.Size];

    // The f8 columns of the tick and quote series: a quote keeps its best bid in the record's Price and Size.
    private static readonly (string Name, RecordValue Value)[] TickValues =
        [(IngestSchemas.Price, RecordValue.Price), (IngestSchemas.Size, RecordValue.Size)];

    private static readonly (string Name, RecordValue Value)[] QuoteValues =
    [
        (IngestSchemas.BidPrice, RecordValue.Price), (IngestSchemas.BidSize, RecordValue.Size),
        (IngestSchemas.AskPrice, RecordValue.AskPrice), (IngestSchemas.AskSize, RecordValue.AskSize),
    ];

    private readonly LiveStoreOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly LiveRecordQueue _queue;
    private readonly long _quoteIntervalMicros;
    private readonly ConcurrentDictionary<(ExchangeId, string), LiveQuoteState> _quoteStates = new();

    // Used by the flushing thread only (under _flushGate).
    private readonly Lock _flushGate = new();
    private readonly Dictionary<(ExchangeId, string), LiveSymbol?> _symbols = [];
    private readonly ConcurrentDictionary<BucketKey, LiveSymbol> _byTickKey = new();
    private int _writingThread;
    private readonly List<LiveSymbol> _touched = [];
    private LiveTimeOrder[] _order = [];
    private long[] _mergedTime = [];
    private double[] _mergedPrice = [];
    private double[] _mergedSize = [];
    private long[] _barEpoch = [];
    private readonly double[][] _barValues = [[], [], [], [], []];
    private byte[] _arena = new byte[1 << 16];
    private int _arenaUsed;
    private long _reportedDrops;
    private long? _lastDropReport;
    private long? _lastErrorReport;

    private IBucketStore? _store;
    private CancellationTokenSource? _stopLoop;
    private Task _loop = Task.CompletedTask;
    private volatile bool _closed;
    private bool _stopped;

    private long _lateDrops;
    private long _ticks;
    private long _barsWritten;
    private long _quotes;
    private long _duplicates;
    private long _refused;
    private long _flushes;
    private long _failedFlushes;
    private long _lost;
    private long _readBacks;

    public LiveStoreWriter(LiveStoreOptions options, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.FlushInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QuoteInterval, TimeSpan.Zero);
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _queue = new LiveRecordQueue(options.QueueCapacity);
        _quoteIntervalMicros = options.QuoteInterval.Ticks / TimeSpan.TicksPerMicrosecond;
    }

    /// <summary>Records dropped for the store because the queue was full (or arrived after the writer stopped).</summary>
    public long Dropped => _queue.Dropped + Interlocked.Read(ref _lateDrops);

    /// <summary>Trades stored as ticks.</summary>
    public long TicksWritten => Interlocked.Read(ref _ticks);

    /// <summary>One-minute bars written (a minute touched by several flushes counts each time).</summary>
    public long BarsWritten => Interlocked.Read(ref _barsWritten);

    /// <summary>Quotes stored.</summary>
    public long QuotesWritten => Interlocked.Read(ref _quotes);

    /// <summary>Trades not stored because the same trade (exchange time and id) was already stored.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Records not stored because their symbol's buckets have other columns (or the symbol is no valid bucket name).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Successful store writes (one per flush that had records to write).</summary>
    public long Flushes => Interlocked.Read(ref _flushes);

    /// <summary>Flushes whose store write (or read-back) failed.</summary>
    public long FailedFlushes => Interlocked.Read(ref _failedFlushes);

    /// <summary>Records of failed flushes (not stored; the archive keeps them).</summary>
    public long LostRecords => Interlocked.Read(ref _lost);

    /// <summary>
    /// Bar computations that read stored ticks back (a symbol's first flush, a trade older than the latest stored tick,
    /// or a tick bucket written by someone else); every other flush continues the bar kept in memory.
    /// </summary>
    public long BarReadBacks => Interlocked.Read(ref _readBacks);

    /// <summary>Records waiting for the next flush.</summary>
    public int Pending => _queue.Count;

    public void OnTrade(in Trade trade)
    {
        if (_closed)
        {
            Interlocked.Increment(ref _lateDrops);
            return;
        }

        // FNV-1a over the id's bytes, the archive's duplicate key together with the exchange time.
        var hash = 14695981039346656037UL;
        foreach (var b in trade.Id.Utf8) hash = (hash ^ b) * 1099511628211UL;
        var record = new LiveRecord
        {
            Kind = LiveRecordKind.Trade,
            Exchange = trade.Exchange,
            Symbol = trade.Symbol,
            ExchangeMicros = trade.ExchangeTimeMicros,
            ReceiveMicros = trade.ReceiveTimeMicros,
            Price = trade.Price,
            Size = trade.Size,
            Side = trade.Side switch { TakerSide.Buy => IngestSchemas.Buy, TakerSide.Sell => IngestSchemas.Sell, _ => IngestSchemas.Unknown },
            Flags = trade.Flags,
            IdHash = hash,
        };
        _queue.TryAdd(in record);
    }

    public void OnBook(BookSnapshot book)
    {
        ArgumentNullException.ThrowIfNull(book);
        if (!_options.Quotes) return;
        if (_closed)
        {
            Interlocked.Increment(ref _lateDrops);
            return;
        }

        var bidPrice = book.BidCount > 0 ? book.BidPrices[0] : double.NaN;
        var bidSize = book.BidCount > 0 ? book.BidSizes[0] : double.NaN;
        var askPrice = book.AskCount > 0 ? book.AskPrices[0] : double.NaN;
        var askSize = book.AskCount > 0 ? book.AskSizes[0] : double.NaN;
        var state = _quoteStates.GetOrAdd((book.Exchange, book.Symbol), static _ => new LiveQuoteState());
        if (!state.Differs(bidPrice, bidSize, askPrice, askSize)) return;
        var since = book.ExchangeTimeMicros - state.ExchangeMicros;
        if (state.Any && since >= 0 && since < _quoteIntervalMicros) return;

        var record = new LiveRecord
        {
            Kind = LiveRecordKind.Quote,
            Exchange = book.Exchange,
            Symbol = book.Symbol,
            ExchangeMicros = book.ExchangeTimeMicros,
            ReceiveMicros = book.ReceiveTimeMicros,
            Price = bidPrice,
            Size = bidSize,
            AskPrice = askPrice,
            AskSize = askSize,
        };
        if (!_queue.TryAdd(in record)) return;
        state.Any = true;
        state.ExchangeMicros = book.ExchangeTimeMicros;
        state.BidPrice = bidPrice;
        state.BidSize = bidSize;
        state.AskPrice = askPrice;
        state.AskSize = askSize;
    }

    public void OnEvent(FeedEvent feedEvent)
    {
    }

    /// <summary>Gives the writer its store without starting the loop (records are written by <see cref="Flush"/>).</summary>
    public void Attach(IBucketStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        lock (_flushGate)
        {
            if (_store is not null) throw new InvalidOperationException("the live store writer already has a store");
            _store = store;
            store.AddObserver(this);
        }
    }

    /// <summary>Attaches <paramref name="store"/> and starts the loop that flushes every <see cref="LiveStoreOptions.FlushInterval"/>.</summary>
    public void Start(IBucketStore store)
    {
        Attach(store);
        _stopLoop = new CancellationTokenSource();
        var token = _stopLoop.Token;
        _loop = Task.Run(() => RunAsync(token), CancellationToken.None);
    }

    /// <summary>
    /// Stops the loop and writes everything still queued before returning (not cancellable: what was received reaches
    /// the store); records arriving afterwards are dropped and counted.
    /// </summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        if (_stopLoop is not null)
        {
            await _stopLoop.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _closed = true;
        if (_store is not null)
        {
            while (Flush() > 0)
            {
            }
        }

        Interlocked.Add(ref _lateDrops, _queue.Take().Length);
        lock (_flushGate) ReportDrops(force: true);
        LiveStoreLog.Drained(_logger, TicksWritten, BarsWritten, QuotesWritten, Dropped, LostRecords, BarReadBacks);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopLoop?.Dispose();
    }

    /// <summary>
    /// Writes every queued record to the store now, in one store write; returns the number of records taken from the
    /// queue. Store failures are logged and counted, never thrown.
    /// </summary>
    public int Flush()
    {
        lock (_flushGate)
        {
            var store = _store ?? throw new InvalidOperationException("the live store writer has no store (Attach or Start it first)");
            var batch = _queue.Take();
            ReportDrops(force: false);
            if (batch.IsEmpty) return 0;
            try
            {
                WriteBatch(store, batch);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Whether the write reached the store is unknown: the kept bars are rebuilt from the stored ticks.
                foreach (var symbol in _touched) symbol.Bar = LiveMinuteBar.Unknown;
                Interlocked.Increment(ref _failedFlushes);
                Interlocked.Add(ref _lost, batch.Length);
                var now = _time.GetTimestamp();
                if (_lastErrorReport is null || _time.GetElapsedTime(_lastErrorReport.Value, now) >= ReportInterval)
                {
                    _lastErrorReport = now;
                    LiveStoreLog.WriteFailed(_logger, FailedFlushes, LostRecords, e.Message.ReplaceLineEndings(" ").Trim());
                }
            }
            finally
            {
                foreach (var symbol in _touched)
                {
                    symbol.Touched = false;
                    symbol.Trades.Clear();
                    symbol.Quotes.Clear();
                }

                _touched.Clear();
            }

            return batch.Length;
        }
    }

    /// <summary>
    /// Holds off the flushes (waiting for one in progress) until <see cref="ResumeFlushes"/> on the same thread: no live
    /// write, nor its read-back of stored ticks, runs meanwhile. The reconciler's ingest writes in such a pause, so its
    /// read-back and replacing write of a minute never straddle a live append; its writes count as foreign writes
    /// (<see cref="OnWritten"/>).
    /// </summary>
    public void PauseFlushes() => _flushGate.Enter();

    /// <summary>Ends a <see cref="PauseFlushes"/>.</summary>
    public void ResumeFlushes() => _flushGate.Exit();

    /// <summary>
    /// Store observer: a write to one of the live tick buckets that this writer did not make (a client of the server)
    /// makes the bar kept for that symbol stale, so its next bar write reads the stored ticks back.
    /// </summary>
    public void OnWritten(IBucketStore store, BucketWriteNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (Environment.CurrentManagedThreadId == Volatile.Read(ref _writingThread)) return;
        if (_byTickKey.TryGetValue(notice.Bucket.Key, out var symbol)) symbol.MarkForeignWrite();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.FlushInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false)) Flush();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void ReportDrops(bool force)
    {
        var total = Dropped;
        if (total == _reportedDrops) return;
        var now = _time.GetTimestamp();
        if (!force && _lastDropReport is not null && _time.GetElapsedTime(_lastDropReport.Value, now) < ReportInterval) return;
        _lastDropReport = now;
        LiveStoreLog.Dropped(_logger, total - _reportedDrops, _queue.Capacity, total);
        _reportedDrops = total;
    }

    private void WriteBatch(IBucketStore store, ReadOnlySpan<LiveRecord> batch)
    {
        _arenaUsed = 0;
        long duplicates = 0, refused = 0;
        for (var i = 0; i < batch.Length; i++)
        {
            ref readonly var r = ref batch[i];
            var symbol = SymbolOf(store, r.Exchange, r.Symbol);
            if (symbol is null || (r.Kind == LiveRecordKind.Trade ? symbol.TradeRefusal : symbol.QuoteRefusal) is not null)
            {
                refused++;
                continue;
            }

            if (!symbol.Touched)
            {
                symbol.Touched = true;
                _touched.Add(symbol);
            }

            if (r.Kind == LiveRecordKind.Quote)
            {
                symbol.Quotes.Add(i);
            }
            else if (symbol.Recent.Add(r.ExchangeMicros, r.IdHash, r.ReceiveMicros))
            {
                symbol.Trades.Add(i);
            }
            else
            {
                duplicates++;
            }
        }

        Interlocked.Add(ref _duplicates, duplicates);
        Interlocked.Add(ref _refused, refused);

        var writes = new List<BucketWrite>(_touched.Count * 2);
        long ticks = 0, bars = 0, quotes = 0;
        foreach (var symbol in _touched)
        {
            if (symbol.Trades.Count > 0)
            {
                var order = Sort(batch, symbol.Trades);
                writes.Add(new BucketWrite(symbol.TickKey, TickSeries(batch, order), IsVariableLength: true));
                var barSeries = BarSeries(store, symbol, batch, order);
                writes.Add(new BucketWrite(symbol.BarKey, barSeries, IsVariableLength: false));
                ticks += order.Length;
                bars += barSeries.RowCount;
            }

            if (symbol.Quotes.Count > 0)
            {
                var order = Sort(batch, symbol.Quotes);
                writes.Add(new BucketWrite(symbol.QuoteKey, QuoteSeries(batch, order), IsVariableLength: true));
                quotes += order.Length;
            }
        }

        if (writes.Count == 0) return;
        Volatile.Write(ref _writingThread, Environment.CurrentManagedThreadId);
        try
        {
            store.Write(writes);
        }
        finally
        {
            Volatile.Write(ref _writingThread, 0);
        }

        foreach (var symbol in _touched)
        {
            if (symbol.Trades.Count > 0) symbol.Bar = symbol.NextBar;
        }

        Interlocked.Increment(ref _flushes);
        Interlocked.Add(ref _ticks, ticks);
        Interlocked.Add(ref _barsWritten, bars);
        Interlocked.Add(ref _quotes, quotes);
    }

    /// <summary>The symbol of a feed's ticker (cached by the ticker's instance and the exchange), checked against the store once; null when it is no valid bucket name.</summary>
    private LiveSymbol? SymbolOf(IBucketStore store, ExchangeId exchange, string ticker)
    {
        if (!_symbols.TryGetValue((exchange, ticker), out var symbol))
        {
            var name = IngestKeys.Symbol(exchange.ToString().ToLowerInvariant(), ticker);
            try
            {
                symbol = new LiveSymbol(name, RecentTradesPerSymbol);
                _byTickKey[symbol.TickKey] = symbol;
            }
            catch (StoreException e)
            {
                LiveStoreLog.BucketRefused(_logger, name, e.Message);
            }

            _symbols[(exchange, ticker)] = symbol;
        }

        if (symbol is { Checked: false })
        {
            symbol.TradeRefusal = Mismatch(store.Find(symbol.TickKey), IngestSchemas.Ticks, RecordKind.Variable)
                                  ?? Mismatch(store.Find(symbol.BarKey), IngestSchemas.Bars, RecordKind.Fixed);
            symbol.QuoteRefusal = Mismatch(store.Find(symbol.QuoteKey), IngestSchemas.Quotes, RecordKind.Variable);
            symbol.Checked = true;
            if (symbol.TradeRefusal is { } t) LiveStoreLog.BucketRefused(_logger, symbol.Name, t);
            if (symbol.QuoteRefusal is { } q) LiveStoreLog.BucketRefused(_logger, symbol.Name, q);
        }

        return symbol;
    }

    private static string? Mismatch(BucketInfo? info, IReadOnlyList<ColumnSpec> elements, RecordKind kind)
    {
        if (info is null) return null;
        var same = info.Kind == kind && info.Elements.Count == elements.Count
                   && elements.All(e => info.Elements.Any(x => x.Name == e.Name && x.Type == e.Type));
        return same
            ? null
            : $"bucket {info.Key} is {info.Kind.ToString().ToLowerInvariant()} with columns ({string.Join(", ", info.Elements)}), " +
              $"not {kind.ToString().ToLowerInvariant()} with ({string.Join(", ", elements)}) as ingest writes it";
    }

    /// <summary>The records at <paramref name="indices"/> by exchange time, receive time, arrival (a reused buffer).</summary>
    private ReadOnlySpan<LiveTimeOrder> Sort(ReadOnlySpan<LiveRecord> batch, List<int> indices)
    {
        var n = indices.Count;
        if (_order.Length < n) _order = new LiveTimeOrder[Math.Max(n, _order.Length * 2)];
        for (var k = 0; k < n; k++)
        {
            var i = indices[k];
            _order[k] = new LiveTimeOrder(batch[i].ExchangeMicros * 1000, batch[i].ReceiveMicros, i);
        }

        var order = _order.AsSpan(0, n);
        order.Sort();
        return order;
    }

    private ColumnSeries TickSeries(ReadOnlySpan<LiveRecord> batch, ReadOnlySpan<LiveTimeOrder> order) =>
        VariableSeries(batch, order, TickValues, withSide: true);

    private ColumnSeries QuoteSeries(ReadOnlySpan<LiveRecord> batch, ReadOnlySpan<LiveTimeOrder> order) =>
        VariableSeries(batch, order, QuoteValues, withSide: false);

    /// <summary>
    /// A variable-length series of the records in <paramref name="order"/>, with ingest's columns in ingest's order:
    /// Epoch, the f8 <paramref name="values"/>, Side (ticks), ReceiveMicros, Nanoseconds. Column memory comes from the
    /// flush's arena.
    /// </summary>
    private ColumnSeries VariableSeries(ReadOnlySpan<LiveRecord> batch, ReadOnlySpan<LiveTimeOrder> order,
        (string Name, RecordValue Value)[] values, bool withSide)
    {
        var n = order.Length;
        var columns = new Column[values.Length + (withSide ? 4 : 3)];
        var epochBytes = Rent(n * 8);
        var nanosBytes = Rent(n * 4);
        var receiveBytes = Rent(n * 8);
        var epoch = MemoryMarshal.Cast<byte, long>(epochBytes.Span);
        var nanos = MemoryMarshal.Cast<byte, int>(nanosBytes.Span);
        var receive = MemoryMarshal.Cast<byte, long>(receiveBytes.Span);
        for (var k = 0; k < n; k++)
        {
            (epoch[k], nanos[k]) = Split(order[k].Time);
            receive[k] = batch[order[k].Index].ReceiveMicros;
        }

        var c = 0;
        columns[c++] = new Column(ColumnSeries.EpochColumn, ColumnType.I8, epochBytes);
        foreach (var (name, value) in values)
        {
            var bytes = Rent(n * 8);
            var column = MemoryMarshal.Cast<byte, double>(bytes.Span);
            for (var k = 0; k < n; k++) column[k] = Value(in batch[order[k].Index], value);
            columns[c++] = new Column(name, ColumnType.F8, bytes);
        }

        if (withSide)
        {
            var sideBytes = Rent(n);
            var side = MemoryMarshal.Cast<byte, sbyte>(sideBytes.Span);
            for (var k = 0; k < n; k++) side[k] = batch[order[k].Index].Side;
            columns[c++] = new Column(IngestSchemas.Side, ColumnType.I1, sideBytes);
        }

        columns[c++] = new Column(IngestSchemas.ReceiveMicros, ColumnType.I8, receiveBytes);
        columns[c] = new Column(ColumnSeries.NanosecondsColumn, ColumnType.I4, nanosBytes);
        return new ColumnSeries(columns);
    }

    private static double Value(in LiveRecord record, RecordValue value) => value switch
    {
        RecordValue.Price => record.Price,
        RecordValue.Size => record.Size,
        RecordValue.AskPrice => record.AskPrice,
        _ => record.AskSize,
    };

    /// <summary>
    /// The bars of every minute the new ticks touch. When the symbol's kept bar is known and still matches the bucket's
    /// latest stored tick, and no new tick is older than it, the new ticks continue that bar (<see cref="ContinueBars"/>)
    /// without reading anything but that one row; otherwise the stored ticks are read back (<see cref="RebuildBars"/>).
    /// Either way the result is what <see cref="MinuteBarBuilder"/> computes from the stored and new ticks in store order.
    /// </summary>
    private ColumnSeries BarSeries(IBucketStore store, LiveSymbol symbol, ReadOnlySpan<LiveRecord> batch, ReadOnlySpan<LiveTimeOrder> order)
    {
        var n = order.Length;
        Grow(ref _barEpoch, n);
        for (var c = 0; c < 5; c++) Grow(ref _barValues[c], n);
        var exists = store.Find(symbol.TickKey) is not null;
        var kept = symbol.TakeForeignWrite() ? LiveMinuteBar.Unknown : symbol.Bar;
        if (!exists) kept = LiveMinuteBar.Empty;
        else if (kept.Known && !MatchesLastStored(store, symbol.TickKey, kept)) kept = LiveMinuteBar.Unknown;

        var barCount = kept.Known && order[0].Time >= kept.LastTime
            ? ContinueBars(symbol, kept, batch, order)
            : RebuildBars(store, symbol, exists, batch, order);

        var columns = new Column[6];
        columns[0] = new Column(ColumnSeries.EpochColumn, ColumnType.I8, Copy(MemoryMarshal.AsBytes(_barEpoch.AsSpan(0, barCount))));
        for (var c = 0; c < 5; c++)
            columns[1 + c] = new Column(IngestSchemas.Bars[c].Name, ColumnType.F8, Copy(MemoryMarshal.AsBytes(_barValues[c].AsSpan(0, barCount))));
        return new ColumnSeries(columns);
    }

    /// <summary>
    /// Whether the bucket's latest stored tick is the one <paramref name="kept"/> ends with (time, and the price and size
    /// the kept bar closed with): catches a bucket destroyed and recreated, or written by a client, between flushes.
    /// </summary>
    private static bool MatchesLastStored(IBucketStore store, BucketKey tickKey, LiveMinuteBar kept)
    {
        var last = store.Read(tickKey, new ReadRequest { Limit = 1, FromStart = false, Columns = [IngestSchemas.Price] });
        if (last.RowCount == 0) return kept.Minute == long.MinValue;
        if (kept.Minute == long.MinValue || last.RowCount != 1) return false;
        var time = (last.Epochs[0] * 1_000_000_000L) + Required(last, ColumnSeries.NanosecondsColumn, ColumnType.I4).Values<int>()[0];
        var price = Required(last, IngestSchemas.Price, ColumnType.F8).Values<double>()[0];
        return time == kept.LastTime && BitConverter.DoubleToInt64Bits(price) == BitConverter.DoubleToInt64Bits(kept.Close);
    }

    /// <summary>
    /// Bars of new ticks that are all at or after the latest stored tick: the kept minute continues with the same steps
    /// <see cref="MinuteBarBuilder"/> takes (stored rows come first at equal times), later minutes start afresh as no
    /// stored tick lies in them. Sets the symbol's next kept bar; returns the bar count.
    /// </summary>
    private int ContinueBars(LiveSymbol symbol, LiveMinuteBar kept, ReadOnlySpan<LiveRecord> batch, ReadOnlySpan<LiveTimeOrder> order)
    {
        const long minute = MinuteBarBuilder.NanosPerMinute;
        var bars = 0;
        var current = kept.Minute;
        var end = kept.Minute == long.MinValue ? long.MinValue : kept.Minute + minute;
        double o = kept.Open, h = kept.High, l = kept.Low, c = kept.Close, v = kept.Volume;
        var open = false;
        for (var k = 0; k < order.Length; k++)
        {
            var t = order[k].Time;
            ref readonly var r = ref batch[order[k].Index];
            var p = r.Price;
            if (t < end)
            {
                if (p > h) h = p;
                if (p < l) l = p;
                c = p;
                v += r.Size;
                open = true;
                continue;
            }

            if (open) PutBar(bars++, current, o, h, l, c, v);
            current = FloorMinute(t);
            end = current + minute;
            o = h = l = c = p;
            v = r.Size;
            open = true;
        }

        PutBar(bars++, current, o, h, l, c, v);
        symbol.NextBar = new LiveMinuteBar(true, current, order[^1].Time, o, h, l, c, v);
        return bars;
    }

    private void PutBar(int index, long minuteNanos, double open, double high, double low, double close, double volume)
    {
        _barEpoch[index] = minuteNanos / 1_000_000_000L;
        _barValues[0][index] = open;
        _barValues[1][index] = high;
        _barValues[2][index] = low;
        _barValues[3][index] = close;
        _barValues[4][index] = volume;
    }

    /// <summary>
    /// For each run of consecutive touched minutes, the stored ticks of those minutes (read before the write) merged
    /// with the new ones as the store will order them, through <see cref="MinuteBarBuilder"/>. The last minute's bar is
    /// kept for the next flush when no stored tick lies after the last run. Returns the bar count.
    /// </summary>
    private int RebuildBars(IBucketStore store, LiveSymbol symbol, bool exists, ReadOnlySpan<LiveRecord> batch, ReadOnlySpan<LiveTimeOrder> order)
    {
        const long minute = MinuteBarBuilder.NanosPerMinute;
        Interlocked.Increment(ref _readBacks);
        var n = order.Length;
        var barCount = 0;
        var k = 0;
        long runEnd = 0, lastTime = 0;
        while (k < n)
        {
            var runStart = FloorMinute(order[k].Time);
            runEnd = runStart + minute;
            var j = k + 1;
            while (j < n)
            {
                var m = FloorMinute(order[j].Time);
                if (m > runEnd) break;
                if (m == runEnd) runEnd += minute;
                j++;
            }

            ColumnSeries? stored = null;
            if (exists)
            {
                stored = store.Read(symbol.TickKey, new ReadRequest
                {
                    Start = StoreTime.FromUnixNanoseconds(runStart),
                    End = StoreTime.FromUnixNanoseconds(runEnd - 1),
                    Columns = BarInputColumns,
                });
            }

            var merged = Merge(stored, batch, order[k..j]);
            lastTime = _mergedTime[merged - 1];
            barCount += MinuteBarBuilder.Build(
                _mergedTime.AsSpan(0, merged), default, minute, _mergedPrice.AsSpan(0, merged), _mergedSize.AsSpan(0, merged),
                _barEpoch.AsSpan(barCount), _barValues[0].AsSpan(barCount), _barValues[1].AsSpan(barCount), _barValues[2].AsSpan(barCount),
                _barValues[3].AsSpan(barCount), _barValues[4].AsSpan(barCount));
            k = j;
        }

        var later = exists
            && store.Read(symbol.TickKey, new ReadRequest { Start = StoreTime.FromUnixNanoseconds(runEnd), Limit = 1, FromStart = true, Columns = BarInputColumns }).RowCount > 0;
        var b = barCount - 1;
        symbol.NextBar = later
            ? LiveMinuteBar.Unknown
            : new LiveMinuteBar(true, _barEpoch[b] * 1_000_000_000L, lastTime, _barValues[0][b], _barValues[1][b], _barValues[2][b], _barValues[3][b], _barValues[4][b]);
        return barCount;
    }

    /// <summary>Merges stored ticks (in store order) and new ones into the reused merge buffers, stored rows first at equal times; returns the row count.</summary>
    private int Merge(ColumnSeries? stored, ReadOnlySpan<LiveRecord> batch, ReadOnlySpan<LiveTimeOrder> fresh)
    {
        ReadOnlySpan<long> epoch = default;
        ReadOnlySpan<int> nanos = default;
        ReadOnlySpan<double> price = default, size = default;
        if (stored is { RowCount: > 0 })
        {
            epoch = stored.Epochs;
            nanos = Required(stored, ColumnSeries.NanosecondsColumn, ColumnType.I4).Values<int>();
            price = Required(stored, IngestSchemas.Price, ColumnType.F8).Values<double>();
            size = Required(stored, IngestSchemas.Size, ColumnType.F8).Values<double>();
        }

        var total = epoch.Length + fresh.Length;
        Grow(ref _mergedTime, total);
        Grow(ref _mergedPrice, total);
        Grow(ref _mergedSize, total);
        int a = 0, b = 0;
        for (var i = 0; i < total; i++)
        {
            var storedTime = a < epoch.Length ? (epoch[a] * 1_000_000_000L) + nanos[a] : long.MaxValue;
            if (b >= fresh.Length || (a < epoch.Length && storedTime <= fresh[b].Time))
            {
                _mergedTime[i] = storedTime;
                _mergedPrice[i] = price[a];
                _mergedSize[i] = size[a];
                a++;
            }
            else
            {
                _mergedTime[i] = fresh[b].Time;
                _mergedPrice[i] = batch[fresh[b].Index].Price;
                _mergedSize[i] = batch[fresh[b].Index].Size;
                b++;
            }
        }

        return total;
    }

    private static Column Required(ColumnSeries series, string name, ColumnType type)
    {
        var column = series.Find(name) ?? throw new StoreException($"the stored ticks have no {name} column");
        if (column.Type != type) throw new StoreException($"the stored {name} column is {column.Type.ToTypeString()}, expected {type.ToTypeString()}");
        return column;
    }

    private static (long Seconds, int Nanos) Split(long nanos)
    {
        var s = (nanos / 1_000_000_000L) - (nanos % 1_000_000_000L < 0 ? 1 : 0);
        return (s, (int)(nanos - (s * 1_000_000_000L)));
    }

    private static long FloorMinute(long nanos) =>
        ((nanos / MinuteBarBuilder.NanosPerMinute) - (nanos % MinuteBarBuilder.NanosPerMinute < 0 ? 1 : 0)) * MinuteBarBuilder.NanosPerMinute;

    /// <summary>
    /// <paramref name="bytes"/> of the flush's column arena (8-byte aligned), reused by every flush: the store copies a
    /// write's columns into its log record before <see cref="IBucketStore.Write"/> returns, so nothing outlives the
    /// flush. A batch larger than the arena moves on to a new one twice the size (the old one goes with the batch).
    /// </summary>
    private Memory<byte> Rent(int bytes)
    {
        if (_arenaUsed + bytes > _arena.Length)
        {
            _arena = new byte[Math.Max(_arena.Length * 2, bytes)];
            _arenaUsed = 0;
        }

        var slice = _arena.AsMemory(_arenaUsed, bytes);
        _arenaUsed = Math.Min(_arena.Length, (_arenaUsed + bytes + 7) & ~7);
        return slice;
    }

    private Memory<byte> Copy(ReadOnlySpan<byte> values)
    {
        var slice = Rent(values.Length);
        values.CopyTo(slice.Span);
        return slice;
    }

    private static void Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length) array = new T[Math.Max(length, array.Length * 2)];
    }

    /// <summary>Which value of a <see cref="LiveRecord"/> an f8 column of a series takes.</summary>
    private enum RecordValue
    {
        Price,
        Size,
        AskPrice,
        AskSize,
    }
}
