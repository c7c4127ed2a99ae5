using Archiver.Feeds.Bybit;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Bybit;

public sealed class BybitOrderBookTests
{
    [Fact]
    public void Levels_are_inserted_replaced_and_deleted_in_price_order()
    {
        var book = new BybitOrderBook();
        Assert.True(book.UpdateBid(100, 1));
        Assert.True(book.UpdateBid(102, 2));
        Assert.True(book.UpdateBid(101, 3));
        Assert.True(book.UpdateAsk(105, 1));
        Assert.True(book.UpdateAsk(103, 2));
        Assert.True(book.UpdateBid(101, 4)); // replace
        Assert.True(book.UpdateBid(100, 0)); // delete
        Assert.True(book.UpdateAsk(104, 0)); // delete of an unknown price: nothing happens

        Assert.Equal([(102.0, 2.0), (101.0, 4.0)], Enumerable.Range(0, book.BidCount).Select(i => (book.BidPrice(i), book.BidSize(i))));
        Assert.Equal([(103.0, 2.0), (105.0, 1.0)], Enumerable.Range(0, book.AskCount).Select(i => (book.AskPrice(i), book.AskSize(i))));
        Assert.False(book.IsCrossed);
        book.UpdateBid(103, 1);
        Assert.True(book.IsCrossed);
    }

    [Fact]
    public void CopyTop_fills_the_snapshot_to_its_depth()
    {
        var book = new BybitOrderBook();
        for (var i = 0; i < 10; i++)
        {
            book.UpdateBid(100 - i, i + 1);
            book.UpdateAsk(101 + i, i + 1);
        }

        var snapshot = new BookSnapshot(ExchangeId.Bybit, "BTCUSDT", 3);
        book.CopyTop(snapshot);

        Assert.Equal((3, 3), (snapshot.BidCount, snapshot.AskCount));
        Assert.Equal([100.0, 99, 98], snapshot.BidPrices);
        Assert.Equal([1.0, 2, 3], snapshot.BidSizes);
        Assert.Equal([101.0, 102, 103], snapshot.AskPrices);
    }

    [Fact]
    public void A_side_keeps_room_for_a_delta_that_inserts_before_it_deletes_and_Trim_restores_50()
    {
        var book = new BybitOrderBook();
        for (var i = 0; i < 100; i++) Assert.True(book.UpdateAsk(1000 + i, 1));
        Assert.False(book.UpdateAsk(2000, 1)); // full: the new worst level is dropped
        Assert.False(book.UpdateAsk(999, 1)); // full: the worst level (1099) makes room
        Assert.Equal(100, book.AskCount);
        Assert.Equal(1098, book.AskPrice(99));

        Assert.Equal(50, book.Trim());
        Assert.Equal(50, book.AskCount);
        Assert.Equal(1048, book.AskPrice(49));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_updates_match_a_SortedDictionary_model(int seed)
    {
        var random = new Random(seed);
        var book = new BybitOrderBook();
        var bids = new SortedDictionary<double, double>(Comparer<double>.Create((a, b) => b.CompareTo(a)));
        var asks = new SortedDictionary<double, double>();
        for (var message = 0; message < 5000; message++)
        {
            if (random.Next(200) == 0)
            {
                // A snapshot: replace everything.
                book.Clear();
                bids.Clear();
                asks.Clear();
            }

            var updates = random.Next(1, 12);
            for (var u = 0; u < updates; u++)
            {
                var bid = random.Next(2) == 0;
                // Bids on a grid below 1000, asks above, so the book never crosses; 0.5 ticks as Bybit's BTC book.
                var price = bid ? 1000 - (random.Next(1, 90) * 0.5) : 1000 + (random.Next(1, 90) * 0.5);
                var size = random.Next(4) == 0 ? 0 : Math.Round(random.NextDouble() * 10, 3);
                var model = bid ? bids : asks;
                if (size == 0) model.Remove(price);
                else model[price] = size;
                Assert.True(bid ? book.UpdateBid(price, size) : book.UpdateAsk(price, size));
            }

            // Model the missed-delete trim: keep the best 50.
            var trimmed = Trim(bids) + Trim(asks);
            Assert.Equal(trimmed, book.Trim());
            Assert.Equal(bids.Select(l => (l.Key, l.Value)), Enumerable.Range(0, book.BidCount).Select(i => (book.BidPrice(i), book.BidSize(i))));
            Assert.Equal(asks.Select(l => (l.Key, l.Value)), Enumerable.Range(0, book.AskCount).Select(i => (book.AskPrice(i), book.AskSize(i))));
            Assert.False(book.IsCrossed);
        }
    }

    private static int Trim(SortedDictionary<double, double> side)
    {
        var extra = side.Keys.Skip(BybitOrderBook.MaxLevels).ToList();
        foreach (var key in extra) side.Remove(key);
        return extra.Count;
    }
}
