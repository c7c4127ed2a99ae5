using System.Buffers;
using System.Collections.Concurrent;
using Archiver.Store.Buckets.Log;
using Archiver.Store.Buckets.Storage;
using Archiver.Store.Diagnostics;
using Archiver.Store.Parquet.IO;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archiver.Store.Buckets;

/// <summary>
/// The bucket store engine: columnar, time-partitioned buckets under <c>&lt;root&gt;/buckets</c>, a write-ahead log
/// with group commit under <c>&lt;root&gt;/wal</c>, periodic checkpoints and crash recovery on open. See
/// <c>src/Store/Buckets/README.md</c> for the layout, the log format and the visibility rules.
/// </summary>
public sealed class BucketStore : IBucketStore
{
    private const int KeyLockCount = 256;

    private readonly string _root;
    private readonly string _bucketsRoot;
    private readonly ILogger _logger;
    private readonly StoreTuning _tuning;
    private readonly FileStream _lockFile;
    private readonly WriteAheadLog _log;
    private readonly ConcurrentDictionary<BucketKey, StoredBucket> _catalog = new();
    private readonly ConcurrentDictionary<BucketKey, string> _broken = new();
    private readonly object[] _keyLocks = Enumerable.Range(0, KeyLockCount).Select(_ => new object()).ToArray();
    private readonly ReaderWriterLockSlim _commitLock = new(LockRecursionPolicy.NoRecursion);
    private readonly object _checkpointGate = new();
    private readonly object _observerGate = new();
    private readonly Timer _timer;
    private IBucketWriteObserver[] _observers = [];
    private int _activeWriters;
    private int _checkpointQueued;
    private int _disposed;
    private Exception? _failure;

    private BucketStore(StoreOptions options, ILogger logger, StoreTuning tuning)
    {
        _logger = logger;
        _tuning = tuning;
        _root = Path.GetFullPath(options.Root);
        _bucketsRoot = Path.Combine(_root, "buckets");
        Directory.CreateDirectory(_bucketsRoot);
        var walDir = Path.Combine(_root, "wal");
        Directory.CreateDirectory(walDir);
        var lockPath = Path.Combine(_root, "store.lock");
        try
        {
            _lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new StoreException($"{_root}: the store is in use by another process, e.g. `archiver run` with the store enabled or `archiver serve`: query that process over its /rpc endpoint, or stop it first ({e.Message})", e);
        }

        try
        {
            _log = WriteAheadLog.Open(Path.Combine(walDir, "store.log"), options.CommitWindow, () => Volatile.Read(ref _activeWriters) > 1,
                out var records, out var dropped);
            if (dropped > 0) BucketStoreLog.TornTail(_logger, _log.Path, dropped);
            Recover(records);
        }
        catch
        {
            _log?.Dispose();
            _lockFile.Dispose();
            throw;
        }

        _timer = new Timer(_ => CheckpointQuietly(), null, tuning.CheckpointInterval, tuning.CheckpointInterval);
    }

    /// <summary>Opens (creating if needed) the store at <see cref="StoreOptions.Root"/>, replaying the log after a crash.</summary>
    /// <exception cref="StoreException">The store is locked by another process or its log cannot be used.</exception>
    public static BucketStore Open(StoreOptions options, ILogger? logger = null) => Open(options, logger, StoreTuning.Default);

    internal static BucketStore Open(StoreOptions options, ILogger? logger, StoreTuning tuning)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tuning);
        return new BucketStore(options, logger ?? NullLogger.Instance, tuning);
    }

    /// <summary>The store's root directory (absolute).</summary>
    public string Root => _root;

    internal static StoreException Missing(BucketKey key) => new($"bucket {key} does not exist");

    public BucketInfo Create(BucketKey key, IReadOnlyList<ColumnSpec> elements, RecordKind kind)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(elements);
        ThrowIfDisposed();
        if (kind is not (RecordKind.Fixed or RecordKind.Variable)) throw new StoreException($"unknown record kind {kind}");
        var list = elements.Where(e => e is not null && e.Name != ColumnSeries.EpochColumn
            && !(kind == RecordKind.Variable && e.Name == ColumnSeries.NanosecondsColumn)).ToArray();
        WritePreparer.CheckElements(key, list);
        var entry = new PendingEntry { Kind = LogEntryKind.Create, Key = key, RecordKind = kind, Elements = list, CreatesBucket = true };
        lock (KeyLock(key))
        {
            if (_broken.TryGetValue(key, out var reason) || _catalog.ContainsKey(key))
                throw new StoreException($"creation of new catalog entry failed: bucket {key} already exists{(reason is null ? "" : " (" + reason + ")")}");
            Commit([entry]);
        }

        return _catalog[key].Info;
    }

    public void Write(IReadOnlyList<BucketWrite> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ThrowIfDisposed();
        if (writes.Count == 0) return;
        var locks = writes.Select(w => KeyLockIndex((w ?? throw new ArgumentException("a write is null", nameof(writes))).Key)).Distinct().Order().ToArray();
        var notices = new List<BucketWriteNotice>();
        Interlocked.Increment(ref _activeWriters);
        var taken = 0;
        var pending = new List<PendingEntry>(writes.Count);
        try
        {
            for (; taken < locks.Length; taken++) Monitor.Enter(_keyLocks[locks[taken]]);
            var schemas = new Dictionary<BucketKey, BucketInfo?>();
            var preparing = PhaseClock.Start();
            foreach (var w in writes)
            {
                if (!schemas.TryGetValue(w.Key, out var info)) info = Existing(w.Key);
                var entry = WritePreparer.Prepare(w, info);
                if (entry is null) continue;
                pending.Add(entry);
                if (entry.CreatesBucket) schemas[w.Key] = new BucketInfo(w.Key, entry.RecordKind, entry.Elements);
            }

            CaptureBeforeImages(pending);
            PhaseClock.Stop(StorePhase.Prepare, preparing);
            if (pending.Count > 0) Commit(pending, notices);
        }
        finally
        {
            for (var i = taken - 1; i >= 0; i--) Monitor.Exit(_keyLocks[locks[i]]);
            foreach (var e in pending) e.Dispose();
            Interlocked.Decrement(ref _activeWriters);
        }

        Notify(notices);
        if (_log.Size > _tuning.CheckpointLogBytes && Interlocked.Exchange(ref _checkpointQueued, 1) == 0)
        {
            ThreadPool.QueueUserWorkItem(_ =>
            {
                try
                {
                    CheckpointQuietly();
                }
                finally
                {
                    Volatile.Write(ref _checkpointQueued, 0);
                }
            });
        }
    }

    /// <summary>
    /// Plans each write to an existing bucket and names the stored rows it will merge in place, so the encoder logs
    /// their before-images. Only the first write of a bucket in a transaction is planned (later ones see its effect
    /// only when applied, so they rewrite instead of merging in place).
    /// </summary>
    private void CaptureBeforeImages(List<PendingEntry> pending)
    {
        HashSet<BucketKey>? seen = null;
        foreach (var entry in pending)
        {
            seen ??= [];
            if (!seen.Add(entry.Key) || entry.Kind != LogEntryKind.Write || entry.CreatesBucket) continue;
            if (!_catalog.TryGetValue(entry.Key, out var bucket)) continue;
            var steps = PartitionPlanner.Plan(bucket, entry.Rows, entry.TimeAt, entry.Replace);
            var images = new List<TailImage>();
            foreach (var step in steps)
            {
                if (step.Action != PartitionAction.MergeTail) continue;
                images.Add(new TailImage { PartitionStart = step.Start, Version = step.Version, FirstRow = step.Position, Rows = (int)step.TailRows });
            }

            entry.Bucket = bucket;
            entry.Images = [.. images];
        }
    }

    public bool Destroy(BucketKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfDisposed();
        lock (KeyLock(key))
        {
            if (!_catalog.ContainsKey(key) && !_broken.ContainsKey(key)) return false;
            Commit([new PendingEntry { Kind = LogEntryKind.Destroy, Key = key }]);
            return true;
        }
    }

    public BucketInfo? Find(BucketKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfDisposed();
        return Existing(key);
    }

    public IReadOnlyList<BucketKey> Keys()
    {
        ThrowIfDisposed();
        return _catalog.Keys
            .OrderBy(k => k.Symbol, StringComparer.Ordinal)
            .ThenBy(k => k.Timeframe.Name, StringComparer.Ordinal)
            .ThenBy(k => k.AttributeGroup, StringComparer.Ordinal)
            .ToArray();
    }

    public IReadOnlyList<string> Symbols()
    {
        ThrowIfDisposed();
        return _catalog.Keys.Select(k => k.Symbol).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    public ColumnSeries Read(BucketKey key, ReadRequest request)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(request);
        ThrowIfDisposed();
        if (_catalog.TryGetValue(key, out var bucket)) return BucketReader.Read(bucket, request);
        if (_broken.TryGetValue(key, out var reason)) throw new StoreException($"bucket {key} is unusable: {reason}");
        throw Missing(key);
    }

    public void AddObserver(IBucketWriteObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_observerGate) _observers = [.. _observers, observer];
    }

    /// <summary>
    /// Makes every applied write durable in the column files (syncfs, or fsync per touched file), rewrites the meta
    /// files of changed buckets and empties the log. Runs periodically, when the log grows large, and on dispose.
    /// </summary>
    public void Checkpoint()
    {
        ThrowIfDisposed();
        CheckpointCore();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _timer.Dispose();
        try
        {
            if (_failure is null) CheckpointCore();
        }
        catch (Exception e) when (e is IOException or StoreException or UnauthorizedAccessException)
        {
            BucketStoreLog.CheckpointFailed(_logger, e);
        }
        finally
        {
            lock (_checkpointGate)
            {
                _log.Dispose();
                _lockFile.Dispose();
                foreach (var b in _catalog.Values) b.Dispose();
                _commitLock.Dispose();
            }
        }
    }

    private BucketInfo? Existing(BucketKey key)
    {
        if (_broken.TryGetValue(key, out var reason)) throw new StoreException($"bucket {key} is unusable: {reason}");
        return _catalog.TryGetValue(key, out var b) ? b.Info : null;
    }

    private object KeyLock(BucketKey key) => _keyLocks[KeyLockIndex(key)];

    private static int KeyLockIndex(BucketKey key) => (key.GetHashCode() & int.MaxValue) % KeyLockCount;

    /// <summary>
    /// Logs the transaction, waits for its fsync (shared with concurrent writers), then applies it. The callers hold
    /// the key locks of every bucket involved, so per bucket the apply order is the log order.
    /// </summary>
    private void Commit(List<PendingEntry> pending, List<BucketWriteNotice>? notices = null)
    {
        if (Volatile.Read(ref _failure) is { } failure)
            throw new StoreException($"the store stopped after an earlier failure ({failure.Message}); reopen it", failure);
        var clock = PhaseClock.Start();
        var record = TransactionCodec.Encode(pending, out var length, out var entries);
        clock = PhaseClock.Stop(StorePhase.Encode, clock);
        try
        {
            _commitLock.EnterReadLock();
            try
            {
                var sequence = _log.Append(record.AsSpan(0, length));
                clock = PhaseClock.Stop(StorePhase.LogWrite, clock);
                _log.WaitDurable(sequence);
                clock = PhaseClock.Stop(StorePhase.LogSync, clock);
                try
                {
                    foreach (var entry in entries)
                    {
                        var bucket = Apply(entry);
                        if (notices is not null && bucket is not null && entry.Write is { Rows: > 0 } w)
                            notices.Add(new BucketWriteNotice(bucket.Info, w.Rows, w.TimeAt(0), w.TimeAt(w.Rows - 1)));
                    }

                    PhaseClock.Stop(StorePhase.Apply, clock);
                }
                catch (Exception e) when (e is IOException or StoreException or UnauthorizedAccessException)
                {
                    // Logged but not applied: memory and files no longer match the log. Reopening replays it.
                    Volatile.Write(ref _failure, e);
                    throw new StoreException($"applying a committed write failed ({e.Message}); the store must be reopened to replay its log", e);
                }
            }
            finally
            {
                _commitLock.ExitReadLock();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(record);
        }
    }

    /// <summary>Applies one logged entry (live or during recovery); returns the bucket written, if any.</summary>
    private StoredBucket? Apply(LogEntry entry)
    {
        switch (entry.Kind)
        {
            case LogEntryKind.Create:
                if (!_catalog.ContainsKey(entry.Key)) CreateBucket(entry.Key, entry.RecordKind, entry.Elements);
                return null;
            case LogEntryKind.Destroy:
                DestroyBucket(entry.Key);
                return null;
            default:
                if (!_catalog.TryGetValue(entry.Key, out var bucket))
                {
                    if (!entry.CreatesBucket) throw new StoreException($"bucket {entry.Key} does not exist for a logged write");
                    bucket = CreateBucket(entry.Key, entry.RecordKind, entry.Elements);
                }

                bucket.Lock.EnterWriteLock();
                try
                {
                    PartitionWriter.Apply(bucket, entry.Write!);
                }
                finally
                {
                    bucket.Lock.ExitWriteLock();
                }

                return bucket;
        }
    }

    private StoredBucket CreateBucket(BucketKey key, RecordKind kind, ColumnSpec[] elements)
    {
        var dir = BucketDirectory(key);
        Directory.CreateDirectory(dir);
        var bucket = new StoredBucket(key, kind, elements, dir) { Dirty = true };
        BucketMetaFile.Write(bucket, _log.Generation);
        _broken.TryRemove(key, out _);
        _catalog[key] = bucket;
        return bucket;
    }

    private void DestroyBucket(BucketKey key)
    {
        if (_catalog.TryRemove(key, out var bucket))
        {
            bucket.Lock.EnterWriteLock();
            try
            {
                bucket.Destroyed = true;
                bucket.CloseHandles();
            }
            finally
            {
                bucket.Lock.ExitWriteLock();
            }
        }

        _broken.TryRemove(key, out _);
        DeleteBucketDirectory(key);
    }

    private void DeleteBucketDirectory(BucketKey key)
    {
        var dir = BucketDirectory(key);
        if (!Directory.Exists(dir)) return;
        // The meta goes first: a directory without one is never mistaken for a bucket after a crash.
        File.Delete(Path.Combine(dir, BucketMetaFile.FileName));
        Directory.Delete(dir, recursive: true);
        for (var parent = Path.GetDirectoryName(dir); parent is not null && parent.Length > _bucketsRoot.Length; parent = Path.GetDirectoryName(parent))
        {
            if (Directory.EnumerateFileSystemEntries(parent).Any()) break;
            Directory.Delete(parent);
        }
    }

    /// <summary><c>&lt;root&gt;/buckets/SYMBOL/TIMEFRAME/ATTRGROUP</c>, checked to stay inside the store.</summary>
    private string BucketDirectory(BucketKey key)
    {
        var dir = Path.GetFullPath(Path.Combine(_bucketsRoot, key.Symbol, key.Timeframe.Name, key.AttributeGroup));
        if (!dir.StartsWith(_bucketsRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || Path.GetRelativePath(_bucketsRoot, dir).Split(Path.DirectorySeparatorChar).Length != 3)
            throw new StoreException($"bucket key {key} does not map to a directory inside the store");
        return dir;
    }

    private void Notify(List<BucketWriteNotice> notices)
    {
        var observers = Volatile.Read(ref _observers);
        if (observers.Length == 0 || notices.Count == 0) return;
        foreach (var o in observers)
        {
            if (o is IBucketWriteBatchObserver batch)
            {
                Tell(batch, notices, notices[0]);
                continue;
            }

            foreach (var notice in notices) Tell(o, null, notice);
        }
    }

    /// <summary>
    /// One observer call: the whole transaction (<paramref name="notices"/>) to a batch observer, else
    /// <paramref name="notice"/>. A failure is logged naming <paramref name="notice"/>'s bucket, never thrown to the writer.
    /// </summary>
    private void Tell(IBucketWriteObserver observer, List<BucketWriteNotice>? notices, BucketWriteNotice notice)
    {
        try
        {
            if (notices is not null) ((IBucketWriteBatchObserver)observer).OnWritten(this, notices);
            else observer.OnWritten(this, notice);
        }
#pragma warning disable CA1031 // An observer's failure is logged, never thrown to the writer (IBucketWriteObserver contract).
        catch (Exception e)
#pragma warning restore CA1031
        {
            BucketStoreLog.ObserverFailed(_logger, e, observer.GetType().Name, notice.Bucket.Key.ToString());
        }
    }

    private void CheckpointQuietly()
    {
        try
        {
            if (Volatile.Read(ref _disposed) == 0 && Volatile.Read(ref _failure) is null) CheckpointCore();
        }
        catch (Exception e) when (e is IOException or StoreException or UnauthorizedAccessException or ObjectDisposedException)
        {
            BucketStoreLog.CheckpointFailed(_logger, e);
        }
    }

    private void CheckpointCore()
    {
        lock (_checkpointGate)
        {
            if (_log is null) return;

            // Write back what is dirty now while writers go on, so that the sync below, under the lock that stops them,
            // finds little left to write: a checkpoint then holds writes back for the meta files and a short sync, not
            // for seconds of column data (the live writer's queue overflowed during such pauses). Only an early start
            // of the same work: what makes the checkpoint durable is still the locked part.
            if (_log.HasRecords) DirectorySync.SyncFileSystem(_root);
            var clock = PhaseClock.Start();
            _commitLock.EnterWriteLock();
            try
            {
                var dirty = _catalog.Values.Where(b => b.Dirty).ToList();
                if (dirty.Count == 0 && !_log.HasRecords) return;
                var generation = _log.Generation + 1;
                foreach (var b in dirty) BucketMetaFile.Write(b, generation);
                if (!DirectorySync.SyncFileSystem(_root))
                {
                    foreach (var b in dirty)
                    {
                        foreach (var p in b.Partitions.Values.Where(p => p.Dirty))
                        {
                            using var files = new PartitionFiles(b, b.PartitionDirectory(p), write: true);
                            files.CreateAll();
                            files.Flush();
                        }

                        using (var meta = File.OpenHandle(b.MetaPath, FileMode.Open, FileAccess.ReadWrite)) RandomAccess.FlushToDisk(meta);
                        DirectorySync.Fsync(b.Directory);
                    }
                }

                _log.Reset(generation);
                foreach (var b in dirty)
                {
                    b.Dirty = false;
                    foreach (var p in b.Partitions.Values)
                    {
                        p.Dirty = false;
                        p.CheckpointedVersion = p.Version;
                    }

                    foreach (var d in b.DeferredDeletes)
                    {
                        if (Directory.Exists(d)) Directory.Delete(d, recursive: true);
                    }

                    b.DeferredDeletes.Clear();
                }
            }
            finally
            {
                _commitLock.ExitWriteLock();
                PhaseClock.Stop(StorePhase.Checkpoint, clock);
            }
        }
    }

    /// <summary>
    /// Crash recovery: every bucket goes back to its checkpointed state (column files cut to the checkpointed row
    /// counts, newer partition versions removed), then the logged transactions are applied again in order. Entries
    /// for a key before its last logged destroy are skipped; that destroy removes whatever was there.
    /// </summary>
    private void Recover(List<byte[]> records)
    {
        var entries = new List<LogEntry>();
        foreach (var payload in records)
        {
            try
            {
                entries.AddRange(TransactionCodec.Decode(payload));
            }
            catch (InvalidDataException e)
            {
                throw new StoreException($"{_log.Path}: a logged transaction is damaged ({e.Message}); move the log away to open the store without it", e);
            }
        }

        var lastDestroy = new Dictionary<BucketKey, int>();
        var creators = new HashSet<BucketKey>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Kind == LogEntryKind.Destroy) lastDestroy[entries[i].Key] = i;
            if (entries[i].CreatesBucket) creators.Add(entries[i].Key);
        }

        foreach (var key in lastDestroy.Keys) DeleteBucketDirectory(key);
        var upToDate = new HashSet<BucketKey>();
        LoadCatalog(creators, upToDate);

        // Undo, newest first: rows merged in place after the checkpoint get their checkpointed bytes back, so the
        // replay below starts from exactly the checkpointed state.
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            var entry = entries[i];
            if (entry.Write is not { Images.Length: > 0 } write) continue;
            if ((lastDestroy.TryGetValue(entry.Key, out var d) && i < d) || upToDate.Contains(entry.Key)) continue;
            if (!_catalog.TryGetValue(entry.Key, out var b) || b.Kind != entry.RecordKind || !b.Elements.SequenceEqual(entry.Elements)) continue;
            foreach (var image in write.Images) Undo(b, image);
        }
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (lastDestroy.TryGetValue(entry.Key, out var d) && i < d) continue;
            // Its meta was written by a checkpoint that crashed before emptying the log: it has these entries already.
            if (upToDate.Contains(entry.Key)) continue;
            if (entry.Kind == LogEntryKind.Write && _broken.TryGetValue(entry.Key, out var reason))
            {
                BucketStoreLog.ReplaySkipped(_logger, entry.Key.ToString(), reason);
                continue;
            }

            if (entry.Kind == LogEntryKind.Write && _catalog.TryGetValue(entry.Key, out var b)
                && (b.Kind != entry.RecordKind || !b.Elements.SequenceEqual(entry.Elements)))
            {
                BucketStoreLog.ReplaySkipped(_logger, entry.Key.ToString(), "the bucket's schema differs from the logged write");
                continue;
            }

            Apply(entry);
        }

        if (entries.Count > 0)
        {
            CheckpointCore();
            BucketStoreLog.Recovered(_logger, _root, records.Count);
        }
    }

    /// <summary>Writes a before-image back over the checkpointed rows of the partition version it was taken from.</summary>
    private static void Undo(StoredBucket bucket, TailImage image)
    {
        if (!bucket.Partitions.TryGetValue(image.PartitionStart, out var p) || p.Version != image.Version) return;
        var rows = Math.Min(image.FirstRow + image.Rows, p.Rows) - image.FirstRow;
        if (rows <= 0) return;
        using var files = new PartitionFiles(bucket, bucket.PartitionDirectory(p), write: true);
        for (var c = 0; c < bucket.StoredColumnCount; c++)
        {
            var size = bucket.StoredColumn(c).Type.Size();
            files.Write(c, image.FirstRow, image.Columns[c].Span[..(int)(rows * size)]);
        }

        p.Dirty = true;
        bucket.Dirty = true;
    }

    private void LoadCatalog(HashSet<BucketKey> creators, HashSet<BucketKey> upToDate)
    {
        foreach (var symbolDir in Directory.EnumerateDirectories(_bucketsRoot))
        {
            foreach (var timeframeDir in Directory.EnumerateDirectories(symbolDir))
            {
                foreach (var dir in Directory.EnumerateDirectories(timeframeDir))
                {
                    BucketKey key;
                    try
                    {
                        key = new BucketKey(Path.GetFileName(symbolDir), Path.GetFileName(timeframeDir), Path.GetFileName(dir));
                    }
                    catch (StoreException e)
                    {
                        BucketStoreLog.SkippedDirectory(_logger, dir, e.Message);
                        continue;
                    }

                    LoadBucket(key, dir, creators, upToDate);
                }
            }
        }
    }

    private void LoadBucket(BucketKey key, string dir, HashSet<BucketKey> creators, HashSet<BucketKey> upToDate)
    {
        var metaPath = Path.Combine(dir, BucketMetaFile.FileName);
        File.Delete(metaPath + ".tmp");
        if (!File.Exists(metaPath))
        {
            if (creators.Contains(key))
            {
                // Created after the last checkpoint and interrupted: the log creates it again.
                Directory.Delete(dir, recursive: true);
                return;
            }

            _broken[key] = $"{metaPath}: the bucket meta file is missing";
            BucketStoreLog.BrokenBucket(_logger, key.ToString(), _broken[key]);
            return;
        }

        try
        {
            var content = BucketMetaFile.Read(metaPath);
            var bucket = new StoredBucket(key, content.Kind, content.Elements, dir);
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in content.Partitions)
            {
                if (!bucket.Partitions.TryAdd(p.Start, p)) throw new StoreException($"{metaPath}: partition {p.Start} appears twice");
                var pdir = bucket.PartitionDirectory(p);
                referenced.Add(Path.GetFileName(pdir));
                for (var c = 0; c < bucket.StoredColumnCount; c++)
                {
                    var (file, type) = bucket.StoredColumn(c);
                    var path = Path.Combine(pdir, file);
                    var info = new FileInfo(path);
                    if (!info.Exists) throw new StoreException($"{path}: the column file is missing (damaged store)");
                    var need = p.Rows * type.Size();
                    if (info.Length < need) throw new StoreException($"{path}: the column file has {info.Length} bytes, {need} expected (damaged store)");
                    if (info.Length > need)
                    {
                        // Appended after the last checkpoint: the log has those rows and applies them again.
                        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
                        RandomAccess.SetLength(handle, need);
                    }
                }

                bucket.NextVersion = Math.Max(bucket.NextVersion, p.Version + 1);
            }

            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                var name = Path.GetFileName(sub);
                if (PartitionScheme.IsPartitionDirectoryName(name) && !referenced.Contains(name)) Directory.Delete(sub, recursive: true);
            }

            _catalog[key] = bucket;
            if (content.Generation > _log.Generation) upToDate.Add(key);
        }
        catch (StoreException e)
        {
            _broken[key] = e.Message;
            BucketStoreLog.BrokenBucket(_logger, key.ToString(), e.Message);
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
