using System.Diagnostics;
using System.Runtime.InteropServices;
using Archiver.Store.Archive;
using Archiver.Store.Buckets;
using Archiver.Store.Diagnostics;
using Archiver.Store.Parquet;

namespace Archiver.Store.Ingest;

/// <summary>
/// Ingests hourly archive files into the bucket store: trades into <c>SYM/1Sec/TICK</c> and the one-minute bars
/// <c>SYM/1Min/OHLCV</c>, l2book files into <c>SYM/1Sec/QUOTE</c> (<see cref="IngestKeys"/>, <see cref="IngestSchemas"/>).
/// </summary>
/// <remarks>
/// <para><b>Time.</b> Records are stamped with the exchange time (<c>exch_ts</c>, µs, so Nanoseconds is a multiple of
/// 1000); bars are exchange-time minutes. The receive time <c>ts</c> is kept as the ReceiveMicros column.</para>
/// <para><b>Which records belong to which file.</b> Files are split by receive hour, so two neighbouring files can hold
/// records with the same exchange times (a trade matched at 10:59:59.998 and received at 11:00:00.003 is in the 11:00
/// file). A record's ReceiveMicros says exactly which file it came from. Ingesting a file replaces, in one transaction,
/// every record in the whole minutes its exchange times touch (and, for a changed file, the minutes its previous
/// version touched): the records of that range that came from other files are read back and written again, merged
/// with the file's records (equal times ordered by receive time); the file's own previous records disappear. The bars
/// of those minutes are recomputed from exactly the ticks written and replace the old bars in the same transaction,
/// so bars always equal the ticks, whatever order files are ingested in; the store's on-disk aggregations follow from
/// the bar write.</para>
/// <para><b>Idempotence.</b> The <see cref="IngestLedger"/> remembers each file's size, modification time and SHA-256:
/// an unchanged file is skipped without reading it (or after hashing, when only its time changed). A file missing from
/// the ledger (e.g. after a crash before the ledger was saved) is ingested again, which by the scheme above gives the
/// same store contents.</para>
/// <para><b>Bad files.</b> A file is read and checked completely before anything is written; a corrupt file fails
/// alone with one line of error and the store is unchanged.</para>
/// </remarks>
public sealed class ArchiveIngestor
{
    private static readonly TimeSpan LedgerSaveInterval = TimeSpan.FromSeconds(2);

    private readonly IBucketStore _store;
    private readonly IngestLedger _ledger;
    private readonly DecodedArchiveFile[] _slots = [new(), new()];
    private readonly TickRows _keptTrades = new(IngestSchemas.Ticks);
    private readonly TickRows _keptQuotes = new(IngestSchemas.Quotes);
    private readonly TickMerge _merge = new();

    public ArchiveIngestor(IBucketStore store, IngestLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(ledger);
        _store = store;
        _ledger = ledger;
    }

    /// <summary>
    /// Runs each file's store section: the read-back of other files' records in the minutes it replaces, the merge and
    /// the write. Set it when the store has another writer whose writes must not fall between that read and that write
    /// (the live store writer of <c>archiver run</c> appends ticks to the same buckets); null runs the section directly.
    /// Decoding the next file is not inside it.
    /// </summary>
    public Action<Action>? StoreSection { get; init; }

    /// <summary>The archive files under <paramref name="archiveRoot"/> that <paramref name="filter"/> selects, by series then hour.</summary>
    /// <exception cref="DirectoryNotFoundException">The archive root does not exist.</exception>
    public static IReadOnlyList<ArchiveSourceFile> ListFiles(string archiveRoot, ArchiveIngestFilter filter)
    {
        ArgumentException.ThrowIfNullOrEmpty(archiveRoot);
        ArgumentNullException.ThrowIfNull(filter);
        var root = Path.GetFullPath(archiveRoot);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"archive root {root} does not exist");
        var files = new List<ArchiveSourceFile>();
        foreach (var exchangeDir in Directory.EnumerateDirectories(root))
        {
            var exchange = Path.GetFileName(exchangeDir);
            if (filter.Exchange is not null && !string.Equals(exchange, filter.Exchange, StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var path in Directory.EnumerateFiles(exchangeDir, "*.parquet", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
                if (!ArchivePaths.TryParse(relative, out var key, out var hour) || !filter.Matches(key!, hour)) continue;
                files.Add(new ArchiveSourceFile(relative, path, key!, hour));
            }
        }

        files.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Key.ToString(), b.Key.ToString());
            return c != 0 ? c : a.Hour.CompareTo(b.Hour);
        });
        return files;
    }

    /// <summary>Ingests every selected file; failures are counted and reported, not thrown. Saves the ledger as it goes and at the end.</summary>
    public IngestSummary Run(string archiveRoot, ArchiveIngestFilter filter, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var files = ListFiles(archiveRoot, filter);
        return Run(files, progress, cancellationToken);
    }

    /// <summary>
    /// Ingests <paramref name="files"/> in the given order. While a file is written, the next one is read, hashed,
    /// decoded and sorted on another thread (into the other of two reused buffers); everything touching the store
    /// and the ledger stays on the calling thread, in file order.
    /// </summary>
    public IngestSummary Run(IReadOnlyList<ArchiveSourceFile> files, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var clock = Stopwatch.StartNew();
        var lastSave = Stopwatch.StartNew();
        var dirty = false;
        int ingested = 0, unchanged = 0;
        long ticks = 0, bars = 0, quotes = 0, skipped = 0, bytes = 0;
        var failures = new List<IngestFailure>();
        StagedFile? next = null;
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var file = files[i];
                var staged = next ?? Stage(file, _slots[i % 2]);
                next = null;
                IngestFileOutcome outcome;
                string? error = null;
                try
                {
                    staged.Wait();
                    if (i + 1 < files.Count) next = Stage(files[i + 1], _slots[(i + 1) % 2]);
                    var result = IngestFile(staged);
                    outcome = result.Outcome;
                    dirty |= result.LedgerChanged;
                    if (outcome == IngestFileOutcome.Ingested)
                    {
                        ingested++;
                        ticks += result.Ticks;
                        bars += result.Bars;
                        quotes += result.Quotes;
                        skipped += result.Skipped;
                        bytes += result.Bytes;
                    }
                    else
                    {
                        unchanged++;
                    }

                    if (result.WasChanged || (dirty && lastSave.Elapsed >= LedgerSaveInterval))
                    {
                        var saving = PhaseClock.Start();
                        _ledger.Save();
                        PhaseClock.Stop(StorePhase.Ledger, saving);
                        dirty = false;
                        lastSave.Restart();
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    outcome = IngestFileOutcome.Failed;
                    error = e.Message.ReplaceLineEndings(" ").Trim();
                    failures.Add(new IngestFailure(file.RelativePath, error));
                }

                progress?.Report(new IngestProgress(file.RelativePath, outcome, error, i + 1, files.Count, ticks + quotes, bytes));
            }
        }
        finally
        {
            // A load still running must not outlive the call (it fills buffers this ingestor reuses).
            next?.Settle();
            if (dirty) _ledger.Save();
        }

        return new IngestSummary
        {
            FilesIngested = ingested, FilesUnchanged = unchanged, Failures = failures, Ticks = ticks, Bars = bars, Quotes = quotes,
            SkippedRows = skipped, Bytes = bytes, Elapsed = clock.Elapsed,
        };
    }

    private readonly record struct FileResult(IngestFileOutcome Outcome, bool LedgerChanged, bool WasChanged, long Ticks, long Bars, long Quotes, long Skipped, long Bytes);

    /// <summary>
    /// A file checked against the ledger on the calling thread and, unless its size and time are unchanged, being
    /// loaded into <see cref="Slot"/> on the thread pool.
    /// </summary>
    private sealed class StagedFile
    {
        public required ArchiveSourceFile File { get; init; }

        public required DecodedArchiveFile Slot { get; init; }

        public IngestLedgerEntry? Previous { get; init; }

        public long Size { get; init; }

        public DateTime Modified { get; init; }

        /// <summary>Null when the ledger says the file is unchanged (nothing to load).</summary>
        public Task? Load { get; init; }

        public Exception? Error { get; init; }

        /// <summary>Waits for the load; throws what the check or the load threw.</summary>
        public void Wait()
        {
            if (Error is not null) throw Error;
            Load?.GetAwaiter().GetResult();
        }

        /// <summary>Waits for the load, ignoring its outcome.</summary>
        public void Settle()
        {
            try
            {
                Load?.Wait();
            }
            catch (AggregateException)
            {
            }
        }
    }

    private StagedFile Stage(ArchiveSourceFile file, DecodedArchiveFile slot)
    {
        try
        {
            var info = new FileInfo(file.FullPath);
            if (!info.Exists) throw new FileNotFoundException($"{file.RelativePath} no longer exists");
            var previous = _ledger.Find(file.RelativePath);
            var size = info.Length;
            var modified = info.LastWriteTimeUtc;
            var known = previous is not null && previous.Size == size && previous.LastWriteUtc == modified;
            var hash = previous?.Sha256;
            return new StagedFile
            {
                File = file, Slot = slot, Previous = previous, Size = size, Modified = modified,
                Load = known ? null : Task.Run(() => slot.Load(file, hash)),
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new StagedFile { File = file, Slot = slot, Error = e };
        }
    }

    private FileResult IngestFile(StagedFile staged)
    {
        var file = staged.File;
        var previous = staged.Previous;
        if (staged.Load is null) return new FileResult(IngestFileOutcome.Unchanged, false, false, 0, 0, 0, 0, 0);
        var loaded = staged.Slot;
        if (loaded.SameContent)
        {
            _ledger.Set(file.RelativePath, previous! with { LastWriteUtc = staged.Modified });
            return new FileResult(IngestFileOutcome.Unchanged, true, false, 0, 0, 0, 0, 0);
        }

        var symbol = IngestKeys.Symbol(file.Key);
        var old = previous?.FirstNanos is long f && previous.LastNanos is long l ? new NanosRange(f, l) : (NanosRange?)null;
        var trades = file.Key.Kind == ArchiveKind.Trades;
        NanosRange? written = null;
        long bars = 0;
        void Write() => written = WriteTicks(symbol, file.Hour, loaded, trades ? _keptTrades : _keptQuotes, old, trades, out bars);
        if (StoreSection is { } section) section(Write);
        else Write();
        var rows = loaded.Rows.Count;
        _ledger.Set(file.RelativePath, new IngestLedgerEntry
        {
            Size = staged.Size, LastWriteUtc = staged.Modified, Sha256 = loaded.Hash, Rows = rows, SkippedRows = loaded.Skipped,
            FirstNanos = written?.First, LastNanos = written?.Last, IngestedUtc = DateTime.UtcNow,
        });
        return new FileResult(IngestFileOutcome.Ingested, true, previous is not null, trades ? rows : 0, bars, trades ? 0 : rows, loaded.Skipped, loaded.Length);
    }

    /// <summary>
    /// Writes a file's records (and for trades the bars) replacing the whole minutes (trades) or the exact span (quotes)
    /// of its new and previous records; returns the span of the file's records written, null when it had none.
    /// </summary>
    private NanosRange? WriteTicks(string symbol, ArchiveHour hour, DecodedArchiveFile loaded, TickRows kept, NanosRange? old, bool trades, out long bars)
    {
        bars = 0;
        var fresh = loaded.Rows;
        var span = loaded.Span;
        var replace = span is { } s ? (old is { } o ? s.Union(o) : s) : old;
        if (replace is null) return null;
        var range = trades ? replace.Value.ToWholeMinutes() : replace.Value;
        var key = trades ? IngestKeys.Ticks(symbol) : IngestKeys.Quotes(symbol);
        var barKey = IngestKeys.Bars(symbol);
        RequireSchema(key, fresh.Elements, RecordKind.Variable);
        if (trades) RequireSchema(barKey, IngestSchemas.Bars, RecordKind.Fixed);

        var clock = PhaseClock.Start();
        ReadOthers(key, range, hour, kept);
        clock = PhaseClock.Stop(StorePhase.ReadBack, clock);
        var series = _merge.Merge(fresh, loaded.Order, kept);
        clock = PhaseClock.Stop(StorePhase.SortMerge, clock);
        var start = StoreTime.FromUnixNanoseconds(range.First);
        var end = StoreTime.FromUnixNanoseconds(range.Last);
        var writes = new List<BucketWrite>(2) { new(key, series, IsVariableLength: true) { Replace = (start, end) } };
        if (trades)
        {
            var barSeries = BuildBars(series, range);
            PhaseClock.Stop(StorePhase.Bars, clock);
            bars = barSeries.RowCount;
            writes.Add(new BucketWrite(barKey, barSeries, IsVariableLength: false)
            {
                Replace = (new StoreTime(start.Seconds, 0), new StoreTime(NanosRange.FloorMinute(range.Last) / 1_000_000_000L, 0)),
            });
        }

        _store.Write(writes);
        return span;
    }

    /// <summary>The records in <paramref name="range"/> that came from other files (receive time outside <paramref name="hour"/>).</summary>
    private void ReadOthers(BucketKey key, NanosRange range, ArchiveHour hour, TickRows kept)
    {
        kept.Reset(0);
        if (_store.Find(key) is null) return;
        var existing = _store.Read(key, new ReadRequest { Start = StoreTime.FromUnixNanoseconds(range.First), End = StoreTime.FromUnixNanoseconds(range.Last) });
        if (existing.RowCount == 0) return;
        var epoch = existing.Epochs;
        var nanos = Required(existing, ColumnSeries.NanosecondsColumn, ColumnType.I4).Values<int>();
        var receive = Required(existing, IngestSchemas.ReceiveMicros, ColumnType.I8).Values<long>();
        var elements = new Column[kept.Elements.Count];
        for (var c = 0; c < elements.Length; c++) elements[c] = Required(existing, kept.Elements[c].Name, kept.Elements[c].Type);
        var count = 0;
        for (var i = 0; i < receive.Length; i++)
        {
            if (receive[i] < hour.StartMicros || receive[i] >= hour.EndMicros) count++;
        }

        kept.Reset(count);
        var time = kept.TimeBuffer;
        var k = 0;
        for (var i = 0; i < receive.Length; i++)
        {
            if (receive[i] >= hour.StartMicros && receive[i] < hour.EndMicros) continue;
            time[k++] = (epoch[i] * 1_000_000_000L) + nanos[i];
        }

        for (var c = 0; c < elements.Length; c++)
        {
            var size = kept.Elements[c].Type.Size();
            var source = elements[c].Data.Span;
            var target = kept.Buffer<byte>(c);
            k = 0;
            for (var i = 0; i < receive.Length; i++)
            {
                if (receive[i] >= hour.StartMicros && receive[i] < hour.EndMicros) continue;
                source.Slice(i * size, size).CopyTo(target.Slice(k * size, size));
                k++;
            }
        }

        kept.Advance(count);
    }

    private ColumnSeries BuildBars(ColumnSeries ticks, NanosRange range)
    {
        var minutes = (int)Math.Min(int.MaxValue, ((range.Last - range.First) / MinuteBarBuilder.NanosPerMinute) + 1);
        var capacity = Math.Min(ticks.RowCount, minutes);
        var epoch = new long[capacity];
        var values = new double[5][];
        for (var c = 0; c < 5; c++) values[c] = new double[capacity];
        var n = MinuteBarBuilder.Build(
            _merge.Time, default, MinuteBarBuilder.NanosPerMinute,
            ticks.Find(IngestSchemas.Price)!.Values<double>(), ticks.Find(IngestSchemas.Size)!.Values<double>(),
            epoch, values[0], values[1], values[2], values[3], values[4]);
        var columns = new Column[6];
        columns[0] = new Column(ColumnSeries.EpochColumn, ColumnType.I8, MemoryMarshal.AsBytes(epoch.AsSpan(0, n)).ToArray());
        for (var c = 0; c < 5; c++)
            columns[1 + c] = new Column(IngestSchemas.Bars[c].Name, ColumnType.F8, MemoryMarshal.AsBytes(values[c].AsSpan(0, n)).ToArray());
        return new ColumnSeries(columns);
    }

    private void RequireSchema(BucketKey key, IReadOnlyList<ColumnSpec> elements, RecordKind kind)
    {
        var info = _store.Find(key);
        if (info is null) return;
        var same = info.Kind == kind && info.Elements.Count == elements.Count
                   && elements.All(e => info.Elements.Any(x => x.Name == e.Name && x.Type == e.Type));
        if (!same)
        {
            throw new StoreException(
                $"bucket {key} is {info.Kind.ToString().ToLowerInvariant()} with columns ({string.Join(", ", info.Elements)}); ingest writes a " +
                $"{kind.ToString().ToLowerInvariant()} bucket with ({string.Join(", ", elements)}): destroy it or ingest into another store");
        }
    }

    private static Column Required(ColumnSeries series, string name, ColumnType type)
    {
        var column = series.Find(name) ?? throw new StoreException($"the stored records have no {name} column");
        if (column.Type != type) throw new StoreException($"the stored {name} column is {column.Type.ToTypeString()}, expected {type.ToTypeString()}");
        return column;
    }
}
