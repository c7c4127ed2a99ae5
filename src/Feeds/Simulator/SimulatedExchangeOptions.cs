namespace Archiver.Feeds.Simulator;

/// <summary>How one simulated exchange's markets behave: which symbols it lists, how fast books and trades flow.</summary>
public sealed class SimulatedExchangeOptions
{
    /// <summary>Symbols as the exchange spells them (BTCUSDT for Binance and Bybit, BTC for Hyperliquid).</summary>
    public IList<string> Symbols { get; set; } = [];

    /// <summary>How often each symbol's book is published (Binance depth20@100ms, Bybit orderbook.50 deltas at 20 ms,
    /// Hyperliquid l2Book at 0.5 s).</summary>
    public TimeSpan BookInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Mean trades per second per symbol, outside bursts.</summary>
    public double TradesPerSecond { get; set; } = 3;

    /// <summary>Mean bursts per second per symbol; a burst prints <see cref="BurstSize"/> same-side trades at once.</summary>
    public double BurstsPerSecond { get; set; } = 0.1;

    /// <summary>Trades in one burst.</summary>
    public int BurstSize { get; set; } = 12;

    /// <summary>Significant digits of a price at the start price; sets the tick (6 gives 0.1 at 97,000).</summary>
    public int PriceSignificantDigits { get; set; } = 6;

    /// <summary>The size step (book sizes and trade sizes are multiples of it).</summary>
    public decimal LotSize { get; set; } = 0.001m;

    /// <summary>Binance USD-M defaults: BTCUSDT and ETHUSDT, depth every 100 ms.</summary>
    public static SimulatedExchangeOptions BinanceDefaults() => new()
    {
        Symbols = ["BTCUSDT", "ETHUSDT"],
        BookInterval = TimeSpan.FromMilliseconds(100),
    };

    /// <summary>Bybit linear defaults: BTCUSDT and ETHUSDT, orderbook.50 deltas every 20 ms.</summary>
    public static SimulatedExchangeOptions BybitDefaults() => new()
    {
        Symbols = ["BTCUSDT", "ETHUSDT"],
        BookInterval = TimeSpan.FromMilliseconds(20),
    };

    /// <summary>Hyperliquid defaults: BTC and ETH, an l2Book every 500 ms, prices with 5 significant digits.</summary>
    public static SimulatedExchangeOptions HyperliquidDefaults() => new()
    {
        Symbols = ["BTC", "ETH"],
        BookInterval = TimeSpan.FromMilliseconds(500),
        PriceSignificantDigits = 5,
    };

    internal void Validate(string exchange)
    {
        ArgumentNullException.ThrowIfNull(Symbols);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var symbol in Symbols)
        {
            if (string.IsNullOrWhiteSpace(symbol)) throw new ArgumentException($"{exchange}: a symbol is empty.");
            if (!seen.Add(symbol)) throw new ArgumentException($"{exchange}: symbol {symbol} is listed twice.");
        }

        if (BookInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(BookInterval), BookInterval, $"{exchange}: must be positive.");
        if (!(TradesPerSecond >= 0)) throw new ArgumentOutOfRangeException(nameof(TradesPerSecond), TradesPerSecond, $"{exchange}: must be ≥ 0.");
        if (!(BurstsPerSecond >= 0)) throw new ArgumentOutOfRangeException(nameof(BurstsPerSecond), BurstsPerSecond, $"{exchange}: must be ≥ 0.");
        if (BurstSize < 0) throw new ArgumentOutOfRangeException(nameof(BurstSize), BurstSize, $"{exchange}: must be ≥ 0.");
        if (PriceSignificantDigits is < 2 or > 12) throw new ArgumentOutOfRangeException(nameof(PriceSignificantDigits), PriceSignificantDigits, $"{exchange}: must be 2..12.");
        if (LotSize <= 0) throw new ArgumentOutOfRangeException(nameof(LotSize), LotSize, $"{exchange}: must be positive.");
    }
}
