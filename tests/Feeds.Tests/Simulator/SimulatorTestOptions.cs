using Archiver.Feeds.Model;
using Archiver.Feeds.Simulator;

namespace Archiver.Feeds.Tests.Simulator;

/// <summary>Simulator settings that make tests quick: fast books, plenty of trades, no random zero-price frames.</summary>
internal static class SimulatorTestOptions
{
    public static SimulatorOptions Fast(int seed = 7)
    {
        var options = new SimulatorOptions { Seed = seed, BinanceZeroPriceTradeProbability = 0 };
        foreach (var exchange in new[] { ExchangeId.Binance, ExchangeId.Bybit, ExchangeId.Hyperliquid })
        {
            var e = options.For(exchange);
            e.TradesPerSecond = 40;
            e.BurstsPerSecond = 0.5;
            e.BurstSize = 8;
        }

        options.Binance.BookInterval = TimeSpan.FromMilliseconds(20);
        options.Hyperliquid.BookInterval = TimeSpan.FromMilliseconds(50);
        return options;
    }

    public static async Task<ExchangeSimulator> StartAsync(SimulatorOptions? options = null)
    {
        var simulator = new ExchangeSimulator();
        await simulator.StartAsync(options ?? Fast());
        return simulator;
    }

    /// <summary>A token that cancels after the test-wide timeout.</summary>
    public static CancellationToken Timeout() => new CancellationTokenSource(RawClient.Timeout).Token;
}
