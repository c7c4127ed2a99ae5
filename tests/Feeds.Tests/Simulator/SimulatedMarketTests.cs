using Archiver.Feeds.Model;
using Archiver.Feeds.Simulator;

namespace Archiver.Feeds.Tests.Simulator;

/// <summary>The market model on its own, without sockets or timers.</summary>
public sealed class SimulatedMarketTests
{
    [Fact]
    public void The_book_stays_50_levels_a_side_uncrossed_and_its_changes_rebuild_it()
    {
        var market = new SimulatedMarket("BTCUSDT", 97_000m, SimulatedExchangeOptions.BinanceDefaults(), SimulatedTradeIdKind.Consecutive, seed: 3, recentCapacity: 0, tradeIdLimit: 100);
        Assert.Equal(0.1m, market.TickSize);
        Assert.Equal("97000.0", market.FormatPrice(970_000));
        var bids = Enumerable.Range(0, SimulatedMarket.Depth).Select(market.Bid).ToDictionary(l => l.PriceTicks, l => l.Lots);
        var asks = Enumerable.Range(0, SimulatedMarket.Depth).Select(market.Ask).ToDictionary(l => l.PriceTicks, l => l.Lots);
        var bidChanges = new List<BookLevel>();
        var askChanges = new List<BookLevel>();
        var moved = 0;
        for (var step = 0; step < 2_000; step++)
        {
            var before = market.BestBid;
            market.StepBook();
            if (market.BestBid != before) moved++;
            market.CopyChanges(bidChanges, askChanges);
            Apply(bids, bidChanges);
            Apply(asks, askChanges);
            Assert.True(market.BestBid < market.BestAsk);
            Assert.Equal(SimulatedMarket.Depth, bids.Count);
            Assert.Equal(SimulatedMarket.Depth, asks.Count);
            for (var i = 0; i < SimulatedMarket.Depth; i++)
            {
                Assert.Equal(market.Bid(i).Lots, bids[market.Bid(i).PriceTicks]);
                Assert.Equal(market.Ask(i).Lots, asks[market.Ask(i).PriceTicks]);
            }
        }

        Assert.InRange(moved, 200, 1_000);
    }

    [Fact]
    public void Trades_print_at_the_touch_with_consecutive_ids_and_the_id_log_is_bounded()
    {
        var market = new SimulatedMarket("BTCUSDT", 97_000m, SimulatedExchangeOptions.BinanceDefaults(), SimulatedTradeIdKind.Consecutive, seed: 5, recentCapacity: 30, tradeIdLimit: 100);
        long? previous = null;
        for (var step = 0; step < 500; step++)
        {
            market.StepBook();
            market.StepTrades(1_000 + step, expected: 1.5, burstProbability: 0.05, burstSize: 10);
            foreach (var trade in market.NewTrades)
            {
                Assert.Equal(trade.Side == TakerSide.Buy ? market.BestAsk : market.BestBid, trade.PriceTicks);
                Assert.True(trade.Lots > 0);
                var id = long.Parse(trade.Id, System.Globalization.CultureInfo.InvariantCulture);
                if (previous is { } p) Assert.Equal(p + 1, id);
                previous = id;
            }
        }

        Assert.True(market.TradeCount > 500);
        Assert.InRange(market.TradeIds.Count, 50, 100);
        Assert.Equal(30, market.RecentTrades.Count);
        Assert.Equal(market.TradeIds[^1], market.RecentTrades.Last().Id);
    }

    private static void Apply(Dictionary<long, long> side, List<BookLevel> changes)
    {
        foreach (var change in changes)
        {
            if (change.Lots == 0) Assert.True(side.Remove(change.PriceTicks));
            else side[change.PriceTicks] = change.Lots;
        }
    }
}
