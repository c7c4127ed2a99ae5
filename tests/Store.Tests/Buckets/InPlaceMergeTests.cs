using Archiver.Store.Buckets;
using Archiver.Store.Buckets.Log;
using Archiver.Store.Buckets.Storage;
using static Archiver.Store.Tests.Buckets.Rows;

namespace Archiver.Store.Tests.Buckets;

/// <summary>
/// Changes to the last rows of a partition (the overlap between consecutive ingest files, a replaced last bar) are
/// merged in place with their before-image in the log; recovery puts checkpointed rows back before replaying, so a
/// crash at any point of the page-cache writeback recovers every acknowledged write exactly once.
/// </summary>
public sealed class InPlaceMergeTests : IDisposable
{
    private static readonly StoreTuning NoCheckpoints = new() { CheckpointInterval = TimeSpan.FromHours(1), CheckpointLogBytes = long.MaxValue };
    private readonly StoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static BucketWrite TickBlock(long firstSecond, int count, long seqBase, (StoreTime, StoreTime)? replace = null)
    {
        var epochs = new long[count];
        var nanos = new int[count];
        var seq = new long[count];
        for (var i = 0; i < count; i++)
        {
            epochs[i] = firstSecond + (i / 10);
            nanos[i] = i % 10 * 1000;
            seq[i] = seqBase + i;
        }

        return Ticks("T/1Sec/TICK", Epoch(epochs), Nanos(nanos), I8("Seq", seq)) with { Replace = replace };
    }

    private string[] VersionDirectories(string key) =>
        Directory.GetDirectories(_dir.BucketDirectory(key)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public void A_change_to_the_last_rows_merges_in_place_and_a_change_near_the_start_rewrites_a_new_version()
    {
        using var store = _dir.Open(NoCheckpoints);
        store.Write(TickBlock(T2024, 10_000, 0));
        Assert.Equal(["2024-01-01.1"], VersionDirectories("T/1Sec/TICK"));

        // Replace the last 10 seconds (100 rows) with 50 new rows: same version, rows after it gone.
        store.Write(TickBlock(T2024 + 990, 50, 100_000, (At(T2024 + 990), At(T2024 + 999, 999_999_999))));
        Assert.Equal(["2024-01-01.1"], VersionDirectories("T/1Sec/TICK"));
        var seq = store.ReadAll("T/1Sec/TICK").Values<long>("Seq");
        Assert.Equal(9_950, seq.Length);
        Assert.Equal(Enumerable.Range(0, 9_900).Select(i => (long)i).Concat(Enumerable.Range(100_000, 50).Select(i => (long)i)), seq);

        // An insert after the first stored row (same time: stored rows first) changes nearly the whole partition: a new version.
        store.Write(Ticks("T/1Sec/TICK", Epoch(T2024), Nanos(0), I8("Seq", -1)));
        Assert.Equal(["2024-01-01.2"], VersionDirectories("T/1Sec/TICK"));
        Assert.Equal([0L, -1, 1, 2], store.ReadAll("T/1Sec/TICK").Values<long>("Seq")[..4]);
    }

    [Fact]
    public void The_logged_write_carries_the_before_image_of_the_rows_it_merges_in_place()
    {
        var copy = Path.Combine(_dir.Root, "log-copy");
        using (var store = _dir.Open(NoCheckpoints))
        {
            store.Write(Fixed("B/1Min/OHLCV", Epoch(T2024, T2024 + 60, T2024 + 120), F8("Close", 1, 2, 3)));
            store.Checkpoint();
            store.Write(Fixed("B/1Min/OHLCV", Epoch(T2024 + 120, T2024 + 180), F8("Close", 30, 4)));
            File.Copy(_dir.LogPath, copy);
        }

        using var log = WriteAheadLog.Open(copy, TimeSpan.Zero, () => false, out var records, out _);
        var entry = Assert.Single(TransactionCodec.Decode(Assert.Single(records)));
        var image = Assert.Single(entry.Write!.Images);
        Assert.Equal((2L, 1), (image.FirstRow, image.Rows));
        Assert.Equal([T2024 + 120], System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(image.Columns[0].Span).ToArray());
        Assert.Equal([3.0], System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(image.Columns[1].Span).ToArray());
    }

    [Fact]
    public void Updating_the_last_bar_in_place_writes_only_the_columns_whose_values_changed()
    {
        const string key = "U/1Min/OHLCV";
        using var store = _dir.Open(NoCheckpoints);
        store.Write(Fixed(key, Epoch(T2024, T2024 + 60), F8("Open", 1, 2), F8("High", 1, 5), F8("Close", 1, 3)));
        var partition = Directory.GetDirectories(_dir.BucketDirectory(key)).Single();
        var old = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var file in Directory.GetFiles(partition)) File.SetLastWriteTimeUtc(file, old);

        // The live writer's next flush: the same minute, same Open and High, a new Close.
        store.Write(Fixed(key, Epoch(T2024 + 60), F8("Open", 2), F8("High", 5), F8("Close", 4)));

        Assert.Equal([1.0, 4.0], store.ReadAll(key).Values<double>("Close"));
        Assert.Equal([2.0, 5.0], new[] { store.ReadAll(key).Values<double>("Open")[1], store.ReadAll(key).Values<double>("High")[1] });
        var written = Directory.GetFiles(partition).Where(f => File.GetLastWriteTimeUtc(f) != old).Select(f => Path.GetFileName(f)).ToArray();
        Assert.Equal(new[] { "c2.f8" }, written);
    }

    /// <summary>
    /// After a checkpoint, a run of ingest-like writes each overlapping the previous one's last seconds (inserting
    /// between stored ticks, or replacing them) and bars inserted, overwritten and removed near the end. The column
    /// files are taken as they were after each write (a crash where the page cache had written back only that far)
    /// together with the final log: every combination recovers the same rows.
    /// </summary>
    [Fact]
    public void Rows_merged_in_place_after_a_checkpoint_are_put_back_before_the_log_is_replayed_whatever_reached_the_disk()
    {
        var snapshots = new List<string>();
        long[] expectedSeq;
        long[] expectedSlots;
        double[] expectedBars;
        var inner = new StoreDirectory();
        try
        {
            using (var store = inner.Open(NoCheckpoints))
            {
                store.Write(TickBlock(T2024, 1_000, 0));
                store.Write(Fixed("T/1Min/OHLCV", Epoch(T2024, T2024 + 60, T2024 + 180, T2024 + 240), F8("Close", 1, 2, 4, 5)));
                store.Checkpoint();
                BucketWrite[] bars =
                [
                    Fixed("T/1Min/OHLCV", Epoch(T2024 + 120), F8("Close", 3)), // inserted: the last two slots move
                    Fixed("T/1Min/OHLCV", Epoch(T2024 + 60, T2024 + 300), F8("Close", 20, 6)), // overwritten and appended
                    Fixed("T/1Min/OHLCV", Epoch(T2024 + 150), F8("Close", 30)) with { Replace = (At(T2024 + 100), At(T2024 + 200)) },
                    Fixed("T/1Min/OHLCV", Epoch(T2024 + 240, T2024 + 250), F8("Close", 50, 51)), // last row wins
                ];
                for (var k = 1; k <= 4; k++)
                {
                    // Each block starts 5 s before the stored end: odd blocks interleave with the stored ticks, even ones replace them.
                    var start = T2024 + (k * 95);
                    var replace = k % 2 == 0 ? (At(start), At(start + 1_000)) : ((StoreTime, StoreTime)?)null;
                    store.Write(TickBlock(start, 1_000, k * 10_000L, replace), bars[k - 1]);
                    var snapshot = Path.Combine(_dir.Root, $"after-{k}");
                    CopyTree(Path.Combine(inner.Root, "buckets"), Path.Combine(snapshot, "buckets"));
                    snapshots.Add(snapshot);
                }

                expectedSeq = store.ReadAll("T/1Sec/TICK").Values<long>("Seq");
                expectedSlots = store.ReadAll("T/1Min/OHLCV").Epochs();
                expectedBars = store.ReadAll("T/1Min/OHLCV").Values<double>("Close");
                foreach (var snapshot in snapshots) CopyTree(Path.Combine(inner.Root, "wal"), Path.Combine(snapshot, "wal"));
            }
        }
        finally
        {
            inner.Dispose();
        }

        Assert.Equal(1_000 + 1_000 + 950 + 1_000 + 950, expectedSeq.Length);
        Assert.Equal([0L, 60, 120, 240, 300], expectedSlots.Select(s => s - T2024));
        Assert.Equal([1.0, 20, 30, 51, 6], expectedBars);
        foreach (var snapshot in snapshots)
        {
            using var recovered = BucketStore.Open(new StoreOptions { Root = snapshot });
            Assert.Equal(expectedSeq, recovered.ReadAll("T/1Sec/TICK").Values<long>("Seq"));
            Assert.Equal(expectedSlots, recovered.ReadAll("T/1Min/OHLCV").Epochs());
            Assert.Equal(expectedBars, recovered.ReadAll("T/1Min/OHLCV").Values<double>("Close"));
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
    }
}
