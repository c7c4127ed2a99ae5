using Archiver.Feeds;
using Archiver.Feeds.Model;
using Archiver.Store.Archive;
using Archiver.Store.Parquet.Data;

namespace Archiver.Cli.Archiving;

/// <summary>
/// Collects book snapshots into the columns of the l2book schema of one depth: ids and the transaction time are null
/// where the exchange has none, levels beyond the book's count are null.
/// </summary>
internal sealed class BookTableBuilder : IFeedSink, IArchiveTableBuilder
{
    private readonly int _depth;
    private readonly GrowableArray<long> _ts = new();
    private readonly GrowableArray<long> _exchTs = new();
    private readonly NullableColumn _txTs = new();
    private readonly NullableColumn _updateId = new();
    private readonly NullableColumn _prevUpdateId = new();
    private readonly NullableColumn _seq = new();
    private readonly GrowableArray<int> _flags = new();
    private readonly GrowableArray<double>[] _levels; // bid_px[d], bid_sz[d], ask_px[d], ask_sz[d]
    private readonly GrowableArray<byte> _bidCount = new();
    private readonly GrowableArray<byte> _askCount = new();

    public BookTableBuilder(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, 255);
        _depth = depth;
        _levels = new GrowableArray<double>[4 * depth];
        for (var i = 0; i < _levels.Length; i++) _levels[i] = new GrowableArray<double>();
    }

    public int Count => _ts.Count;

    public long TimeAt(int row) => _ts[row];

    public int GapFlags { get; private set; }

    public int ReconnectFlags { get; private set; }

    public void OnTrade(in Trade trade) => throw new InvalidOperationException("A book journal holds a trade record.");

    public void OnEvent(FeedEvent feedEvent)
    {
    }

    public void OnBook(BookSnapshot book)
    {
        _ts.Add(book.ReceiveTimeMicros);
        _exchTs.Add(book.ExchangeTimeMicros);
        _txTs.Add(book.TransactionTimeMicros);
        _updateId.Add(book.UpdateId);
        _prevUpdateId.Add(book.PreviousUpdateId);
        _seq.Add(book.Sequence);
        _flags.Add((int)book.Flags);
        CountFlags(book.Flags);
        var bids = Math.Min(book.BidCount, _depth);
        var asks = Math.Min(book.AskCount, _depth);
        _bidCount.Add((byte)bids);
        _askCount.Add((byte)asks);
        for (var i = 0; i < _depth; i++)
        {
            _levels[i].Add(i < bids ? book.BidPrices[i] : 0);
            _levels[_depth + i].Add(i < bids ? book.BidSizes[i] : 0);
            _levels[(2 * _depth) + i].Add(i < asks ? book.AskPrices[i] : 0);
            _levels[(3 * _depth) + i].Add(i < asks ? book.AskSizes[i] : 0);
        }
    }

    private void CountFlags(BookFlags flags)
    {
        if ((flags & BookFlags.GapBefore) != 0) GapFlags++;
        if ((flags & BookFlags.FirstAfterSync) != 0) ReconnectFlags++;
    }

    public void AddExisting(RowGroupData rows)
    {
        var ts = rows.Get<long>("ts");
        var exch = rows.Get<long>("exch_ts");
        var tx = rows.Get<long>("exch_tx_ts");
        var u = rows.Get<long>("update_id");
        var pu = rows.Get<long>("prev_update_id");
        var seq = rows.Get<long>("seq");
        var flags = rows.Get<int>("flags");
        var levels = new ColumnData<double>[4 * _depth];
        var names = new[] { "bid_px", "bid_sz", "ask_px", "ask_sz" };
        for (var s = 0; s < 4; s++)
            for (var i = 0; i < _depth; i++) levels[(s * _depth) + i] = rows.Get<double>($"{names[s]}_{i}");
        for (var r = 0; r < rows.RowCount; r++)
        {
            _ts.Add(ts.Values[r]);
            _exchTs.Add(exch.Values[r]);
            _txTs.Add(tx.HasValue(r) ? tx.Values[r] : null);
            _updateId.Add(u.HasValue(r) ? u.Values[r] : null);
            _prevUpdateId.Add(pu.HasValue(r) ? pu.Values[r] : null);
            _seq.Add(seq.HasValue(r) ? seq.Values[r] : null);
            _flags.Add(flags.Values[r]);
            CountFlags((BookFlags)flags.Values[r]);
            byte bids = 0, asks = 0;
            for (var i = 0; i < _depth; i++)
            {
                if (levels[i].HasValue(r)) bids = (byte)(i + 1);
                if (levels[(2 * _depth) + i].HasValue(r)) asks = (byte)(i + 1);
            }

            _bidCount.Add(bids);
            _askCount.Add(asks);
            for (var c = 0; c < levels.Length; c++) _levels[c].Add(levels[c].HasValue(r) ? levels[c].Values[r] : 0);
        }
    }

    public ColumnData[] Build(int[]? order)
    {
        var schema = ArchiveSchemas.L2Book(_depth);
        var columns = new ColumnData[schema.Fields.Count];
        columns[0] = new ColumnData<long>(schema[0], _ts.ToArray(order));
        columns[1] = new ColumnData<long>(schema[1], _exchTs.ToArray(order));
        columns[2] = _txTs.Build(schema[2], order);
        columns[3] = _updateId.Build(schema[3], order);
        columns[4] = _prevUpdateId.Build(schema[4], order);
        columns[5] = _seq.Build(schema[5], order);
        columns[6] = new ColumnData<int>(schema[6], _flags.ToArray(order));
        var bids = _bidCount.ToArray(order);
        var asks = _askCount.ToArray(order);
        for (var c = 0; c < _levels.Length; c++)
        {
            var level = c % _depth;
            var counts = c < 2 * _depth ? bids : asks;
            var present = new bool[counts.Length];
            var any = false;
            for (var r = 0; r < present.Length; r++)
            {
                present[r] = level < counts[r];
                any |= !present[r];
            }

            columns[7 + c] = new ColumnData<double>(schema[7 + c], _levels[c].ToArray(order), any ? present : null);
        }

        return columns;
    }

    /// <summary>An int64 column with nulls.</summary>
    private sealed class NullableColumn
    {
        private readonly GrowableArray<long> _values = new();
        private readonly GrowableArray<bool> _present = new();
        private bool _anyNull;

        public void Add(long? value)
        {
            _values.Add(value ?? 0);
            _present.Add(value.HasValue);
            _anyNull |= !value.HasValue;
        }

        public ColumnData<long> Build(Store.Parquet.Schema.ParquetField field, int[]? order) =>
            new(field, _values.ToArray(order), _anyNull ? _present.ToArray(order) : null);
    }
}
