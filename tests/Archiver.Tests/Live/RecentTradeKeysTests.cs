using Archiver.Cli.Live;

namespace Archiver.Tests.Live;

public sealed class RecentTradeKeysTests
{
    private const long Hour = 3_600_000_000L;

    [Fact]
    public void A_key_seen_again_in_the_same_receive_hour_is_a_duplicate_but_not_in_the_next_hour()
    {
        var keys = new RecentTradeKeys(16);
        Assert.True(keys.Add(1_000, 42, 5 * Hour + 10));
        Assert.False(keys.Add(1_000, 42, 5 * Hour + 999));
        Assert.True(keys.Add(1_000, 43, 5 * Hour + 10));
        Assert.True(keys.Add(1_001, 42, 5 * Hour + 10));
        Assert.True(keys.Add(1_000, 42, 6 * Hour));
        Assert.False(keys.Add(1_000, 42, 6 * Hour + 1));
        Assert.True(keys.Add(1_000, 42, -1));
        Assert.False(keys.Add(1_000, 42, -Hour));
    }

    [Fact]
    public void The_oldest_key_is_forgotten_once_the_capacity_is_exceeded_and_the_newer_ones_are_kept()
    {
        var keys = new RecentTradeKeys(16);
        Assert.Equal(16, keys.Capacity);
        for (var i = 0; i < 17; i++) Assert.True(keys.Add(i, (ulong)i, 0));
        Assert.True(keys.Add(0, 0, 0));
        for (var i = 2; i < 17; i++) Assert.False(keys.Add(i, (ulong)i, 0));
    }

    [Fact]
    public void Answers_like_a_set_of_the_last_capacity_keys_over_a_long_stream_with_repeats()
    {
        const int capacity = 64;
        var keys = new RecentTradeKeys(capacity);
        var set = new HashSet<(long, ulong, long)>();
        var ring = new Queue<(long, ulong, long)>();
        var random = new Random(11);
        var duplicates = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var key = ((long)random.Next(0, 60), (ulong)random.Next(0, 2), (long)random.Next(0, 2) * Hour);
            var expected = !set.Contains(key);
            if (expected)
            {
                if (ring.Count == capacity) set.Remove(ring.Dequeue());
                set.Add(key);
                ring.Enqueue(key);
            }
            else
            {
                duplicates++;
            }

            Assert.Equal(expected, keys.Add(key.Item1, key.Item2, key.Item3));
        }

        Assert.InRange(duplicates, 20_000, 150_000);
    }

    [Fact]
    public void A_backfill_repeating_trades_from_up_to_the_default_capacity_back_is_dropped_and_its_new_trades_kept()
    {
        var keys = new RecentTradeKeys(RecentTradeKeys.DefaultCapacity);
        Assert.Equal(4096, keys.Capacity);
        const long start = 1_700_000_000_000_000L;
        for (var i = 0; i < RecentTradeKeys.DefaultCapacity; i++) Assert.True(keys.Add(start + i, (ulong)(1000 + i), 5 * Hour + i));

        // The reconnect's backfill re-sends everything remembered (the oldest first), then two trades printed during the outage.
        for (var i = 0; i < RecentTradeKeys.DefaultCapacity; i++) Assert.False(keys.Add(start + i, (ulong)(1000 + i), 5 * Hour + 9_000_000 + i));
        Assert.True(keys.Add(start + 5000, 7, 5 * Hour + 9_000_000));
        Assert.True(keys.Add(start + 5001, 8, 5 * Hour + 9_000_000));

        // Those two pushed the two oldest keys out.
        Assert.True(keys.Add(start, 1000, 5 * Hour));
        Assert.True(keys.Add(start + 1, 1001, 5 * Hour));
        Assert.False(keys.Add(start + 4095, 1000 + 4095, 5 * Hour));
    }

    [Fact]
    public void Fingerprints_of_a_million_nearby_keys_are_all_different()
    {
        var seen = new HashSet<ulong>();
        for (long t = 0; t < 100; t++)
        {
            for (ulong id = 0; id < 100; id++)
            {
                for (long hour = 0; hour < 100; hour++) Assert.True(seen.Add(RecentTradeKeys.Fingerprint(1_700_000_000_000_000L + t, id, 470_000 + hour)));
            }
        }

        Assert.Equal(1_000_000, seen.Count);
    }
}
