using Archiver.Store.Buckets;
using Archiver.Store.Ingest;

namespace Archiver.Cli.Live;

/// <summary>
/// One store symbol as the live writer's loop sees it: its bucket keys (<see cref="IngestKeys"/>), the recent trade
/// keys for duplicates, whether its buckets were checked (and refused), and the records of the batch being written.
/// </summary>
internal sealed class LiveSymbol
{
    private int _foreignWrite;

    public LiveSymbol(string name, int recentTrades)
    {
        Name = name;
        TickKey = IngestKeys.Ticks(name);
        BarKey = IngestKeys.Bars(name);
        QuoteKey = IngestKeys.Quotes(name);
        Recent = new RecentTradeKeys(recentTrades);
    }

    /// <summary>The store symbol (<c>BINANCE_BTCUSDT</c>).</summary>
    public string Name { get; }

    public BucketKey TickKey { get; }

    public BucketKey BarKey { get; }

    public BucketKey QuoteKey { get; }

    public RecentTradeKeys Recent { get; }

    /// <summary>Whether the existing buckets' schemas were compared with ingest's.</summary>
    public bool Checked { get; set; }

    /// <summary>Why the tick or bar bucket cannot take live trades (it has other columns than ingest's), or null.</summary>
    public string? TradeRefusal { get; set; }

    /// <summary>Why the quote bucket cannot take live quotes, or null.</summary>
    public string? QuoteRefusal { get; set; }

    /// <summary>Whether the symbol is in the list of symbols the current flush touches.</summary>
    public bool Touched { get; set; }

    /// <summary>Batch indices of this flush's trades (kept after duplicates are dropped).</summary>
    public List<int> Trades { get; } = [];

    /// <summary>Batch indices of this flush's quotes.</summary>
    public List<int> Quotes { get; } = [];

    /// <summary>The tick bucket's latest tick and its minute's bar as of the last successful flush.</summary>
    public LiveMinuteBar Bar { get; set; }

    /// <summary>What <see cref="Bar"/> becomes when the flush being written succeeds.</summary>
    public LiveMinuteBar NextBar { get; set; }

    /// <summary>Set (from any thread) when someone else wrote the tick bucket: <see cref="Bar"/> may be stale.</summary>
    public bool TakeForeignWrite() => Interlocked.Exchange(ref _foreignWrite, 0) != 0;

    /// <summary>Marks the tick bucket as written by someone else.</summary>
    public void MarkForeignWrite() => Volatile.Write(ref _foreignWrite, 1);
}
