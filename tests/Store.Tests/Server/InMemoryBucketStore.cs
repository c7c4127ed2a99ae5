using Archiver.Store.Buckets;

namespace Archiver.Store.Tests.Server;

/// <summary>
/// A small in-memory <see cref="IBucketStore"/> with MarketStore's simple semantics (fixed slots overwrite, variable
/// buckets append in stable time order, inclusive ranges, last-N limits), standing in for the real engine in server
/// tests. Copies every written value, validates a whole write before applying any of it, and tells observers.
/// </summary>
internal sealed class InMemoryBucketStore : IBucketStore
{
    private sealed record Row(long Epoch, int Nanos, byte[][] Values);

    private sealed class Bucket(BucketInfo info)
    {
        public BucketInfo Info { get; } = info;

        public List<Row> Rows { get; } = [];
    }

    private readonly object _gate = new();
    private readonly Dictionary<BucketKey, Bucket> _buckets = [];
    private readonly List<IBucketWriteObserver> _observers = [];

    public int WriteCalls { get; private set; }

    public BucketInfo Create(BucketKey key, IReadOnlyList<ColumnSpec> elements, RecordKind kind)
    {
        lock (_gate)
        {
            if (_buckets.ContainsKey(key)) throw new StoreException($"creation of new catalog entry failed: {key} already exists");
            var info = new BucketInfo(key, kind, elements.Where(e => e.Name != ColumnSeries.EpochColumn).ToArray());
            _buckets[key] = new Bucket(info);
            return info;
        }
    }

    public void Write(IReadOnlyList<BucketWrite> writes)
    {
        var notices = new List<(BucketInfo, int, StoreTime, StoreTime)>();
        lock (_gate)
        {
            WriteCalls++;
            var plans = new List<(Bucket Bucket, bool New, List<Row> Rows)>();
            foreach (var write in writes)
            {
                var data = write.Data;
                if (data.RowCount == 0) continue;
                var epoch = data.Find(ColumnSeries.EpochColumn) ?? throw new StoreException("unexpected data type for Epoch column");
                var nanosColumn = write.IsVariableLength ? data.Find(ColumnSeries.NanosecondsColumn) : null;
                var elements = data.Columns.Where(c => c != epoch && c != nanosColumn).Select(c => new ColumnSpec(c.Name, c.Type)).ToArray();
                var isNew = !_buckets.TryGetValue(write.Key, out var bucket) && plans.All(p => !p.Bucket.Info.Key.Equals(write.Key));
                bucket ??= plans.FirstOrDefault(p => p.Bucket.Info.Key.Equals(write.Key)).Bucket
                           ?? new Bucket(new BucketInfo(write.Key, write.IsVariableLength ? RecordKind.Variable : RecordKind.Fixed, elements));
                var schema = bucket.Info.Elements;
                if (schema.Count != elements.Length || schema.Any(s => elements.All(e => e.Name != s.Name)))
                {
                    throw new StoreException($"unable to match data columns ({string.Join(",", elements.Select(e => e.Name))}) to bucket columns ({string.Join(",", schema.Select(s => s.Name))})");
                }

                var columns = schema.Select(s =>
                {
                    var c = data.Find(s.Name)!;
                    return c.Type == s.Type ? c : throw new StoreException($"column {s.Name} is {c.Type.ToTypeString()}, the bucket has {s.Type.ToTypeString()}");
                }).ToArray();
                var rows = new List<Row>(data.RowCount);
                var epochs = epoch.Values<long>();
                var nanos = nanosColumn is null ? null : nanosColumn.Values<int>().ToArray();
                for (var r = 0; r < data.RowCount; r++)
                {
                    var values = columns.Select(c => c.Data.Span.Slice(r * c.Type.Size(), c.Type.Size()).ToArray()).ToArray();
                    var seconds = bucket.Info.Kind == RecordKind.Fixed ? write.Key.Timeframe.SlotStart(epochs[r]) : epochs[r];
                    rows.Add(new Row(seconds, bucket.Info.Kind == RecordKind.Variable && nanos is not null ? nanos[r] : 0, values));
                }

                plans.Add((bucket, isNew, rows));
            }

            foreach (var (bucket, isNew, rows) in plans)
            {
                if (isNew) _buckets[bucket.Info.Key] = bucket;
                foreach (var row in rows)
                {
                    if (bucket.Info.Kind == RecordKind.Fixed) bucket.Rows.RemoveAll(x => x.Epoch == row.Epoch);
                    bucket.Rows.Add(row);
                }

                var sorted = bucket.Rows.OrderBy(x => x.Epoch).ThenBy(x => x.Nanos).ToList();
                bucket.Rows.Clear();
                bucket.Rows.AddRange(sorted);
                var first = rows.MinBy(x => (x.Epoch, x.Nanos))!;
                var last = rows.MaxBy(x => (x.Epoch, x.Nanos))!;
                notices.Add((bucket.Info, rows.Count, new StoreTime(first.Epoch, first.Nanos), new StoreTime(last.Epoch, last.Nanos)));
            }
        }

        foreach (var (info, rows, first, last) in notices)
        {
            foreach (var o in _observers.ToArray()) o.OnWritten(this, new BucketWriteNotice(info, rows, first, last));
        }
    }

    public bool Destroy(BucketKey key)
    {
        lock (_gate) return _buckets.Remove(key);
    }

    public BucketInfo? Find(BucketKey key)
    {
        lock (_gate) return _buckets.TryGetValue(key, out var b) ? b.Info : null;
    }

    public IReadOnlyList<BucketKey> Keys()
    {
        lock (_gate)
        {
            return _buckets.Keys.OrderBy(k => k.Symbol, StringComparer.Ordinal).ThenBy(k => k.Timeframe.Name, StringComparer.Ordinal)
                .ThenBy(k => k.AttributeGroup, StringComparer.Ordinal).ToArray();
        }
    }

    public IReadOnlyList<string> Symbols() => Keys().Select(k => k.Symbol).Distinct().ToArray();

    public ColumnSeries Read(BucketKey key, ReadRequest request)
    {
        lock (_gate)
        {
            if (!_buckets.TryGetValue(key, out var bucket)) throw new StoreException($"bucket {key} does not exist");
            var info = bucket.Info;
            IEnumerable<Row> rows;
            if (info.Kind == RecordKind.Fixed)
            {
                var tf = key.Timeframe;
                var lo = request.Start == StoreTime.MinValue ? long.MinValue : tf.SlotStart(request.Start.Seconds);
                var hi = request.End == StoreTime.MaxValue ? long.MaxValue : tf.SlotStart(request.End.Seconds);
                rows = bucket.Rows.Where(r => r.Epoch >= lo && r.Epoch <= hi);
            }
            else
            {
                rows = bucket.Rows.Where(r => new StoreTime(r.Epoch, r.Nanos) >= request.Start && new StoreTime(r.Epoch, r.Nanos) <= request.End);
            }

            var list = rows.ToList();
            if (request.Limit > 0 && list.Count > request.Limit)
                list = request.FromStart ? list.Take(request.Limit).ToList() : list.Skip(list.Count - request.Limit).ToList();

            var elements = info.Elements.Select((e, i) => (Spec: e, Index: i)).ToList();
            if (request.Columns is { Count: > 0 } wanted)
            {
                elements = wanted.Distinct().Select(n => elements.FirstOrDefault(e => e.Spec.Name == n)).Where(e => e.Spec is not null).ToList();
            }

            var columns = new List<Column> { Column.From(ColumnSeries.EpochColumn, ColumnType.I8, list.Select(r => r.Epoch).ToArray()) };
            foreach (var (spec, index) in elements)
            {
                columns.Add(new Column(spec.Name, spec.Type, list.SelectMany(r => r.Values[index]).ToArray()));
            }

            if (info.Kind == RecordKind.Variable)
                columns.Add(Column.From(ColumnSeries.NanosecondsColumn, ColumnType.I4, list.Select(r => r.Nanos).ToArray()));
            return new ColumnSeries(columns);
        }
    }

    public void AddObserver(IBucketWriteObserver observer)
    {
        lock (_gate) _observers.Add(observer);
    }

    public void Dispose()
    {
    }
}
