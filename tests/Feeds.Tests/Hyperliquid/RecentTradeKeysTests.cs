using Archiver.Feeds.Hyperliquid;

namespace Archiver.Feeds.Tests.Hyperliquid;

public sealed class RecentTradeKeysTests
{
    [Fact]
    public void It_agrees_with_a_queue_and_a_hash_set_on_a_random_stream_with_repeats()
    {
        var keys = new RecentTradeKeys(64);
        var window = new Queue<(long, long)>();
        var set = new HashSet<(long, long)>();
        var random = new Random(7);
        for (var i = 0; i < 200_000; i++)
        {
            // Few distinct values, so keys collide, repeat inside the window and come back after eviction.
            var key = ((long)random.Next(40), (long)random.Next(8));
            var expectedNew = !set.Contains(key);
            Assert.Equal(expectedNew, keys.TryAdd(key.Item1, key.Item2));
            if (!expectedNew) continue;
            if (window.Count == 64) set.Remove(window.Dequeue());
            window.Enqueue(key);
            set.Add(key);
            Assert.Equal(set.Count, keys.Count);
        }

        foreach (var key in set) Assert.True(keys.Contains(key.Item1, key.Item2));
    }

    [Fact]
    public void Memory_stays_bounded_over_a_million_distinct_trades()
    {
        var keys = new RecentTradeKeys(4096);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0L; i < 1_000_000; i++)
            Assert.True(keys.TryAdd(1_767_225_600_000 + (i / 3), 1_000_000_000_000 + i));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(4096, keys.Capacity);
        Assert.Equal(4096, keys.Count);
        Assert.True(keys.Contains(1_767_225_600_000 + (999_999 / 3), 1_000_000_000_000 + 999_999));
        Assert.True(keys.Contains(1_767_225_600_000 + ((1_000_000 - 4096) / 3), 1_000_000_000_000 + 1_000_000 - 4096));
        Assert.False(keys.Contains(1_767_225_600_000 + ((1_000_000 - 4097) / 3), 1_000_000_000_000 + 1_000_000 - 4097));
    }

    [Fact]
    public void The_capacity_is_rounded_up_to_a_power_of_two_and_limited()
    {
        Assert.Equal(4096, new RecentTradeKeys(3000).Capacity);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecentTradeKeys(RecentTradeKeys.MinCapacity - 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecentTradeKeys(RecentTradeKeys.MaxCapacity + 1));
    }
}
