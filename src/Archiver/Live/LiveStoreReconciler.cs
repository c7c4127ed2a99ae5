using System.Diagnostics;
using System.Globalization;
using Archiver.Feeds.Model;
using Archiver.Store.Archive;
using Archiver.Store.Buckets;
using Archiver.Store.Ingest;
using Archiver.Store.Server.Streaming;
using Microsoft.Extensions.Logging;

namespace Archiver.Cli.Live;

/// <summary>
/// Makes the store that <c>archiver run</c> holds open converge to the archive: after each hour close it ingests the
/// archive files the closer wrote (new hours, and closed hours rewritten with late records) with the same
/// <see cref="ArchiveIngestor"/> and ledger (<see cref="IngestLedger.PathFor"/> under the store root) that
/// <c>archiver ingest</c> uses, so the live rows of those hours (dropped records, restart backfill stored twice,
/// throttled quotes) are replaced by exactly what an ingest of the archive stores, and a later manual ingest skips them.
/// </summary>
/// <remarks>
/// <para><b>Never in the way.</b> <see cref="OnHourClosed"/> only queues the paths; one background worker ingests them
/// one hour at a time. Each file's read-back and replacing write runs while the flushes of the
/// <see cref="LiveStoreWriter"/> are paused (<see cref="LiveStoreWriter.PauseFlushes"/>), so no live append falls between
/// them; a pause spans consecutive files for at most about one flush interval, then what the feeds queued is flushed.
/// The writer sees the ingest as a foreign write and reads its minutes back.</para>
/// <para><b>Safe to stop.</b> Shutdown cancels between files: each file is one store transaction (ticks and bars, or
/// quotes) followed by its ledger entry, and a file missing from the ledger is simply ingested again.</para>
/// <para><b>Start-up.</b> The closed hours of the last <see cref="LiveStoreOptions.ReconcileLookback"/> are checked
/// against the ledger (unchanged files are skipped by size and time); older hours are left to <c>archiver ingest</c>.
/// A file that fails is logged and retried at the next hour close; nothing of it is stored.</para>
/// </remarks>
public sealed partial class LiveStoreReconciler : IAsyncDisposable
{
    private const string StartUp = "start-up";
    private const string HourClose = "hour close";
    private const string AfterFailedClose = "after a failed hour close";
    private const string AfterFailedRun = "retry of a failed reconciliation";

    private readonly LiveStoreOptions _options;
    private readonly string _storeRoot;
    private readonly string _archiveRoot;
    private readonly LiveStoreWriter _writer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Dictionary<string, ArchiveSourceFile> _queued = new(StringComparer.Ordinal);
    private string? _scanTrigger;
    private bool _hourClosed;
    private TaskCompletionSource _idle = Completed();

    // The worker's own state.
    private readonly Dictionary<string, ArchiveSourceFile> _failed = new(StringComparer.Ordinal);
    private IngestLedger? _ledger;
    private bool _off;
    private bool _rescanAtNextClose;
    private long _longestPause;
    private long? _pausedSince;

    private CancellationTokenSource? _stop;
    private Task _worker = Task.CompletedTask;
    private bool _started;
    private bool _accepting;
    private long _filesIngested;
    private long _filesFailed;
    private long _reconciliations;

    /// <param name="options">The live store options (<see cref="LiveStoreOptions.Reconcile"/>, the lookback).</param>
    /// <param name="storeRoot">The store root: the ledger is <see cref="IngestLedger.PathFor"/> of it.</param>
    /// <param name="archiveRoot">The archive root the hour closer writes under.</param>
    /// <param name="writer">The live writer sharing the store: each file's store section runs between its flushes.</param>
    /// <param name="time">The service's clock (which hours are closed, the lookback).</param>
    /// <param name="logger">Where the summary lines go.</param>
    public LiveStoreReconciler(LiveStoreOptions options, string storeRoot, string archiveRoot, LiveStoreWriter writer, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(storeRoot);
        ArgumentException.ThrowIfNullOrEmpty(archiveRoot);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _storeRoot = storeRoot;
        _archiveRoot = Path.GetFullPath(archiveRoot);
        _writer = writer;
        _time = time;
        _logger = logger;
    }

    /// <summary>Archive files ingested into the store since start (changed or new ones; unchanged ones are skipped).</summary>
    public long FilesIngested => Interlocked.Read(ref _filesIngested);

    /// <summary>File ingests that failed since start (a file retried and failing again counts again).</summary>
    public long FilesFailed => Interlocked.Read(ref _filesFailed);

    /// <summary>Hours reconciled (one per hour that had a file ingested or failing).</summary>
    public long Reconciliations => Interlocked.Read(ref _reconciliations);

    /// <summary>Starts the worker on <paramref name="store"/> with the start-up reconciliation of the lookback; does nothing when reconciliation is off.</summary>
    public void Start(IBucketStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!_options.Reconcile)
        {
            LogDisabled();
            return;
        }

        lock (_gate)
        {
            if (_started) throw new InvalidOperationException("the reconciler is already started");
            _started = true;
            _accepting = true;
            _scanTrigger = StartUp;
            _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        var first = FirstHour(FeedClock.NowMicros(_time));
        LogStarting(first.ToString(), _options.ReconcileLookback, PreviousHour(first));
        _stop = new CancellationTokenSource();
        var token = _stop.Token;
        _signal.Release();
        _worker = Task.Run(() => RunAsync(store, token), CancellationToken.None);
    }

    /// <summary>
    /// Queues the archive files an hour close wrote (full paths under the archive root; other paths are ignored) and the
    /// files that failed before, for the worker. Returns at once.
    /// </summary>
    public void OnHourClosed(IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        lock (_gate)
        {
            if (!_accepting) return;
            foreach (var path in files)
            {
                if (Source(path) is { } file) _queued[file.RelativePath] = file;
            }

            _hourClosed = true;
            Wake();
        }
    }

    /// <summary>
    /// After a failed hour close, some files may have been written without being reported: the next reconciliation
    /// checks the whole lookback against the ledger (files unchanged since their ingest cost one file status each).
    /// </summary>
    public void OnHourCloseFailed()
    {
        lock (_gate)
        {
            if (!_accepting) return;
            _scanTrigger ??= AfterFailedClose;
            Wake();
        }
    }

    /// <summary>Completes when nothing is queued and the worker is not reconciling (or it stopped).</summary>
    public Task WaitIdleAsync()
    {
        lock (_gate) return _idle.Task;
    }

    /// <summary>Cancels the reconciliation between two files and waits for the worker; later hour closes are ignored.</summary>
    public async Task StopAsync()
    {
        lock (_gate) _accepting = false;
        var stop = Interlocked.Exchange(ref _stop, null);
        if (stop is not null)
        {
            try
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }
            finally
            {
                await _worker.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                stop.Dispose();
            }
        }

        await _worker.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _signal.Dispose(); // nothing releases it once stopped (hour closes are ignored)
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }

    /// <summary>Signals the worker; callers hold <see cref="_gate"/>.</summary>
    private void Wake()
    {
        if (_idle.Task.IsCompleted) _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _signal.Release();
    }

    private async Task RunAsync(IBucketStore store, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
                while (Take() is { } work) Reconcile(store, work.Trigger, work.Scan, work.Files, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            lock (_gate) _idle.TrySetResult();
        }
    }

    private sealed record Work(string Trigger, bool Scan, List<ArchiveSourceFile> Files);

    /// <summary>What was queued (an hour close also retries the files that failed), or null (and idle) when nothing is.</summary>
    private Work? Take()
    {
        lock (_gate)
        {
            var retry = _hourClosed && _failed.Count > 0;
            if (_hourClosed && _rescanAtNextClose) _scanTrigger ??= AfterFailedRun;
            if (_hourClosed) _rescanAtNextClose = false;
            _hourClosed = false;
            if (_scanTrigger is null && _queued.Count == 0 && !retry)
            {
                _idle.TrySetResult();
                return null;
            }

            var work = new Work(_scanTrigger ?? HourClose, _scanTrigger is not null, [.. _queued.Values]);
            _scanTrigger = null;
            _queued.Clear();
            return work;
        }
    }

    private void Reconcile(IBucketStore store, string trigger, bool scan, List<ArchiveSourceFile> queued, CancellationToken cancellationToken)
    {
        try
        {
            var ingestor = Ingestor(store);
            if (ingestor is null) return;

            var files = new Dictionary<string, ArchiveSourceFile>(StringComparer.Ordinal);
            if (scan)
            {
                foreach (var file in ClosedFilesInLookback()) files[file.RelativePath] = file;
            }

            foreach (var file in queued) files[file.RelativePath] = file;
            foreach (var (path, file) in _failed)
            {
                if (File.Exists(file.FullPath)) files.TryAdd(path, file);
            }

            _failed.Clear();
            foreach (var hour in files.Values.GroupBy(f => f.Hour).OrderBy(g => g.Key))
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReconcileHour(ingestor, trigger, hour.Key, [.. hour.OrderBy(f => f.RelativePath, StringComparer.Ordinal)], cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCancelled(trigger);
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The listing or the ledger failed: check the whole lookback again at the next hour close (not at once:
            // a lasting cause, e.g. a full disk, would otherwise make this a busy loop).
            // The ledger in memory may hold entries its file lacks: read it again then (a file missing from it is ingested
            // again, with the same result).
            _rescanAtNextClose = true;
            _ledger = null;
            LogRunFailed(trigger, OneLine(e.Message));
        }
    }

    private void ReconcileHour(ArchiveIngestor ingestor, string trigger, ArchiveHour hour, List<ArchiveSourceFile> files, CancellationToken cancellationToken)
    {
        IngestSummary summary;
        _longestPause = 0;
        try
        {
            summary = ingestor.Run(files, progress: null, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // Only the ledger's final save throws out of Run: the files were written, their entries are retried.
            foreach (var file in files) _failed[file.RelativePath] = file;
            throw;
        }
        finally
        {
            ResumeFlushes();
        }

        foreach (var failure in summary.Failures)
        {
            var file = files.Find(f => f.RelativePath == failure.RelativePath);
            if (file is not null) _failed[file.RelativePath] = file;
            LogFileFailed(failure.RelativePath, failure.Error);
        }

        Interlocked.Add(ref _filesIngested, summary.FilesIngested);
        Interlocked.Add(ref _filesFailed, summary.FilesFailed);
        if (summary.FilesIngested == 0 && summary.FilesFailed == 0) return;
        Interlocked.Increment(ref _reconciliations);
        LogReconciled(hour.ToString(), trigger, summary.FilesIngested, summary.FilesUnchanged, summary.FilesFailed,
            summary.Ticks, summary.Bars, summary.Quotes, (long)summary.Elapsed.TotalMilliseconds, (long)TimeSpan.FromTicks(_longestPause).TotalMilliseconds);
    }

    /// <summary>
    /// An ingestor for one reconciliation (its decode buffers, sized by the largest file, are not kept between hour
    /// closes) over the ledger, which is loaded once; null (and off for this run, said once) when the ledger is unreadable.
    /// </summary>
    private ArchiveIngestor? Ingestor(IBucketStore store)
    {
        if (_ledger is null && !_off)
        {
            try
            {
                _ledger = IngestLedger.Load(IngestLedger.PathFor(_storeRoot));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                _off = true;
                LogLedgerUnreadable(OneLine(e.Message));
            }
        }

        return _ledger is null ? null : new ArchiveIngestor(store, _ledger) { StoreSection = BetweenFlushes };
    }

    /// <summary>
    /// Runs a file's store section while the live writer's flushes are paused. The pause spans consecutive files until
    /// it has lasted <see cref="LiveStoreOptions.FlushInterval"/> (a live flush would have run by then), so many small
    /// files cost one pause, not one wait behind a live flush each; it then ends with a flush of what the feeds queued,
    /// run here, so the writer is never starved of its lock.
    /// </summary>
    private void BetweenFlushes(Action section)
    {
        if (_pausedSince is null)
        {
            _writer.PauseFlushes();
            _pausedSince = Stopwatch.GetTimestamp();
        }

        // The rewrite repairs rows the streams already carried: not pushed again (the live flush below is).
        using (StreamPushes.Suppress()) section();
        if (Stopwatch.GetElapsedTime(_pausedSince.Value) >= _options.FlushInterval) ResumeFlushes();
    }

    /// <summary>Ends the pause of the live flushes, if any, and flushes what was queued meanwhile.</summary>
    private void ResumeFlushes()
    {
        if (_pausedSince is not { } since) return;
        _pausedSince = null;
        _longestPause = Math.Max(_longestPause, Stopwatch.GetElapsedTime(since).Ticks);
        _writer.ResumeFlushes();
        if (_writer.Pending > 0) _writer.Flush();
    }

    /// <summary>
    /// The archive file at <paramref name="path"/> (relative to the archive root as the ledger keys it), or null for
    /// anything else, and for l2book files when the live store takes no quotes (<see cref="LiveStoreOptions.Quotes"/>).
    /// </summary>
    private ArchiveSourceFile? Source(string path)
    {
        if (string.IsNullOrEmpty(path)) return null;
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(_archiveRoot, full).Replace('\\', '/');
        if (!ArchivePaths.TryParse(relative, out var key, out var hour)) return null;
        return key!.Kind == ArchiveKind.L2Book && !_options.Quotes ? null : new ArchiveSourceFile(relative, full, key, hour);
    }

    private ArchiveHour FirstHour(long nowMicros) => ArchiveHour.FromMicros(nowMicros - (long)_options.ReconcileLookback.TotalMicroseconds);

    private static string PreviousHour(ArchiveHour hour) => ArchiveHour.FromMicros(hour.StartMicros - 1).ToString();

    /// <summary>
    /// The archive files of the hours that ended within the lookback, read from the month folders those hours lie in
    /// (<c>&lt;exchange&gt;/perp/&lt;kind&gt;/&lt;yyyy&gt;/&lt;MM&gt;</c>), so the cost does not grow with the archive's age.
    /// </summary>
    private List<ArchiveSourceFile> ClosedFilesInLookback()
    {
        var now = FeedClock.NowMicros(_time);
        var first = FirstHour(now);
        var files = new List<ArchiveSourceFile>();
        if (!Directory.Exists(_archiveRoot)) return files;
        var last = ArchiveHour.FromMicros(now).Start;
        var months = new List<DateTime>();
        for (var m = new DateTime(first.Start.Year, first.Start.Month, 1, 0, 0, 0, DateTimeKind.Utc); m <= last; m = m.AddMonths(1)) months.Add(m);

        foreach (var exchange in Directory.EnumerateDirectories(_archiveRoot))
        {
            foreach (var kind in new[] { ArchiveKind.Trades, ArchiveKind.L2Book })
            {
                foreach (var month in months)
                {
                    var folder = Path.Combine(exchange, "perp", ArchivePaths.KindFolder(kind),
                        month.ToString("yyyy", CultureInfo.InvariantCulture), month.ToString("MM", CultureInfo.InvariantCulture));
                    if (!Directory.Exists(folder)) continue;
                    foreach (var path in Directory.EnumerateFiles(folder, "*.parquet"))
                    {
                        if (Source(path) is { } file && file.Hour >= first && file.Hour.EndMicros <= now) files.Add(file);
                    }
                }
            }
        }

        return files;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    [LoggerMessage(EventId = 1410, EventName = "ReconcileStarting", Level = LogLevel.Information,
        Message = "Reconciling the store with the archive: each closed hour after its hour close, and now the closed hours from {FirstHour} (lookback {Lookback}) not ingested yet; older hours are left to 'archiver ingest --end {OlderHour}'")]
    private partial void LogStarting(string firstHour, TimeSpan lookback, string olderHour);

    [LoggerMessage(EventId = 1411, EventName = "HourReconciled", Level = LogLevel.Information,
        Message = "Reconciled hour {Hour} into the store ({Trigger}): files ingested {Ingested}, unchanged {Unchanged}, failed {Failed}; {Ticks} ticks, {Bars} bars, {Quotes} quotes in {ElapsedMs} ms (live flushes paused at most {PauseMs} ms)")]
    private partial void LogReconciled(string hour, string trigger, int ingested, int unchanged, int failed, long ticks, long bars, long quotes, long elapsedMs, long pauseMs);

    [LoggerMessage(EventId = 1412, EventName = "ReconcileFileFailed", Level = LogLevel.Warning,
        Message = "Reconciling {Path} into the store failed, nothing of it was stored; retried at the next hour close: {Error}")]
    private partial void LogFileFailed(string path, string error);

    [LoggerMessage(EventId = 1413, EventName = "ReconcileLedgerUnreadable", Level = LogLevel.Error,
        Message = "Reconciliation is off for this run, the ingest ledger cannot be read: {Error}")]
    private partial void LogLedgerUnreadable(string error);

    [LoggerMessage(EventId = 1414, EventName = "ReconcileFailed", Level = LogLevel.Error,
        Message = "Reconciliation ({Trigger}) failed; the closed hours of the lookback are checked again at the next hour close: {Error}")]
    private partial void LogRunFailed(string trigger, string error);

    [LoggerMessage(EventId = 1415, EventName = "ReconcileCancelled", Level = LogLevel.Information,
        Message = "Reconciliation ({Trigger}) stopped by shutdown between two files; the start-up reconciliation of the next run continues it")]
    private partial void LogCancelled(string trigger);

    [LoggerMessage(EventId = 1416, EventName = "ReconcileDisabled", Level = LogLevel.Information,
        Message = "Reconciliation is off (Archiver:Store:Live:Reconcile): the store keeps the live rows; 'archiver ingest' with the service stopped makes it equal the archive")]
    private partial void LogDisabled();
}
