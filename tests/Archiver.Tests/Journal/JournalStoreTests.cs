using System.Collections.Concurrent;
using Archiver.Cli.Journal;
using Archiver.Feeds.Model;
using Archiver.Store.Archive;

namespace Archiver.Tests.Journal;

public sealed class JournalStoreTests : IDisposable
{
    private const long HourMicros = ArchiveHour.MicrosPerHour;
    private static readonly long Hour = JournalTestData.Hour;
    private readonly string _root = Directory.CreateTempSubdirectory("journal-store-").FullName;
    private readonly ConcurrentDictionary<ExchangeId, long> _committed = new();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private JournalStore NewStore() => new(_root, (exchange, n) => _committed.AddOrUpdate(exchange, n, (_, c) => c + n));

    private static CollectingSink ReadAll(IEnumerable<JournalSegmentInfo> segments)
    {
        var sink = new CollectingSink();
        foreach (var s in segments)
        {
            var result = JournalSegmentReader.Read(s.Path, sink);
            Assert.False(result.TornTail, result.Description);
        }

        return sink;
    }

    [Fact]
    public async Task Records_are_routed_by_the_hour_of_their_receive_time()
    {
        using var store = NewStore();
        var book = new BookSnapshot(ExchangeId.Binance, "BTCUSDT", 20);
        store.Append(ExchangeId.Binance, JournalTestData.Trade(ExchangeId.Binance, "BTCUSDT", 1, receive: Hour + HourMicros - 1));
        store.Append(ExchangeId.Binance, JournalTestData.Trade(ExchangeId.Binance, "BTCUSDT", 2, receive: Hour + HourMicros));
        store.Append(ExchangeId.Binance, JournalTestData.Trade(ExchangeId.Binance, "BTCUSDT", 3, receive: Hour + HourMicros + 5));
        store.Append(JournalTestData.Fill(book, 1, receive: Hour + 10), depth: 20);
        store.Append(JournalTestData.Fill(book, 2, receive: Hour + 10), depth: 10);
        store.Append(ExchangeId.Hyperliquid, JournalTestData.Trade(ExchangeId.Hyperliquid, "BTC", 4, receive: Hour + 10));
        await store.FlushAsync();

        var segments = store.ListSegments();
        Assert.Equal(5, segments.Count);
        Assert.All(segments, s => Assert.True(s.IsOpen));
        var trades = segments.Where(s => s.Kind == StreamKind.Trades && s.Exchange == ExchangeId.Binance).ToList();
        Assert.Equal([Hour, Hour + HourMicros], trades.Select(s => s.HourStartMicros));
        Assert.Equal([1], ReadAll([trades[0]]).Trades.Select(t => (int)(t.ExchangeTimeMicros - Hour) / 1000));
        Assert.Equal([2, 3], ReadAll([trades[1]]).Trades.Select(t => (int)(t.ExchangeTimeMicros - Hour) / 1000));
        Assert.Equal(new ArchiveHour(new DateTime(2025, 1, 6, 19, 0, 0, DateTimeKind.Utc)), trades[1].Hour);
        Assert.Equal(
            Path.Combine(_root, "binance", "trades", "BTCUSDT", $"2025010619_{trades[1].SegmentId:N}.jnl"), trades[1].Path);
        var books = segments.Where(s => s.Kind == StreamKind.Book).OrderBy(s => s.Depth).ToList();
        Assert.Equal([10, 20], books.Select(b => b.Depth));
        Assert.Equal(Path.Combine(_root, "binance", "l2book", "BTCUSDT_depth10"), Path.GetDirectoryName(books[0].Path));
        Assert.Equal(BookCopy.Of(JournalTestData.Fill(book, 2), depth: 10) with { ReceiveTime = Hour + 10 }, Assert.Single(ReadAll([books[0]]).Books));
        var hl = Assert.Single(segments, s => s.Exchange == ExchangeId.Hyperliquid);
        Assert.Equal("BTC", hl.Symbol);
        Assert.Equal(hl.SegmentId, JournalSegmentReader.ReadHeader(hl.Path).SegmentId);
        Assert.Equal(6, _committed.Values.Sum());
    }

    [Fact]
    public async Task Concurrent_appends_from_three_threads_lose_nothing()
    {
        const int PerThread = 20_000;
        using var store = NewStore();
        using var cts = new CancellationTokenSource();
        var loop = store.RunCommitLoopAsync(TimeSpan.FromMilliseconds(5), cts.Token);
        var exchanges = new[] { ExchangeId.Binance, ExchangeId.Bybit, ExchangeId.Hyperliquid };
        using var start = new Barrier(exchanges.Length);
        var threads = exchanges.Select(exchange => new Thread(() =>
        {
            var book = new BookSnapshot(exchange, "SHARED", 5);
            start.SignalAndWait();
            for (var i = 0; i < PerThread; i++)
            {
                // Each thread has its own stream and all write to one shared stream, across an hour boundary.
                var receive = Hour + (i * (2 * HourMicros / PerThread));
                var trade = JournalTestData.Trade(exchange, "SHARED", i, receive);
                trade.Id = TradeId.FromNumber(((long)exchange * 1_000_000) + i);
                store.Append(ExchangeId.Binance, trade);
                if (i % 4 == 0) store.Append(JournalTestData.Fill(book, i, receive), depth: 5);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        await cts.CancelAsync();
        await loop;

        var segments = store.ListSegments();
        var shared = ReadAll(segments.Where(s => s.Kind == StreamKind.Trades));
        Assert.Equal(3 * PerThread, shared.Trades.Count);
        Assert.Equal(3 * PerThread, shared.Trades.Select(t => t.Id.Numeric).Distinct().Count());
        foreach (var exchange in exchanges)
        {
            var ids = shared.Trades.Where(t => t.Id.Numeric / 1_000_000 == (long)exchange).Select(t => t.Id.Numeric % 1_000_000).ToList();
            Assert.Equal(Enumerable.Range(0, PerThread).Select(i => (long)i), ids); // per-thread order is kept
            Assert.Equal(PerThread / 4, ReadAll(segments.Where(s => s.Kind == StreamKind.Book && s.Exchange == exchange)).Books.Count);
        }

        Assert.Equal(3 * PerThread + (3 * PerThread / 4), _committed.Values.Sum());
        Assert.Equal(3 * PerThread, _committed[ExchangeId.Binance] - (PerThread / 4));
    }

    [Fact]
    public void Sealing_closes_an_hour_and_a_late_record_opens_a_new_segment()
    {
        using var store = NewStore();
        store.Append(ExchangeId.Bybit, JournalTestData.Trade(ExchangeId.Bybit, "BTCUSDT", 1, receive: Hour + 1));
        store.Append(ExchangeId.Bybit, JournalTestData.Trade(ExchangeId.Bybit, "BTCUSDT", 2, receive: Hour + HourMicros + 1));

        var sealedSegments = store.SealHoursBefore(Hour + HourMicros);
        var first = Assert.Single(sealedSegments);
        Assert.Equal(Hour, first.HourStartMicros);
        Assert.False(first.IsOpen);
        Assert.Equal(new FileInfo(first.Path).Length, first.Length);
        Assert.Equal(1, _committed[ExchangeId.Bybit]);
        Assert.Equal(1, JournalSegmentReader.Read(first.Path, new CollectingSink()).RecordsRead);
        Assert.Empty(store.SealHoursBefore(Hour + HourMicros));

        store.Append(ExchangeId.Bybit, JournalTestData.Trade(ExchangeId.Bybit, "BTCUSDT", 3, receive: Hour + 2)); // late
        var hour = store.ListSegments().Where(s => s.HourStartMicros == Hour).ToList();
        Assert.Equal(2, hour.Count);
        Assert.Single(hour, s => s.IsOpen);
        Assert.Single(hour, s => !s.IsOpen && s.Path == first.Path);
        var late = Assert.Single(store.SealHoursBefore(Hour + HourMicros));
        Assert.NotEqual(first.SegmentId, late.SegmentId);
        Assert.Equal([3], ReadAll([late]).Trades.Select(t => (int)(t.ExchangeTimeMicros - Hour) / 1000));
        Assert.True(store.ListSegments().Single(s => s.HourStartMicros == Hour + HourMicros).IsOpen);
    }

    [Fact]
    public void Segments_are_listed_and_deleted_once_sealed()
    {
        using var store = NewStore();
        store.Append(ExchangeId.Bybit, JournalTestData.Trade(ExchangeId.Bybit, "BTCUSDT", 1, receive: Hour + 1));
        var open = Assert.Single(store.ListSegments());
        Assert.Throws<InvalidOperationException>(() => store.Delete(open.Path));
        Assert.Throws<ArgumentException>(() => store.Delete(Path.Combine(Path.GetTempPath(), "x.jnl")));
        Assert.Throws<ArgumentException>(() => store.Delete(Path.Combine(_root, "bybit", "trades", "BTCUSDT", "notes.txt")));
        File.WriteAllText(Path.Combine(_root, "stray.jnl"), "not in the layout");

        store.SealHoursBefore(Hour + HourMicros);
        store.Delete(open.Path);
        Assert.False(File.Exists(open.Path));
        Assert.Empty(store.ListSegments());
        store.Delete(open.Path); // already gone: nothing to do
    }

    [Fact]
    public async Task The_commit_loop_makes_records_durable_without_a_flush()
    {
        using var cts = new CancellationTokenSource();
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long total = 0;
        using var observed = new JournalStore(Path.Combine(_root, "observed"), (_, n) =>
        {
            if (Interlocked.Add(ref total, n) == 100) committed.TrySetResult();
        });
        var loop = observed.RunCommitLoopAsync(TimeSpan.FromMilliseconds(20), cts.Token);
        for (var i = 0; i < 100; i++) observed.Append(ExchangeId.Binance, JournalTestData.Trade(ExchangeId.Binance, "ETHUSDT", i));
        await committed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // A fresh reader, while the writer is still open, sees every record.
        var segment = Assert.Single(observed.ListSegments());
        Assert.True(segment.IsOpen);
        var result = JournalSegmentReader.Read(segment.Path, new CollectingSink());
        Assert.Equal(100, result.RecordsRead);
        Assert.False(result.TornTail);
        await cts.CancelAsync();
        await loop;
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => observed.RunCommitLoopAsync(TimeSpan.FromSeconds(2), CancellationToken.None));
    }

    [Fact]
    public async Task After_FlushAsync_a_fresh_reader_sees_everything_and_a_restart_never_reuses_a_segment()
    {
        var book = new BookSnapshot(ExchangeId.Bybit, "BTCUSDT", 50);
        using (var store = NewStore())
        {
            for (var i = 0; i < 500; i++) store.Append(JournalTestData.Fill(book, i, receive: Hour + i), depth: 50);
            await store.FlushAsync();
            var segment = Assert.Single(store.ListSegments());
            Assert.Equal(500, ReadAll([segment]).Books.Count);
            Assert.Equal(500, _committed[ExchangeId.Bybit]);
        }

        // A crash left a torn tail: a restarted store leaves that file alone and opens a new segment for the same hour.
        var old = Assert.Single(Directory.GetFiles(_root, "*.jnl", SearchOption.AllDirectories));
        var oldLength = new FileInfo(old).Length;
        using (var torn = File.OpenWrite(old)) torn.SetLength(oldLength - 3);
        using (var restarted = NewStore())
        {
            restarted.Append(JournalTestData.Fill(book, 1, receive: Hour + 7), depth: 50);
            await restarted.FlushAsync();
            var segments = restarted.ListSegments();
            Assert.Equal(2, segments.Count);
            Assert.Equal(oldLength - 3, new FileInfo(old).Length);
            var oldRead = JournalSegmentReader.Read(old, new CollectingSink());
            Assert.True(oldRead.TornTail);
            Assert.Equal(499, oldRead.RecordsRead);
            var fresh = segments.Single(s => s.Path != old);
            Assert.Equal(1, JournalSegmentReader.Read(fresh.Path, new CollectingSink()).RecordsRead);
        }
    }

    [Fact]
    public void Steady_state_appends_allocate_nothing()
    {
        using var store = NewStore();
        var book = JournalTestData.Fill(new BookSnapshot(ExchangeId.Bybit, "BTCUSDT", 20), 3, receive: Hour + 5);
        var trades = Enumerable.Range(0, 4).Select(i => JournalTestData.Trade(ExchangeId.Bybit, "BTCUSDT", i, receive: Hour + 5)).ToArray();

        void Round()
        {
            for (var i = 0; i < 1000; i++)
            {
                store.Append(ExchangeId.Bybit, trades[i & 3]);
                store.Append(book, depth: 20);
            }
        }

        // Warm up: open the segments, grow both buffers of each writer, JIT everything.
        for (var i = 0; i < 4; i++)
        {
            Round();
            store.Commit();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        Round();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        store.Commit();
        before = GC.GetAllocatedBytesForCurrentThread();
        Round();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Appends_after_dispose_are_refused_and_bad_symbols_are_rejected()
    {
        var store = NewStore();
        Assert.Throws<ArgumentException>(() => store.Append(ExchangeId.Bybit, JournalTestData.Trade(ExchangeId.Bybit, "../x", 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Append(new BookSnapshot(ExchangeId.Bybit, "BTCUSDT", 5), depth: 0));
        store.Append(ExchangeId.Bybit, JournalTestData.Trade(ExchangeId.Bybit, "BTCUSDT", 1));
        store.Dispose();
        Assert.All(store.ListSegments(), s => Assert.False(s.IsOpen));
        Assert.Equal(1, _committed[ExchangeId.Bybit]);
        Assert.Throws<ObjectDisposedException>(() => store.Append(ExchangeId.Bybit, JournalTestData.Trade(ExchangeId.Bybit, "BTCUSDT", 2)));
    }
}
