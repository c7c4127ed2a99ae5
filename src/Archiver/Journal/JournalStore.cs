using Archiver.Store.Parquet.IO;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Archiver.Feeds.Model;
using Archiver.Store.Archive;

namespace Archiver.Cli.Journal;

/// <summary>
/// The journal of the open hours: one append-only segment per (exchange, symbol, kind, depth, UTC hour of the record's
/// receive time) and process, under <c>&lt;root&gt;/&lt;exchange&gt;/&lt;l2book|trades&gt;/&lt;symbol&gt;[_depth&lt;N&gt;]/&lt;yyyyMMddHH&gt;_&lt;id&gt;.jnl</c>.
/// Thread-safe: the feed threads of every exchange append at once while the commit loop makes their records durable.
/// </summary>
/// <remarks>
/// <para>Segments are opened lazily, always as new files: a restarted process never appends to a segment an earlier
/// process left behind (its tail may be torn), so an hour can have several segments.</para>
/// <para>Late records: a record for an hour whose segments were already sealed is still accepted; it opens a new segment
/// for that hour, which the next <see cref="SealHoursBefore"/> seals. Whoever archives an hour must therefore merge every
/// segment of the hour, including ones that appear after the hour was first archived.</para>
/// <para>Durability: a record is in memory until the next commit (at most one commit interval), then written and fsynced.
/// A crash (SIGKILL or power loss) loses at most the records of the last interval; everything committed survives, and a
/// torn tail is detected by <see cref="JournalSegmentReader"/>.</para>
/// </remarks>
public sealed class JournalStore : IDisposable
{
    /// <summary>The longest commit interval allowed: records are durable within a second.</summary>
    public static readonly TimeSpan MaxCommitInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<JournalStreamHour, JournalSegmentWriter> _writers = new();
    private bool _fileSystemSync = OperatingSystem.IsLinux(); // one syncfs per group commit; off if unavailable
    private readonly Lock _createLock = new();
    private readonly Lock _unsealedLock = new();
    private readonly List<(ExchangeId Exchange, JournalSegmentWriter Writer)> _unsealed = [];
    private readonly Action<ExchangeId, long>? _committed;
    private readonly TimeProvider _time;
    private bool _disposed;

    /// <param name="root">The journal directory (created if missing).</param>
    /// <param name="committed">
    /// Told, after every commit, how many records of an exchange became durable (for the pending-records statistic).
    /// Called on the committing thread; it must be quick and must not throw.
    /// </param>
    /// <param name="time">The clock for the segments' creation times and the commit loop; <see cref="TimeProvider.System"/> by default.</param>
    public JournalStore(string root, Action<ExchangeId, long>? committed = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
        _committed = committed;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The journal directory (full path).</summary>
    public string Root { get; }

    /// <summary>
    /// Appends a trade of <paramref name="exchange"/> to the segment of its symbol and receive hour; returns the bytes it
    /// takes in the journal. Allocates nothing unless a segment has to be opened.
    /// </summary>
    /// <exception cref="ArgumentException">The symbol cannot be journaled (empty, too long, or with path characters).</exception>
    /// <exception cref="IOException">A new segment could not be created.</exception>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public int Append(ExchangeId exchange, in Trade trade)
    {
        var key = new JournalStreamHour(exchange, trade.Symbol, StreamKind.Trades, 0, HourOf(trade.ReceiveTimeMicros));
        while (true)
        {
            if (!_writers.TryGetValue(key, out var writer)) writer = Open(key);
            if (writer.TryAppend(trade, out var bytes)) return bytes;
        }
    }

    /// <summary>
    /// Appends a book snapshot (its first <paramref name="depth"/> levels per side) to the segment of its stream, depth
    /// and receive hour; returns the bytes it takes in the journal. The snapshot is copied before this returns.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="depth"/> is outside 1..<see cref="JournalFormat.MaxDepth"/>.</exception>
    /// <exception cref="ArgumentException">The symbol cannot be journaled.</exception>
    /// <exception cref="IOException">A new segment could not be created.</exception>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public int Append(BookSnapshot book, int depth)
    {
        ArgumentNullException.ThrowIfNull(book);
        if (depth is < 1 or > JournalFormat.MaxDepth) throw new ArgumentOutOfRangeException(nameof(depth), depth, $"The depth must be 1..{JournalFormat.MaxDepth}.");
        var key = new JournalStreamHour(book.Exchange, book.Symbol, StreamKind.Book, depth, HourOf(book.ReceiveTimeMicros));
        while (true)
        {
            if (!_writers.TryGetValue(key, out var writer)) writer = Open(key);
            if (writer.TryAppend(book, out var bytes)) return bytes;
        }
    }

    /// <summary>
    /// Group commit, now, on this thread: writes every segment with records that are not yet durable and makes them durable
    /// (one file-system sync on Linux, an fsync per segment elsewhere), and
    /// reports them to the commit callback. Returns the records made durable.
    /// </summary>
    /// <exception cref="IOException">A segment could not be written or synced (the others were still committed; its
    /// records stay buffered and the next commit retries them).</exception>
    public long Commit()
    {
        List<Exception>? errors = null;
        long total = 0;
        if (_fileSystemSync) total += CommitWithOneSync(ref errors);
        foreach (var (key, writer) in _writers)
        {
            if (!writer.IsDirty) continue;
            try
            {
                total += Report(key.Exchange, writer.FlushIfOpen(durable: true));
            }
            catch (IOException e)
            {
                (errors ??= []).Add(e);
            }
        }

        total += RetryUnsealed(ref errors);
        ThrowIfAny(errors);
        return total;
    }

    /// <summary>
    /// Group commit with one file-system sync: every dirty segment is written out, then a single <c>syncfs</c> makes all of
    /// them durable (with hundreds of series, one sync instead of an fsync per file). Segments it could not handle are
    /// left dirty for the per-file path that follows.
    /// </summary>
    private long CommitWithOneSync(ref List<Exception>? errors)
    {
        var pending = new List<(ExchangeId Exchange, JournalSegmentWriter Writer, long Written)>();
        foreach (var (key, writer) in _writers)
        {
            if (!writer.IsDirty) continue;
            try
            {
                var written = writer.WriteOut();
                if (written >= 0) pending.Add((key.Exchange, writer, written));
            }
            catch (IOException e)
            {
                (errors ??= []).Add(e);
            }
        }

        if (pending.Count == 0) return 0;
        try
        {
            if (!DirectorySync.SyncFileSystem(Root))
            {
                _fileSystemSync = false;
                return 0;
            }
        }
        catch (IOException e)
        {
            (errors ??= []).Add(e);
            return 0;
        }

        long total = 0;
        foreach (var (exchange, writer, written) in pending) total += Report(exchange, writer.MarkDurable(written));
        return total;
    }

    /// <summary>
    /// Commits every <paramref name="interval"/> until <paramref name="cancellationToken"/> is cancelled, then commits a
    /// last time and returns. A failed commit ends the loop with its exception (the service should stop: records can no
    /// longer be made durable).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not positive or over <see cref="MaxCommitInterval"/>.</exception>
    /// <exception cref="IOException">A commit failed.</exception>
    public async Task RunCommitLoopAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        if (interval <= TimeSpan.Zero || interval > MaxCommitInterval)
            throw new ArgumentOutOfRangeException(nameof(interval), interval, $"The commit interval must be positive and at most {MaxCommitInterval}.");
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false)) Commit();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        Commit();
    }

    /// <summary>Makes everything appended so far durable (for shutdown), off the calling thread.</summary>
    /// <exception cref="IOException">A segment could not be written or synced.</exception>
    public Task FlushAsync(CancellationToken cancellationToken = default) => Task.Run(() => { Commit(); }, cancellationToken);

    /// <summary>
    /// Seals the segments of every hour before <paramref name="hourStartMicros"/>: flushes, fsyncs and closes them, so they
    /// can be archived. Returns the segments sealed. Records for those hours that arrive later go to new segments.
    /// </summary>
    /// <exception cref="IOException">A segment could not be flushed; it stays open internally and is retried by the next
    /// seal, commit or dispose (it is listed as open meanwhile).</exception>
    public IReadOnlyList<JournalSegmentInfo> SealHoursBefore(long hourStartMicros)
    {
        List<Exception>? errors = null;
        var sealedSegments = new List<JournalSegmentInfo>();
        foreach (var (key, writer) in _writers)
        {
            if (key.HourStartMicros >= hourStartMicros || !_writers.TryRemove(new KeyValuePair<JournalStreamHour, JournalSegmentWriter>(key, writer))) continue;
            if (Seal(key.Exchange, writer, ref errors)) sealedSegments.Add(Describe(writer, isOpen: false));
        }

        RetryUnsealed(ref errors);
        ThrowIfAny(errors);
        return sealedSegments;
    }

    /// <summary>Every segment file under the root (of this process or earlier ones), by hour then path.</summary>
    public IReadOnlyList<JournalSegmentInfo> ListSegments()
    {
        var open = new HashSet<string>(StringComparer.Ordinal);
        foreach (var writer in _writers.Values) open.Add(writer.Path);
        lock (_unsealedLock)
        {
            foreach (var (_, writer) in _unsealed) open.Add(writer.Path);
        }

        var segments = new List<JournalSegmentInfo>();
        if (!Directory.Exists(Root)) return segments;
        foreach (var file in Directory.EnumerateFiles(Root, "*" + JournalFormat.Extension, SearchOption.AllDirectories))
        {
            if (!JournalPaths.TryParse(Path.GetRelativePath(Root, file), out var exchange, out var symbol, out var kind, out var depth, out var hour, out var id))
                continue;
            long length;
            try
            {
                length = new FileInfo(file).Length;
            }
            catch (FileNotFoundException)
            {
                continue; // deleted meanwhile
            }

            segments.Add(new JournalSegmentInfo(file, exchange, symbol, kind, depth, hour, id, length, open.Contains(file)));
        }

        segments.Sort((a, b) => a.HourStartMicros != b.HourStartMicros
            ? a.HourStartMicros.CompareTo(b.HourStartMicros)
            : string.CompareOrdinal(a.Path, b.Path));
        return segments;
    }

    /// <summary>Deletes a sealed segment (after its hour was archived). Deleting a missing segment does nothing.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not a segment under <see cref="Root"/>.</exception>
    /// <exception cref="InvalidOperationException">The segment is still open; seal its hour first.</exception>
    public void Delete(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(Root, full);
        if (Path.IsPathRooted(relative) || relative.StartsWith("..", StringComparison.Ordinal)
            || !JournalPaths.TryParse(relative, out _, out _, out _, out _, out _, out _))
            throw new ArgumentException($"{path} is not a journal segment under {Root}.", nameof(path));
        foreach (var writer in _writers.Values)
        {
            if (writer.Path == full) throw new InvalidOperationException($"{path} is still open; seal its hour before deleting it.");
        }

        lock (_unsealedLock)
        {
            foreach (var (_, writer) in _unsealed)
            {
                if (writer.Path == full) throw new InvalidOperationException($"{path} is still open; seal its hour before deleting it.");
            }
        }

        File.Delete(full);
    }

    /// <summary>Seals every open segment (flush, fsync, close). Appends after this throw <see cref="ObjectDisposedException"/>.</summary>
    /// <exception cref="IOException">A segment could not be flushed.</exception>
    public void Dispose()
    {
        lock (_createLock) _disposed = true;
        List<Exception>? errors = null;
        foreach (var (key, writer) in _writers)
        {
            if (_writers.TryRemove(new KeyValuePair<JournalStreamHour, JournalSegmentWriter>(key, writer))) Seal(key.Exchange, writer, ref errors);
        }

        RetryUnsealed(ref errors);
        ThrowIfAny(errors);
    }

    private static long HourOf(long micros) => micros - (((micros % ArchiveHour.MicrosPerHour) + ArchiveHour.MicrosPerHour) % ArchiveHour.MicrosPerHour);

    private JournalSegmentWriter Open(JournalStreamHour key)
    {
        lock (_createLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writers.TryGetValue(key, out var existing)) return existing;
            var problem = JournalFormat.SymbolProblem(key.Symbol);
            if (problem is not null) throw new ArgumentException(problem, nameof(key));
            var folder = JournalPaths.StreamFolder(Root, key.Exchange, key.Symbol, key.Kind, key.Depth);
            CreateFolder(folder);
            var id = Guid.NewGuid();
            var header = new JournalSegmentHeader(key.Exchange, key.Symbol, key.Kind, key.Depth, key.HourStartMicros, id, FeedClock.NowMicros(_time));
            var writer = JournalSegmentWriter.Create(Path.Combine(folder, JournalPaths.FileName(key.HourStartMicros, id)), header);
            _writers[key] = writer;
            return writer;
        }
    }

    /// <summary>Creates a stream folder and makes each new folder's entry in its parent durable.</summary>
    private void CreateFolder(string folder)
    {
        if (Directory.Exists(folder)) return;
        var missing = new Stack<string>();
        for (var dir = folder; !Directory.Exists(dir); dir = Path.GetDirectoryName(dir)!) missing.Push(dir);
        Directory.CreateDirectory(folder);
        while (missing.TryPop(out var dir)) DirectorySync.Fsync(Path.GetDirectoryName(dir)!);
    }

    private bool Seal(ExchangeId exchange, JournalSegmentWriter writer, ref List<Exception>? errors)
    {
        try
        {
            Report(exchange, writer.Close());
            return true;
        }
        catch (IOException e)
        {
            lock (_unsealedLock) _unsealed.Add((exchange, writer));
            (errors ??= []).Add(e);
            return false;
        }
    }

    private long RetryUnsealed(ref List<Exception>? errors)
    {
        (ExchangeId Exchange, JournalSegmentWriter Writer)[] pending;
        lock (_unsealedLock)
        {
            if (_unsealed.Count == 0) return 0;
            pending = [.. _unsealed];
            _unsealed.Clear();
        }

        long total = 0;
        foreach (var (exchange, writer) in pending)
        {
            var before = writer.DurableRecords;
            if (Seal(exchange, writer, ref errors)) total += writer.DurableRecords - before;
        }

        return total;
    }

    private long Report(ExchangeId exchange, long records)
    {
        if (records > 0) _committed?.Invoke(exchange, records);
        return records;
    }

    private static JournalSegmentInfo Describe(JournalSegmentWriter writer, bool isOpen)
    {
        var h = writer.Header;
        return new JournalSegmentInfo(writer.Path, h.Exchange, h.Symbol, h.Kind, h.Depth, h.HourStartMicros, h.SegmentId, writer.Bytes, isOpen);
    }

    private static void ThrowIfAny(List<Exception>? errors)
    {
        if (errors is null) return;
        if (errors.Count == 1) ExceptionDispatchInfo.Throw(errors[0]);
        throw new AggregateException("Several journal segments could not be committed.", errors);
    }
}
