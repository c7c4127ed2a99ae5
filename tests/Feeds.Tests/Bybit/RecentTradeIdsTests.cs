using System.Text;
using Archiver.Feeds.Bybit;

namespace Archiver.Feeds.Tests.Bybit;

public sealed class RecentTradeIdsTests
{
    [Fact]
    public void Ids_are_remembered_until_capacity_newer_ones_push_them_out()
    {
        var ids = new RecentTradeIds(100);
        for (var i = 0; i < 100; i++) Assert.True(ids.Add(Id(i)));
        for (var i = 0; i < 100; i++) Assert.False(ids.Add(Id(i)));

        for (var i = 100; i < 150; i++) Assert.True(ids.Add(Id(i)));
        Assert.Equal(100, ids.Count);
        for (var i = 0; i < 50; i++) Assert.False(ids.Contains(Id(i)));
        for (var i = 50; i < 150; i++) Assert.True(ids.Contains(Id(i)));
    }

    [Fact]
    public void A_long_run_matches_a_model_of_the_last_N_ids()
    {
        const int capacity = 64;
        var ids = new RecentTradeIds(capacity);
        var window = new Queue<int>();
        var random = new Random(7);
        for (var step = 0; step < 100_000; step++)
        {
            var value = random.Next(200); // many repeats, inside and outside the window
            var expectedNew = !window.Contains(value);
            Assert.Equal(expectedNew, ids.Add(Id(value)));
            if (!expectedNew) continue;
            window.Enqueue(value);
            if (window.Count > capacity) window.Dequeue();
        }
    }

    private static byte[] Id(int i) => Encoding.ASCII.GetBytes($"{i:x8}-d8dd-5b31-9112-a178eb6023af");
}
