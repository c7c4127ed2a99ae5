using Archiver.Store.Buckets;
using Archiver.Store.Buckets.Storage;
using static Archiver.Store.Tests.Buckets.Rows;

namespace Archiver.Store.Tests.Buckets;

/// <summary>Reopening, recovery from the log, torn log tails and damaged files.</summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly StoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly StoreTuning NoCheckpoints = new() { CheckpointInterval = TimeSpan.FromHours(1), CheckpointLogBytes = long.MaxValue };

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "store.lock"))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    private static void WriteSample(IBucketStore store)
    {
        store.Write(Fixed("A/1Min/OHLCV", Epoch(T2024, T2024 + 60), F8("Close", 1, 2)));
        store.Write(Ticks("A/1Sec/TICK", Epoch(T2024, T2024), Nanos(1, 2), F4("P", 1, 2)));
        store.Write(Fixed("A/1Min/OHLCV", Epoch(T2024 + 30, T2024 + 120), F8("Close", 10, 3)));
        store.Write(Ticks("A/1Sec/TICK", Epoch(T2024 - 5, T2024 + 1), Nanos(0, 0), F4("P", 0, 3)));
        store.Create(BucketKey.Parse("B/1D/OHLCV"), [new ColumnSpec("Close", ColumnType.F8)], RecordKind.Fixed);
        store.Write(Fixed("C/1H/OHLCV", Epoch(T2024), F8("Close", 1)));
        store.Destroy(BucketKey.Parse("C/1H/OHLCV"));
    }

    private static void AssertSample(IBucketStore store)
    {
        Assert.Equal(["A/1Min/OHLCV", "A/1Sec/TICK", "B/1D/OHLCV"], store.Keys().Select(k => k.ToString()));
        var bars = store.ReadAll("A/1Min/OHLCV");
        Assert.Equal([T2024, T2024 + 60, T2024 + 120], bars.Epochs());
        Assert.Equal([10.0, 2, 3], bars.Values<double>("Close"));
        var ticks = store.ReadAll("A/1Sec/TICK");
        Assert.Equal([0f, 1, 2, 3], ticks.Values<float>("P"));
        Assert.Equal([0, 1, 2, 0], ticks.NanosOf());
        Assert.Equal(0, store.ReadAll("B/1D/OHLCV").RowCount);
    }

    [Fact]
    public void Reopen_after_dispose_keeps_everything_and_empties_the_log()
    {
        using (var store = _dir.Open()) WriteSample(store);
        Assert.Equal(16, new FileInfo(_dir.LogPath).Length);
        using (var store = _dir.Open()) AssertSample(store);
    }

    [Fact]
    public void A_store_copied_mid_flight_recovers_every_write_from_the_log_exactly_once()
    {
        var copy = Path.Combine(_dir.Root, "copy");
        var inner = new StoreDirectory();
        try
        {
            using (var store = inner.Open(NoCheckpoints))
            {
                WriteSample(store);
                Assert.True(new FileInfo(inner.LogPath).Length > 16);
                CopyDirectory(inner.Root, copy); // what a crash leaves: files as written, no checkpoint
            }

            using var recovered = BucketStore.Open(new StoreOptions { Root = copy });
            AssertSample(recovered);
        }
        finally
        {
            inner.Dispose();
        }
    }

    [Fact]
    public void Recovery_after_a_checkpoint_replays_only_later_writes_and_keeps_old_partition_versions_until_then()
    {
        var copy = Path.Combine(_dir.Root, "copy");
        var inner = new StoreDirectory();
        try
        {
            using (var store = inner.Open(NoCheckpoints))
            {
                store.Write(Ticks("A/1Sec/TICK", Epoch(T2024, T2024 + 2), Nanos(0, 0), F4("P", 1, 3)));
                store.Checkpoint();
                store.Write(Ticks("A/1Sec/TICK", Epoch(T2024 + 1), Nanos(0), F4("P", 2))); // rewrite into a new version
                store.Write(Ticks("A/1Sec/TICK", Epoch(T2024 + 3), Nanos(0), F4("P", 4))); // append to it
                CopyDirectory(inner.Root, copy);
            }

            using var recovered = BucketStore.Open(new StoreOptions { Root = copy });
            Assert.Equal([1f, 2, 3, 4], recovered.ReadAll("A/1Sec/TICK").Values<float>("P"));
            Assert.Single(Directory.GetDirectories(Path.Combine(copy, "buckets", "A", "1Sec", "TICK")));
        }
        finally
        {
            inner.Dispose();
        }
    }

    [Fact]
    public void A_torn_or_corrupt_log_tail_is_dropped_and_earlier_transactions_survive()
    {
        var copy = Path.Combine(_dir.Root, "copy");
        var inner = new StoreDirectory();
        try
        {
            var again = Path.Combine(_dir.Root, "again");
            long afterFirst;
            using (var store = inner.Open(NoCheckpoints))
            {
                store.Write(Fixed("A/1Min/OHLCV", Epoch(T2024), F8("Close", 1)));
                afterFirst = new FileInfo(inner.LogPath).Length;
                store.Write(Fixed("A/1Min/OHLCV", Epoch(T2024 + 60), F8("Close", 2)));
                CopyDirectory(inner.Root, copy);
                CopyDirectory(inner.Root, again);
            }

            var log = Path.Combine(copy, "wal", "store.log");
            var bytes = File.ReadAllBytes(log);
            bytes[^3] ^= 0x40; // a flipped bit in the second record
            File.WriteAllBytes(log, [.. bytes, 1, 2, 3]);
            using (var recovered = BucketStore.Open(new StoreOptions { Root = copy }))
            {
                Assert.Equal([1.0], recovered.ReadAll("A/1Min/OHLCV").Values<double>("Close"));
                Assert.Equal(16, new FileInfo(log).Length); // recovered, checkpointed, emptied
            }

            // A log cut in the middle of a record: same outcome.
            var log2 = Path.Combine(again, "wal", "store.log");
            using (var fs = new FileStream(log2, FileMode.Open)) fs.SetLength(afterFirst + 10);
            using var recovered2 = BucketStore.Open(new StoreOptions { Root = again });
            Assert.Equal([1.0], recovered2.ReadAll("A/1Min/OHLCV").Values<double>("Close"));
        }
        finally
        {
            inner.Dispose();
        }
    }

    [Fact]
    public void A_truncated_column_file_is_a_clear_error_naming_it_and_other_buckets_keep_working()
    {
        using (var store = _dir.Open())
        {
            store.Write(Fixed("A/1Min/OHLCV", Epoch(T2024, T2024 + 60), F8("Close", 1, 2)));
            store.Write(Fixed("B/1Min/OHLCV", Epoch(T2024), F8("Close", 5)));
        }

        var file = Directory.GetFiles(_dir.BucketDirectory("A/1Min/OHLCV"), "c0.f8", SearchOption.AllDirectories).Single();
        using (var fs = new FileStream(file, FileMode.Open)) fs.SetLength(8);
        using (var store = _dir.Open())
        {
            var e = Assert.Throws<StoreException>(() => store.ReadAll("A/1Min/OHLCV"));
            Assert.Contains(file, e.Message, StringComparison.Ordinal);
            Assert.Contains("8 bytes, 16 expected", e.Message, StringComparison.Ordinal);
            Assert.Throws<StoreException>(() => store.Write(Fixed("A/1Min/OHLCV", Epoch(T2024), F8("Close", 1))));
            Assert.Equal([5.0], store.ReadAll("B/1Min/OHLCV").Values<double>("Close"));
            Assert.Equal(["B/1Min/OHLCV"], store.Keys().Select(k => k.ToString()));
            // The damaged bucket can be destroyed and written again.
            Assert.True(store.Destroy(BucketKey.Parse("A/1Min/OHLCV")));
            store.Write(Fixed("A/1Min/OHLCV", Epoch(T2024), F8("Close", 7)));
            Assert.Equal([7.0], store.ReadAll("A/1Min/OHLCV").Values<double>("Close"));
        }
    }

    [Fact]
    public void A_corrupt_meta_file_is_a_clear_error_naming_it()
    {
        using (var store = _dir.Open()) store.Write(Fixed("A/1Min/OHLCV", Epoch(T2024), F8("Close", 1)));
        var meta = Path.Combine(_dir.BucketDirectory("A/1Min/OHLCV"), "bucket.meta");
        var bytes = File.ReadAllBytes(meta);
        bytes[10] ^= 1;
        File.WriteAllBytes(meta, bytes);
        using var reopened = _dir.Open();
        var e = Assert.Throws<StoreException>(() => reopened.ReadAll("A/1Min/OHLCV"));
        Assert.Contains(meta, e.Message, StringComparison.Ordinal);
        Assert.Contains("checksum mismatch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_open_of_the_same_root_is_refused()
    {
        using var store = _dir.Open();
        var e = Assert.Throws<StoreException>(() => _dir.Open());
        Assert.Contains("in use by another process", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bucket_keys_cannot_leave_the_store()
    {
        Assert.Throws<StoreException>(() => BucketKey.Parse("../1Min/OHLCV"));
        Assert.Throws<StoreException>(() => new BucketKey("A", "1Min", ".."));
        Assert.Throws<StoreException>(() => new BucketKey("A\\B", "1Min", "X"));
    }
}
