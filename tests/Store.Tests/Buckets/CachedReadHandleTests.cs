using Archiver.Store.Buckets;
using static Archiver.Store.Tests.Buckets.Rows;

namespace Archiver.Store.Tests.Buckets;

/// <summary>
/// Reads keep column files open between reads; every change that replaces files (a merge-rewrite into a new partition
/// version, destroy and re-create) must be seen by the next read, and changes in place (appends, overwrites) too.
/// </summary>
public sealed class CachedReadHandleTests : IDisposable
{
    private readonly StoreDirectory _dir = new();
    private readonly BucketStore _store;

    public CachedReadHandleTests() => _store = _dir.Open();

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Reads_after_append_overwrite_rewrite_and_recreate_see_the_current_files()
    {
        const string key = "CACHE/1Min/OHLCV";
        _store.Write(Fixed(key, Epoch(T2024, T2024 + 120), F8("Close", 1, 3)));
        Assert.Equal([1.0, 3.0], _store.ReadAll(key).Values<double>("Close"));

        _store.Write(Fixed(key, Epoch(T2024 + 180), F8("Close", 4)));
        Assert.Equal([1.0, 3.0, 4.0], _store.ReadAll(key).Values<double>("Close"));

        _store.Write(Fixed(key, Epoch(T2024 + 120), F8("Close", 30)));
        Assert.Equal([1.0, 30.0, 4.0], _store.ReadAll(key).Values<double>("Close"));

        // Between stored slots: the partition is merge-rewritten into a new version directory, the old one deleted.
        _store.Write(Fixed(key, Epoch(T2024 + 60), F8("Close", 2)));
        Assert.Equal([T2024, T2024 + 60, T2024 + 120, T2024 + 180], _store.ReadAll(key).Epochs());
        Assert.Equal([1.0, 2.0, 30.0, 4.0], _store.ReadAll(key).Values<double>("Close"));

        Assert.True(_store.Destroy(BucketKey.Parse(key)));
        _store.Write(Fixed(key, Epoch(T2024 + 60), F8("Close", 9)));
        Assert.Equal([T2024 + 60], _store.ReadAll(key).Epochs());
        Assert.Equal([9.0], _store.ReadAll(key).Values<double>("Close"));
    }

    [Fact]
    public void Writes_through_kept_open_handles_land_in_the_current_version_and_survive_a_reopen()
    {
        const string key = "WRITES/1Sec/TICK";
        // More rows after the insertion point than an in-place tail merge takes: the early tick forces a new version.
        var first = Enumerable.Range(0, 6000).Select(i => T2024 + 10 + i).ToArray();
        _store.Write(Ticks(key, Epoch(first), F8("Price", first.Select(e => (double)e).ToArray())));
        _store.Write(Ticks(key, Epoch(T2024 + 7000), F8("Price", 7000))); // append through the kept-open write handles
        _store.Write(Ticks(key, Epoch(T2024 + 5), F8("Price", 5))); // before everything: a rewrite into a new version
        _store.Write(Ticks(key, Epoch(T2024 + 8000), F8("Price", 8000))); // append again: must go to the new version's files
        var expected = new[] { T2024 + 5 }.Concat(first).Concat([T2024 + 7000, T2024 + 8000]).ToArray();
        Assert.Equal(expected, _store.ReadAll(key).Epochs());

        _store.Dispose();
        using var reopened = _dir.Open();
        Assert.Equal(expected, reopened.ReadAll(key).Epochs());
        Assert.Equal(new[] { 5.0 }.Concat(first.Select(e => (double)e)).Concat([7000.0, 8000.0]).ToArray(), reopened.ReadAll(key).Values<double>("Price"));
    }

    [Fact]
    public void A_reopened_store_reads_the_same_rows_after_the_first_one_cached_handles()
    {
        const string key = "REOPEN/1Min/OHLCV";
        _store.Write(Fixed(key, Epoch(T2024, T2024 + 60), F8("Close", 1, 2)));
        Assert.Equal([1.0, 2.0], _store.ReadAll(key).Values<double>("Close"));
        _store.Dispose();
        using var reopened = _dir.Open();
        Assert.Equal([1.0, 2.0], reopened.ReadAll(key).Values<double>("Close"));
        reopened.Write(Fixed(key, Epoch(T2024 + 30 * 60), F8("Close", 3)));
        Assert.Equal([1.0, 2.0, 3.0], reopened.ReadAll(key).Values<double>("Close"));
    }

    [Fact]
    public void Rewriting_the_latest_slot_of_a_fixed_bucket_like_a_live_bar_replaces_only_that_row_and_survives_a_reopen()
    {
        const string key = "LIVEBAR/1Min/OHLCV";
        _store.Write(Fixed(key, Epoch(T2024, T2024 + 60, T2024 + 120), F8("Close", 1, 2, 3)));
        _store.Write(Fixed(key, Epoch(T2024 + 120), F8("Close", 30)));
        _store.Write(Fixed(key, Epoch(T2024 + 150), F8("Close", 31))); // the same minute slot again
        _store.Write(Fixed(key, Epoch(T2024 + 120, T2024 + 180), F8("Close", 32, 4)));
        Assert.Equal([T2024, T2024 + 60, T2024 + 120, T2024 + 180], _store.ReadAll(key).Epochs());
        Assert.Equal([1.0, 2.0, 32.0, 4.0], _store.ReadAll(key).Values<double>("Close"));
        _store.Dispose();
        using var reopened = _dir.Open();
        Assert.Equal([1.0, 2.0, 32.0, 4.0], reopened.ReadAll(key).Values<double>("Close"));
    }

    [Theory]
    [InlineData(null, 512)]
    [InlineData(1024L, 512)]
    [InlineData(8192L, 4096)]
    [InlineData(20_000L, 15_904)]
    [InlineData(1_048_576L, 65_536)]
    [InlineData(long.MaxValue, 65_536)]
    public void The_handle_budget_leaves_4096_descriptors_or_half_the_open_file_limit_and_is_capped_at_65536(long? limit, int expected) =>
        Assert.Equal(expected, Archiver.Store.Buckets.Storage.ColumnHandleBudget.FromLimit(limit));

    [Fact]
    public void A_reader_and_the_writer_share_one_kept_open_file_per_column()
    {
        if (!OperatingSystem.IsLinux()) return;
        const string key = "SHARED/1Sec/TICK";
        _store.Write(Ticks(key, Epoch(T2024 + 1), F8("Price", 1)));
        var afterWrite = OpenColumnFiles();
        Assert.Equal([1.0], _store.ReadAll(key).Values<double>("Price"));
        _store.Write(Ticks(key, Epoch(T2024 + 2), F8("Price", 2)));
        Assert.Equal([1.0, 2.0], _store.ReadAll(key).Values<double>("Price"));
        // Epoch, Nanoseconds and Price: three files, opened once by the write and reused by the reads and the append.
        Assert.Equal(["c0.f8", "epoch.i8", "nanos.i4"], afterWrite);
        Assert.Equal(afterWrite, OpenColumnFiles());
    }

    /// <summary>The file names of this store's column files the process has open, one entry per descriptor.</summary>
    private string[] OpenColumnFiles()
    {
        var buckets = Path.Combine(Path.GetFullPath(_dir.Root), "buckets") + Path.DirectorySeparatorChar;
        var names = new List<string>();
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(fd).LinkTarget;
            }
            catch (IOException)
            {
                continue;
            }

            if (target is not null && target.StartsWith(buckets, StringComparison.Ordinal)) names.Add(Path.GetFileName(target));
        }

        return [.. names.Order(StringComparer.Ordinal)];
    }
}
