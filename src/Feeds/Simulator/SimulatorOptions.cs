using Archiver.Feeds.Model;

namespace Archiver.Feeds.Simulator;

/// <summary>What <see cref="ExchangeSimulator"/> serves: the markets per exchange, their pace, seed and keep-alives.</summary>
public sealed class SimulatorOptions
{
    /// <summary>The TCP port on 127.0.0.1; 0 picks a free one (read it back from the endpoints).</summary>
    public int Port { get; set; }

    /// <summary>Seeds every market. Per symbol, the same seed gives the same sequence of books and trades (ids, prices,
    /// sizes); only the timestamps and how frames interleave across symbols depend on the clock.</summary>
    public int Seed { get; set; } = 20260101;

    public SimulatedExchangeOptions Binance { get; set; } = SimulatedExchangeOptions.BinanceDefaults();

    public SimulatedExchangeOptions Bybit { get; set; } = SimulatedExchangeOptions.BybitDefaults();

    public SimulatedExchangeOptions Hyperliquid { get; set; } = SimulatedExchangeOptions.HyperliquidDefaults();

    /// <summary>Start prices by symbol (any exchange); symbols not listed start at <see cref="DefaultStartPrice"/>.</summary>
    public IDictionary<string, decimal> StartPrices { get; } = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase)
    {
        ["BTCUSDT"] = 97_000m,
        ["BTC"] = 97_000m,
        ["ETHUSDT"] = 3_500m,
        ["ETH"] = 3_500m,
    };

    public decimal DefaultStartPrice { get; set; } = 100m;

    /// <summary>How often the Binance endpoint sends a websocket ping control frame (Binance: every 3 minutes).</summary>
    public TimeSpan BinancePingInterval { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How long Binance waits for the pong before it drops the connection (Binance: 10 minutes).</summary>
    public TimeSpan BinancePongTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Probability that a Binance trade id is spent on a <c>p:"0", q:"0", X:"NA"</c> frame instead of a fill.</summary>
    public double BinanceZeroPriceTradeProbability { get; set; } = 0.002;

    /// <summary>Recent trades Hyperliquid re-sends on every trades subscribe (about 30 on the real exchange).</summary>
    public int HyperliquidBackfillTrades { get; set; } = 30;

    /// <summary>Trade ids remembered per symbol for <see cref="ExchangeSimulator.SentTradeIds"/>; the oldest half is
    /// forgotten when the log reaches this size, so a long simulated run does not grow without bound.</summary>
    public int TradeIdHistoryLimit { get; set; } = 1_000_000;

    /// <summary>The clock for timestamps and the market timers.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The options of one exchange.</summary>
    public SimulatedExchangeOptions For(ExchangeId exchange) => exchange switch
    {
        ExchangeId.Binance => Binance,
        ExchangeId.Bybit => Bybit,
        ExchangeId.Hyperliquid => Hyperliquid,
        _ => throw new ArgumentOutOfRangeException(nameof(exchange), exchange, "Not a simulated exchange."),
    };

    /// <summary>The start price of <paramref name="symbol"/>.</summary>
    public decimal StartPriceFor(string symbol) =>
        StartPrices.TryGetValue(symbol, out var price) ? price : DefaultStartPrice;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        ArgumentNullException.ThrowIfNull(Binance);
        ArgumentNullException.ThrowIfNull(Bybit);
        ArgumentNullException.ThrowIfNull(Hyperliquid);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        Binance.Validate("binance");
        Bybit.Validate("bybit");
        Hyperliquid.Validate("hyperliquid");
        if (DefaultStartPrice <= 0) throw new ArgumentOutOfRangeException(nameof(DefaultStartPrice), DefaultStartPrice, "Must be positive.");
        foreach (var (symbol, price) in StartPrices)
        {
            if (price <= 0) throw new ArgumentOutOfRangeException(nameof(StartPrices), price, $"Start price of {symbol} must be positive.");
        }

        if (BinancePingInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(BinancePingInterval), BinancePingInterval, "Must be positive.");
        if (BinancePongTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(BinancePongTimeout), BinancePongTimeout, "Must be positive.");
        if (BinanceZeroPriceTradeProbability is < 0 or > 1 || double.IsNaN(BinanceZeroPriceTradeProbability))
            throw new ArgumentOutOfRangeException(nameof(BinanceZeroPriceTradeProbability), BinanceZeroPriceTradeProbability, "Must be in [0, 1].");
        ArgumentOutOfRangeException.ThrowIfNegative(HyperliquidBackfillTrades);
        ArgumentOutOfRangeException.ThrowIfLessThan(TradeIdHistoryLimit, 2);
    }
}
