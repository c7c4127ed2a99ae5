using Archiver.Store.Buckets;
using static Archiver.Store.Tests.Buckets.Rows;

namespace Archiver.Store.Tests.Buckets;

/// <summary>Readers running during writes see whole transactions only; concurrent writers all commit.</summary>
public sealed class ConcurrencyTests : IDisposable
{
    private const int Batch = 10;
    private const int Batches = 200;
    private readonly StoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Readers_never_see_part_of_a_write()
    {
        using var store = _dir.Open();
        store.Write(Ticks("C/1Sec/TICK", Epoch(T2024), Nanos(0), I8("Batch", -1)));
        store.Write(Fixed("C/1Sec/BARS", Epoch(T2024), I8("Batch", -1), I8("Check", 1)));
        var done = 0;
        var failures = new List<string>();
        var writer = Task.Run(() =>
        {
            try
            {
                for (var b = 0; b < Batches; b++)
                {
                    var epochs = Enumerable.Range(0, Batch).Select(i => T2024 + 1 + (b * Batch) + i).ToArray();
                    // Every fifth batch goes before the stored ticks: a merge-rewrite instead of an append.
                    var tickEpochs = b % 5 == 4 ? epochs.Select(e => T2024 - 1000 + b).ToArray() : epochs;
                    store.Write(
                        Ticks("C/1Sec/TICK", Epoch(tickEpochs), Nanos(new int[Batch]), I8("Batch", Enumerable.Repeat((long)b, Batch).ToArray())),
                        // The bars overwrite the same slots each time: Batch and Check must always agree.
                        Fixed("C/1Sec/BARS", Epoch(epochs.Select(e => T2024 + ((e - T2024) % 50)).ToArray()),
                            I8("Batch", Enumerable.Repeat((long)b, Batch).ToArray()), I8("Check", Enumerable.Repeat(-(long)b, Batch).ToArray())));
                }
            }
            finally
            {
                Volatile.Write(ref done, 1);
            }
        });
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var reads = 0;
            while (Volatile.Read(ref done) == 0 || reads == 0)
            {
                reads++;
                var ticks = store.ReadAll("C/1Sec/TICK");
                var counts = ticks.Values<long>("Batch").Where(v => v >= 0).GroupBy(v => v).Where(g => g.Count() != Batch).ToList();
                if ((ticks.RowCount - 1) % Batch != 0 || counts.Count > 0)
                {
                    lock (failures) failures.Add($"ticks: {ticks.RowCount} rows, partial batches {string.Join(",", counts.Select(g => g.Key))}");
                }

                var bars = store.ReadAll("C/1Sec/BARS");
                var batch = bars.Values<long>("Batch");
                var check = bars.Values<long>("Check");
                for (var i = 0; i < batch.Length; i++)
                {
                    if (batch[i] >= 0 && check[i] != -batch[i])
                    {
                        lock (failures) failures.Add($"bar {i}: batch {batch[i]} check {check[i]}");
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll([writer, .. readers]);
        Assert.Empty(failures);
        Assert.Equal(1 + (Batch * Batches), store.ReadAll("C/1Sec/TICK").RowCount);
    }

    [Fact]
    public void Concurrent_writers_share_commits_and_all_rows_arrive()
    {
        using var store = BucketStore.Open(new StoreOptions { Root = _dir.Root, CommitWindow = TimeSpan.FromMilliseconds(1) });
        Parallel.For(0, 4, w =>
        {
            for (var b = 0; b < 50; b++)
                store.Write(Ticks($"W{w % 2}/1Sec/TICK", Epoch(T2024 + b), Nanos(w), I8("Writer", w)));
        });
        Assert.Equal(100, store.ReadAll("W0/1Sec/TICK").RowCount);
        Assert.Equal(100, store.ReadAll("W1/1Sec/TICK").RowCount);
        Assert.Equal(50, store.ReadAll("W0/1Sec/TICK").Values<long>("Writer").Count(v => v == 0));
    }
}
