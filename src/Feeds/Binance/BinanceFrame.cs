namespace Archiver.Feeds.Binance;

/// <summary>
/// The fields of one Binance frame, as parsed. One instance per handler is reloaded for every frame; the level arrays
/// hold the first <c>depth</c> levels, the totals count every level the frame had.
/// </summary>
internal sealed class BinanceFrame
{
    public BinanceFrame(int depth)
    {
        BidPrices = new double[depth];
        BidSizes = new double[depth];
        AskPrices = new double[depth];
        AskSizes = new double[depth];
    }

    public BinanceFrameKind Kind { get; set; }

    public BinanceFields Fields { get; set; }

    /// <summary>Index of the payload's symbol in the handler's symbol table.</summary>
    public int SymbolIndex { get; set; }

    /// <summary><c>E</c>, ms.</summary>
    public long EventTimeMillis { get; set; }

    /// <summary><c>T</c>, ms.</summary>
    public long TransactionTimeMillis { get; set; }

    /// <summary><c>U</c>.</summary>
    public long FirstUpdateId { get; set; }

    /// <summary><c>u</c>.</summary>
    public long UpdateId { get; set; }

    /// <summary><c>pu</c>.</summary>
    public long PreviousUpdateId { get; set; }

    public double[] BidPrices { get; }

    public double[] BidSizes { get; }

    public double[] AskPrices { get; }

    public double[] AskSizes { get; }

    /// <summary>Bid levels in the frame (may exceed the arrays' length).</summary>
    public int BidTotal { get; set; }

    /// <summary>Ask levels in the frame (may exceed the arrays' length).</summary>
    public int AskTotal { get; set; }

    /// <summary><c>t</c>.</summary>
    public long TradeId { get; set; }

    /// <summary><c>p</c>.</summary>
    public double Price { get; set; }

    /// <summary><c>q</c>.</summary>
    public double Size { get; set; }

    /// <summary><c>m</c>.</summary>
    public bool BuyerIsMaker { get; set; }

    /// <summary>A reply's <c>id</c>.</summary>
    public long RequestId { get; set; }

    /// <summary>An error reply's <c>code</c>.</summary>
    public long ErrorCode { get; set; }

    /// <summary>An error reply's <c>msg</c> (error replies are rare, so this one field is a string).</summary>
    public string? ErrorMessage { get; set; }

    public bool Has(BinanceFields fields) => (Fields & fields) == fields;

    public void Reset()
    {
        Kind = BinanceFrameKind.None;
        Fields = BinanceFields.None;
        SymbolIndex = -1;
        BidTotal = 0;
        AskTotal = 0;
        ErrorMessage = null;
    }
}
