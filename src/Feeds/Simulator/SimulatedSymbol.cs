namespace Archiver.Feeds.Simulator;

/// <summary>Everything a feed keeps per symbol: the market, its faults and the exchange's own counters.</summary>
internal sealed class SimulatedSymbol
{
    public SimulatedSymbol(SimulatedMarket market, long firstUpdateId, long firstSequence)
    {
        Market = market;
        UpdateId = firstUpdateId;
        Sequence = firstSequence;
    }

    public string Name => Market.Symbol;

    public SimulatedMarket Market { get; }

    public SymbolFaults Faults { get; } = new();

    /// <summary>The last book update id used (Binance <c>u</c>, Bybit <c>u</c>).</summary>
    public long UpdateId { get; set; }

    /// <summary>The last cross sequence used (Bybit <c>seq</c>).</summary>
    public long Sequence { get; set; }

    /// <summary>Market steps taken (a book is published every few steps).</summary>
    public long Steps { get; set; }

    /// <summary>Trade ids generated but never sent because of <see cref="SymbolFaults.Skip"/>, in order.</summary>
    public List<string> SkippedTradeIds { get; } = [];
}
