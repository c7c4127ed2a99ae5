using System.Globalization;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Simulator;

/// <summary>
/// One symbol's market: a mid that random-walks on a tick grid, a 50-level book (bids at the best bid and the 49 ticks
/// below it, asks at the best ask and the 49 ticks above, never crossed) whose sizes keep changing, and trades printed
/// at the touch. Every draw comes from one seeded <see cref="Random"/> in a fixed order, so a seed fixes the sequence.
/// Not thread-safe: the owning feed calls it under its lock.
/// </summary>
internal sealed class SimulatedMarket
{
    public const int Depth = 50;
    private const long MaxBookLots = 5_000;
    private const long MaxTradeLots = 2_000;
    private const int MaxPriceDecimals = 8;

    private readonly Random _random;
    private readonly SimulatedTradeIdKind _idKind;
    private readonly Dictionary<long, long> _bids = new(Depth * 2);
    private readonly Dictionary<long, long> _asks = new(Depth * 2);
    private readonly Dictionary<long, long> _bidChanges = [];
    private readonly Dictionary<long, long> _askChanges = [];
    private readonly List<long> _scratch = new(Depth);
    private readonly List<SimulatedTrade> _newTrades = [];
    private readonly Queue<SimulatedTrade> _recent = new();
    private readonly int _recentCapacity;
    private readonly List<string> _tradeIds = [];
    private readonly int _tradeIdLimit;
    private readonly string _priceFormat;
    private readonly string _sizeFormat;
    private long _nextTradeNumber;

    public SimulatedMarket(string symbol, decimal startPrice, SimulatedExchangeOptions options, SimulatedTradeIdKind idKind, int seed, int recentCapacity, int tradeIdLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(startPrice);
        Symbol = symbol;
        _random = new Random(seed);
        _idKind = idKind;
        _recentCapacity = recentCapacity;
        _tradeIdLimit = tradeIdLimit;

        var integerDigits = Math.Max(0, (int)Math.Floor(Math.Log10((double)startPrice)) + 1);
        PriceDecimals = Math.Clamp(options.PriceSignificantDigits - integerDigits, 0, MaxPriceDecimals);
        TickSize = 1m / Pow10(PriceDecimals);
        LotSize = options.LotSize;
        _priceFormat = "F" + PriceDecimals.ToString(CultureInfo.InvariantCulture);
        _sizeFormat = "F" + options.LotSize.Scale.ToString(CultureInfo.InvariantCulture);

        BestBid = Math.Max(Depth + 1, (long)Math.Round(startPrice / TickSize));
        BestAsk = BestBid + 1;
        for (var i = 0; i < Depth; i++)
        {
            _bids[BestBid - i] = RandomBookLots();
            _asks[BestAsk + i] = RandomBookLots();
        }

        _nextTradeNumber = idKind == SimulatedTradeIdKind.Consecutive ? 1_000_000_000L + _random.Next(0, 1_000_000_000) : 0;
    }

    public string Symbol { get; }

    /// <summary>The market's random source, for exchange details that must follow the seed too.</summary>
    public Random Random => _random;

    public decimal TickSize { get; }

    public int PriceDecimals { get; }

    public decimal LotSize { get; }

    public long BestBid { get; private set; }

    public long BestAsk { get; private set; }

    /// <summary>Trades printed by the last <see cref="StepTrades"/>, in order.</summary>
    public IReadOnlyList<SimulatedTrade> NewTrades => _newTrades;

    /// <summary>The most recent trades, oldest first (at most the capacity given at construction).</summary>
    public IReadOnlyCollection<SimulatedTrade> RecentTrades => _recent;

    /// <summary>Ids of every trade printed (the oldest may have been forgotten, see the history limit), in order.</summary>
    public IReadOnlyList<string> TradeIds => _tradeIds;

    /// <summary>Total trades printed since the start.</summary>
    public long TradeCount { get; private set; }

    /// <summary>Bid level <paramref name="index"/> (0 = best).</summary>
    public BookLevel Bid(int index) => new(BestBid - index, _bids[BestBid - index]);

    /// <summary>Ask level <paramref name="index"/> (0 = best).</summary>
    public BookLevel Ask(int index) => new(BestAsk + index, _asks[BestAsk + index]);

    public string FormatPrice(long ticks) => (ticks * TickSize).ToString(_priceFormat, CultureInfo.InvariantCulture);

    public string FormatSize(long lots) => (lots * LotSize).ToString(_sizeFormat, CultureInfo.InvariantCulture);

    /// <summary>Moves the book one step: the touch may move a tick or two, the spread may widen, levels that leave the
    /// 50-level window are removed, new ones appear, and a few sizes change. The changes are kept for
    /// <see cref="CopyChanges"/> until the next step.</summary>
    public void StepBook()
    {
        _bidChanges.Clear();
        _askChanges.Clear();
        var roll = _random.NextDouble();
        var move = roll < 0.12 ? -1 : roll < 0.24 ? 1 : roll < 0.26 ? -2 : roll < 0.28 ? 2 : 0;
        var spread = _random.NextDouble() < 0.85 ? 1 : _random.Next(2, 4);
        var bid = Math.Max(Depth + 1, BestBid + move);
        var ask = bid + spread;
        Reshape(_bids, _bidChanges, bid - Depth + 1, bid);
        Reshape(_asks, _askChanges, ask, ask + Depth - 1);
        BestBid = bid;
        BestAsk = ask;

        var resizes = _random.Next(1, 6);
        for (var i = 0; i < resizes; i++)
        {
            var isBid = _random.Next(2) == 0;
            var index = (int)(Math.Pow(_random.NextDouble(), 2) * Depth);
            var price = isBid ? bid - index : ask + index;
            var lots = RandomBookLots();
            (isBid ? _bids : _asks)[price] = lots;
            (isBid ? _bidChanges : _askChanges)[price] = lots;
        }
    }

    /// <summary>The levels the last <see cref="StepBook"/> changed (size 0 = removed): bids descending, asks ascending.</summary>
    public void CopyChanges(List<BookLevel> bids, List<BookLevel> asks)
    {
        bids.Clear();
        asks.Clear();
        foreach (var (price, lots) in _bidChanges) bids.Add(new BookLevel(price, lots));
        foreach (var (price, lots) in _askChanges) asks.Add(new BookLevel(price, lots));
        bids.Sort(static (x, y) => y.PriceTicks.CompareTo(x.PriceTicks));
        asks.Sort(static (x, y) => x.PriceTicks.CompareTo(y.PriceTicks));
    }

    /// <summary>Prints this step's trades at the touch: a Poisson number with mean <paramref name="expected"/>, plus a
    /// same-side burst of <paramref name="burstSize"/> with probability <paramref name="burstProbability"/>.</summary>
    public void StepTrades(long timeMs, double expected, double burstProbability, int burstSize)
    {
        _newTrades.Clear();
        var count = Poisson(expected);
        var burst = burstSize > 0 && _random.NextDouble() < burstProbability;
        for (var i = 0; i < count; i++) Print(RandomSide(), timeMs);
        if (!burst) return;
        var side = RandomSide();
        for (var i = 0; i < burstSize; i++) Print(side, timeMs);
    }

    private void Print(TakerSide side, long timeMs)
    {
        var price = side == TakerSide.Buy ? BestAsk : BestBid;
        var lots = 1 + (long)(Math.Pow(_random.NextDouble(), 3) * MaxTradeLots);
        var trade = new SimulatedTrade(NextTradeId(), price, lots, side, timeMs);
        _newTrades.Add(trade);
        TradeCount++;
        if (_recentCapacity > 0)
        {
            if (_recent.Count == _recentCapacity) _recent.Dequeue();
            _recent.Enqueue(trade);
        }

        if (_tradeIds.Count >= _tradeIdLimit) _tradeIds.RemoveRange(0, _tradeIdLimit / 2);
        _tradeIds.Add(trade.Id);
    }

    private string NextTradeId()
    {
        switch (_idKind)
        {
            case SimulatedTradeIdKind.Consecutive:
                return (_nextTradeNumber++).ToString(CultureInfo.InvariantCulture);
            case SimulatedTradeIdKind.Uuid:
                Span<byte> bytes = stackalloc byte[16];
                _random.NextBytes(bytes);
                bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // version 5, as Bybit's ids look
                bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
                return new Guid(bytes).ToString("D");
            default:
                return _random.NextInt64(1L << 50).ToString(CultureInfo.InvariantCulture);
        }
    }

    private void Reshape(Dictionary<long, long> side, Dictionary<long, long> changes, long low, long high)
    {
        _scratch.Clear();
        foreach (var price in side.Keys)
        {
            if (price < low || price > high) _scratch.Add(price);
        }

        foreach (var price in _scratch)
        {
            side.Remove(price);
            changes[price] = 0;
        }

        for (var price = low; price <= high; price++)
        {
            if (side.ContainsKey(price)) continue;
            var lots = RandomBookLots();
            side[price] = lots;
            changes[price] = lots;
        }
    }

    private TakerSide RandomSide() => _random.Next(2) == 0 ? TakerSide.Buy : TakerSide.Sell;

    private long RandomBookLots() => 1 + (long)(Math.Pow(_random.NextDouble(), 2) * MaxBookLots);

    private int Poisson(double mean)
    {
        if (mean <= 0) return 0;
        if (mean > 30) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * NormalSample()));
        var limit = Math.Exp(-mean);
        var count = 0;
        var product = _random.NextDouble();
        while (product > limit)
        {
            count++;
            product *= _random.NextDouble();
        }

        return count;
    }

    private double NormalSample() =>
        Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private static decimal Pow10(int exponent)
    {
        var value = 1m;
        for (var i = 0; i < exponent; i++) value *= 10;
        return value;
    }
}
