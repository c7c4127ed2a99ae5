using Archiver.Cli.Archiving;
using Archiver.Cli.Live;
using Archiver.Feeds.Model;
using Archiver.Store;
using Archiver.Store.Buckets;
using Archiver.Store.Ingest;
using Archiver.Store.Tests.Ingest;
using Archiver.Tests.Archiving;
using Archiver.Tests.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archiver.Tests.Live;

/// <summary>
/// The service's archive and live-store path without the host: the recorder and hour closer on a hand-set clock, the
/// live writer (flushed by the test) and the reconciler on one on-disk store, and a fresh ingest of the archive into
/// an empty store to compare with.
/// </summary>
internal sealed class ReconcileRig : IAsyncDisposable
{
    private readonly LogCapture _logs = new();
    private readonly ILoggerFactory _loggers;

    public ReconcileRig(DateTimeOffset now, LiveStoreOptions? live = null, IBucketStore? store = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("archiver-reconcile-").FullName;
        Clock = new ManualClock(now);
        Options = new ArchiveOptions
        {
            ArchiveRoot = Path.Combine(Directory, "archives"), JournalDirectory = Path.Combine(Directory, "journal"),
            CloseGrace = TimeSpan.FromSeconds(10), CommitInterval = TimeSpan.FromMilliseconds(50),
        };
        StoreRoot = Path.Combine(Directory, "store");
        Live = live ?? new LiveStoreOptions();
        Recorder = new ArchiveRecorder(Options, Clock);
        Closer = new HourCloser(Options, Recorder.Journal, Clock, NullLogger.Instance);
        Store = store ?? BucketStore.Open(new StoreOptions { Root = StoreRoot });
        _loggers = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        Writer = NewWriter();
        Reconciler = new LiveStoreReconciler(Live, StoreRoot, Options.ArchiveRoot, Writer, Clock, _loggers.CreateLogger<LiveStoreReconciler>());
    }

    public string Directory { get; }

    public ManualClock Clock { get; }

    public ArchiveOptions Options { get; }

    public string StoreRoot { get; }

    public LiveStoreOptions Live { get; }

    public ArchiveRecorder Recorder { get; }

    public HourCloser Closer { get; }

    public IBucketStore Store { get; }

    public LiveStoreWriter Writer { get; private set; }

    public LiveStoreReconciler Reconciler { get; private set; }

    public IReadOnlyList<CapturedLog> Logs => _logs.Entries;

    /// <summary>A live writer attached to the store (flushed by the test), as after a restart: its duplicate check starts empty.</summary>
    public LiveStoreWriter NewWriter()
    {
        var writer = new LiveStoreWriter(Live, NullLogger.Instance, Clock);
        writer.Attach(Store);
        return writer;
    }

    /// <summary>Replaces the writer and the reconciler, as a restarted service would have them.</summary>
    public void Restart()
    {
        Writer = NewWriter();
        Reconciler = new LiveStoreReconciler(Live, StoreRoot, Options.ArchiveRoot, Writer, Clock, _loggers.CreateLogger<LiveStoreReconciler>());
    }

    /// <summary>A trade as the tee delivers it: to the archive always, to the live writer unless it is dropped for the store.</summary>
    public void Trade(in Trade trade, bool live = true)
    {
        Recorder.OnTrade(trade);
        if (live) Writer.OnTrade(trade);
    }

    public void Book(BookSnapshot book, bool live = true)
    {
        Recorder.OnBook(book);
        if (live) Writer.OnBook(book);
    }

    /// <summary>Makes the journal durable, sets the clock and runs the hour close; returns the files written.</summary>
    public async Task<IReadOnlyList<string>> CloseAsync(DateTimeOffset at)
    {
        await Recorder.FlushAsync(CancellationToken.None);
        Clock.Now = at;
        return await Closer.CloseDueHoursAsync(CancellationToken.None);
    }

    /// <summary>Hands the closed files to the reconciler, as the hour-close job does, and waits until it is idle.</summary>
    public async Task ReconcileAsync(IReadOnlyList<string> files)
    {
        Reconciler.OnHourClosed(files);
        await Reconciler.WaitIdleAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Every archive file ingested into an empty store.</summary>
    public InMemoryBucketStore FreshIngest()
    {
        var store = new InMemoryBucketStore();
        var summary = new ArchiveIngestor(store, IngestLedger.Load(Path.Combine(Directory, $"fresh-{Guid.NewGuid():N}.json")))
            .Run(Options.ArchiveRoot, ArchiveIngestFilter.All);
        Assert.Equal(0, summary.FilesFailed);
        return store;
    }

    /// <summary>Each of the symbols' tick, bar and quote buckets, byte for byte (empty when missing).</summary>
    public static string[] Contents(IBucketStore store, params string[] symbols) =>
        symbols.SelectMany(s => new[] { IngestKeys.Ticks(s), IngestKeys.Bars(s), IngestKeys.Quotes(s) })
            .SelectMany(k => new[] { k.ToString() }.Concat(store.Find(k) is null ? [] : LiveFeed.Fingerprint(LiveFeed.ReadAll(store, k))))
            .ToArray();

    public async ValueTask DisposeAsync()
    {
        await Reconciler.DisposeAsync();
        await Writer.DisposeAsync();
        await Recorder.DisposeAsync();
        Store.Dispose();
        _loggers.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
