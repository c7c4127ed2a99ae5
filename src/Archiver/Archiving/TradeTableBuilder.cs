using Archiver.Feeds;
using Archiver.Feeds.Model;
using Archiver.Store.Archive;
using Archiver.Store.Parquet.Data;

namespace Archiver.Cli.Archiving;

/// <summary>
/// Collects trades (from journal segments or an existing archive file) into the columns of the trades schema, dropping
/// a trade already collected (same exchange time and trade id): after a restart, Hyperliquid's subscribe backfill and
/// Bybit's resend repeat trades the previous process had already journaled.
/// </summary>
internal sealed class TradeTableBuilder : IFeedSink, IArchiveTableBuilder
{
    private readonly GrowableArray<long> _ts = new();
    private readonly GrowableArray<long> _exchTs = new();
    private readonly GrowableArray<double> _price = new();
    private readonly GrowableArray<double> _size = new();
    private readonly BinaryValueBuilder _side = new(1024, 4096);
    private readonly BinaryValueBuilder _ids = new(1024, 16384);
    private readonly GrowableArray<int> _flags = new();
    private readonly HashSet<(long ExchangeTime, ulong IdHash)> _seen = [];

    public int Count => _ts.Count;

    public long TimeAt(int row) => _ts[row];

    public int GapFlags { get; private set; }

    public int ReconnectFlags { get; private set; }

    /// <summary>Trades dropped because the same trade was already collected.</summary>
    public int DuplicatesDropped { get; private set; }

    private bool FirstTime(long exchangeTime, ReadOnlySpan<byte> id)
    {
        // FNV-1a over the id's bytes; with the exchange time, a collision between distinct trades is out of reach.
        var hash = 14695981039346656037UL;
        foreach (var b in id) hash = (hash ^ b) * 1099511628211UL;
        if (_seen.Add((exchangeTime, hash))) return true;
        DuplicatesDropped++;
        return false;
    }

    public void OnTrade(in Trade trade)
    {
        if (!FirstTime(trade.ExchangeTimeMicros, trade.Id.Utf8)) return;
        _ts.Add(trade.ReceiveTimeMicros);
        _exchTs.Add(trade.ExchangeTimeMicros);
        _price.Add(trade.Price);
        _size.Add(trade.Size);
        _side.Add(trade.Side switch { TakerSide.Buy => "buy"u8, TakerSide.Sell => "sell"u8, _ => "unknown"u8 });
        _ids.Add(trade.Id.Utf8);
        _flags.Add((int)trade.Flags);
        if ((trade.Flags & TradeFlags.IdGapBefore) != 0) GapFlags++;
        if ((trade.Flags & TradeFlags.FirstAfterReconnect) != 0) ReconnectFlags++;
    }

    public void OnBook(BookSnapshot book) => throw new InvalidOperationException("A trades journal holds a book record.");

    public void OnEvent(FeedEvent feedEvent)
    {
    }

    public void AddExisting(RowGroupData rows)
    {
        var ts = rows.Get<long>("ts");
        var exch = rows.Get<long>("exch_ts");
        var price = rows.Get<double>("price");
        var size = rows.Get<double>("size");
        var side = rows.GetBinary("side");
        var ids = rows.GetBinary("trade_id");
        var flags = rows.Get<int>("flags");
        for (var i = 0; i < rows.RowCount; i++)
        {
            if (!FirstTime(exch.Values[i], ids.Values[i])) continue;
            _ts.Add(ts.Values[i]);
            _exchTs.Add(exch.Values[i]);
            _price.Add(price.Values[i]);
            _size.Add(size.Values[i]);
            _side.Add(side.Values[i]);
            _ids.Add(ids.Values[i]);
            _flags.Add(flags.Values[i]);
            if ((flags.Values[i] & (int)TradeFlags.IdGapBefore) != 0) GapFlags++;
            if ((flags.Values[i] & (int)TradeFlags.FirstAfterReconnect) != 0) ReconnectFlags++;
        }
    }

    public ColumnData[] Build(int[]? order)
    {
        var s = ArchiveSchemas.Trades;
        return
        [
            new ColumnData<long>(s[0], _ts.ToArray(order)),
            new ColumnData<long>(s[1], _exchTs.ToArray(order)),
            new ColumnData<double>(s[2], _price.ToArray(order)),
            new ColumnData<double>(s[3], _size.ToArray(order)),
            new BinaryColumnData(s[4], Reorder(_side, order)),
            new BinaryColumnData(s[5], Reorder(_ids, order)),
            new ColumnData<int>(s[6], _flags.ToArray(order)),
        ];
    }

    internal static BinaryColumnValues Reorder(BinaryValueBuilder values, int[]? order)
    {
        if (order is null) return values.ToValues();
        var result = new BinaryValueBuilder(values.Count, values.ByteLength);
        foreach (var i in order) result.Add(values[i]);
        return result.Detach();
    }
}
