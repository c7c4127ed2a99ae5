using System.Runtime.InteropServices;
using Archiver.Store.Buckets;

namespace Archiver.Store.Tests.Ingest;

/// <summary>
/// A minimal in-memory <see cref="IBucketStore"/> with the write semantics ingest relies on (variable buckets: stable
/// time order, equal times in write order; fixed buckets: one record per slot, last write wins; Replace removes the
/// range first, even for zero rows; several writes apply all or nothing). Columns must match the bucket by name and
/// type (no casting). Stands in for the real engine in the ingest tests and benchmarks; counts writes.
/// </summary>
public sealed class InMemoryBucketStore : IBucketStore
{
    private readonly Dictionary<BucketKey, Bucket> _buckets = [];
    private readonly List<IBucketWriteObserver> _observers = [];
    private readonly Lock _lock = new();

    /// <summary>Number of successful <see cref="Write"/> calls.</summary>
    public int WriteCalls { get; private set; }

    public BucketInfo Create(BucketKey key, IReadOnlyList<ColumnSpec> elements, RecordKind kind)
    {
        lock (_lock)
        {
            if (_buckets.ContainsKey(key)) throw new StoreException($"creation of new catalog entry failed: {key} exists");
            var info = new BucketInfo(key, kind, elements.Where(e => e.Name != ColumnSeries.EpochColumn).ToArray());
            _buckets[key] = new Bucket(info);
            return info;
        }
    }

    public void Write(IReadOnlyList<BucketWrite> writes)
    {
        var notices = new List<BucketWriteNotice>();
        lock (_lock)
        {
            // Validate everything first so a refused write changes nothing.
            var pending = new Dictionary<BucketKey, BucketInfo>();
            foreach (var w in writes)
            {
                if (w.Data.RowCount == 0 && w.Replace is null) continue;
                if (w.Data.Find(ColumnSeries.EpochColumn) is not { Type: ColumnType.I8 }) throw new StoreException("unexpected data type for Epoch column");
                var info = _buckets.TryGetValue(w.Key, out var b) ? b.Info : pending.GetValueOrDefault(w.Key);
                if (info is null)
                {
                    if (w.Data.RowCount == 0) continue;
                    var elements = w.Data.Schema.Where(c => c.Name != ColumnSeries.EpochColumn && !(w.IsVariableLength && c.Name == ColumnSeries.NanosecondsColumn)).ToArray();
                    info = new BucketInfo(w.Key, w.IsVariableLength ? RecordKind.Variable : RecordKind.Fixed, elements);
                    pending[w.Key] = info;
                }

                foreach (var e in info.Elements)
                {
                    if (w.Data.Find(e.Name) is not { } c || c.Type != e.Type)
                        throw new StoreException($"unable to match data columns ({string.Join(",", w.Data.Schema)}) to bucket columns ({string.Join(",", info.Elements)})");
                }
            }

            foreach (var (key, info) in pending) _buckets[key] = new Bucket(info);
            foreach (var w in writes)
            {
                if (!_buckets.TryGetValue(w.Key, out var bucket)) continue;
                if (w.Replace is { } r) bucket.Remove(r.Start, r.End);
                if (w.Data.RowCount > 0)
                {
                    var (first, last) = bucket.Insert(w.Data);
                    notices.Add(new BucketWriteNotice(bucket.Info, w.Data.RowCount, first, last));
                }
            }

            WriteCalls++;
        }

        foreach (var n in notices)
        {
            foreach (var o in _observers) o.OnWritten(this, n);
        }
    }

    public bool Destroy(BucketKey key)
    {
        lock (_lock) return _buckets.Remove(key);
    }

    public BucketInfo? Find(BucketKey key)
    {
        lock (_lock) return _buckets.TryGetValue(key, out var b) ? b.Info : null;
    }

    public IReadOnlyList<BucketKey> Keys()
    {
        lock (_lock)
            return _buckets.Keys.OrderBy(k => k.Symbol, StringComparer.Ordinal).ThenBy(k => k.Timeframe.Name, StringComparer.Ordinal)
                .ThenBy(k => k.AttributeGroup, StringComparer.Ordinal).ToArray();
    }

    public IReadOnlyList<string> Symbols()
    {
        lock (_lock) return _buckets.Keys.Select(k => k.Symbol).Distinct().Order(StringComparer.Ordinal).ToArray();
    }

    public ColumnSeries Read(BucketKey key, ReadRequest request)
    {
        lock (_lock)
        {
            if (!_buckets.TryGetValue(key, out var bucket)) throw new StoreException("no files returned from query parse");
            return bucket.Read(request);
        }
    }

    public void AddObserver(IBucketWriteObserver observer)
    {
        lock (_lock) _observers.Add(observer);
    }

    public void Dispose()
    {
    }

    /// <summary>One bucket: times (Unix ns; slot starts for fixed buckets) ascending and element columns as bytes.</summary>
    private sealed class Bucket(BucketInfo info)
    {
        private long[] _time = [];
        private byte[][] _columns = info.Elements.Select(_ => Array.Empty<byte>()).ToArray();
        private int _count;

        public BucketInfo Info { get; } = info;

        private bool Variable => Info.Kind == RecordKind.Variable;

        private long Nanos(StoreTime t)
        {
            if (t == StoreTime.MinValue) return long.MinValue;
            if (t == StoreTime.MaxValue) return long.MaxValue;
            if (Variable) return (t.Seconds * 1_000_000_000L) + t.Nanos;
            return Info.Key.Timeframe.SlotStart(t.Seconds) * 1_000_000_000L;
        }

        private int LowerBound(long t)
        {
            int lo = 0, hi = _count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (_time[mid] < t) lo = mid + 1;
                else hi = mid;
            }

            return lo;
        }

        private int UpperBound(long t)
        {
            if (t == long.MaxValue) return _count;
            return LowerBound(t + 1);
        }

        public void Remove(StoreTime start, StoreTime end)
        {
            var a = LowerBound(Nanos(start));
            var b = UpperBound(Nanos(end));
            if (b <= a) return;
            Array.Copy(_time, b, _time, a, _count - b);
            for (var c = 0; c < _columns.Length; c++)
            {
                var size = Info.Elements[c].Type.Size();
                Array.Copy(_columns[c], b * size, _columns[c], a * size, (_count - b) * size);
            }

            _count -= b - a;
        }

        public (StoreTime First, StoreTime Last) Insert(ColumnSeries data)
        {
            var n = data.RowCount;
            var epoch = data.Epochs;
            var nanosColumn = Variable ? data.Find(ColumnSeries.NanosecondsColumn) : null;
            var times = new long[n];
            ReadOnlySpan<int> ns = nanosColumn is null ? default : nanosColumn.Values<int>();
            for (var i = 0; i < n; i++)
            {
                times[i] = Variable
                    ? (epoch[i] * 1_000_000_000L) + (ns.IsEmpty ? 0 : ns[i])
                    : Info.Key.Timeframe.SlotStart(epoch[i]) * 1_000_000_000L;
            }

            // Stable order of the incoming rows; for fixed buckets the last row of a slot wins.
            var sorted = true;
            for (var i = 1; i < n && sorted; i++) sorted = times[i - 1] <= times[i];
            if (Variable && sorted && (_count == 0 || times[0] >= _time[_count - 1])) return Append(data, times);
            var order = sorted ? Enumerable.Range(0, n).ToArray() : Enumerable.Range(0, n).OrderBy(i => times[i]).ToArray();
            if (!Variable)
            {
                var keep = new List<int>(n);
                for (var k = 0; k < n; k++)
                {
                    if (k + 1 < n && times[order[k + 1]] == times[order[k]]) continue;
                    keep.Add(order[k]);
                }

                order = [.. keep];
                foreach (var i in order)
                {
                    var a = LowerBound(times[i]);
                    if (a < _count && _time[a] == times[i]) Remove(new StoreTime(times[i] / 1_000_000_000L, 0), new StoreTime(times[i] / 1_000_000_000L, 0));
                }
            }

            var sources = Info.Elements.Select(e => data.Find(e.Name)!.Data).ToArray();
            var total = _count + order.Length;
            var time = new long[Math.Max(total, 16)];
            var columns = Info.Elements.Select(e => new byte[Math.Max(total, 16) * e.Type.Size()]).ToArray();
            int x = 0, y = 0;
            for (var k = 0; k < total; k++)
            {
                // Existing rows first for equal times: later writes come after earlier ones.
                var takeOld = y >= order.Length || (x < _count && _time[x] <= times[order[y]]);
                if (takeOld)
                {
                    time[k] = _time[x];
                    for (var c = 0; c < columns.Length; c++)
                    {
                        var size = Info.Elements[c].Type.Size();
                        _columns[c].AsSpan(x * size, size).CopyTo(columns[c].AsSpan(k * size));
                    }

                    x++;
                }
                else
                {
                    var i = order[y];
                    time[k] = times[i];
                    for (var c = 0; c < columns.Length; c++)
                    {
                        var size = Info.Elements[c].Type.Size();
                        sources[c].Span.Slice(i * size, size).CopyTo(columns[c].AsSpan(k * size));
                    }

                    y++;
                }
            }

            _time = time;
            _columns = columns;
            _count = total;
            var first = order.Length == 0 ? 0 : times[order[0]];
            var last = order.Length == 0 ? 0 : times[order[^1]];
            return (StoreTime.FromUnixNanoseconds(first), StoreTime.FromUnixNanoseconds(last));
        }

        /// <summary>The fast path: sorted rows that all come after the stored ones, copied as blocks.</summary>
        private (StoreTime First, StoreTime Last) Append(ColumnSeries data, long[] times)
        {
            var n = times.Length;
            var total = _count + n;
            if (_time.Length < total)
            {
                var capacity = Math.Max(total, _time.Length * 2);
                Array.Resize(ref _time, capacity);
                for (var c = 0; c < _columns.Length; c++) Array.Resize(ref _columns[c], capacity * Info.Elements[c].Type.Size());
            }

            times.CopyTo(_time, _count);
            for (var c = 0; c < _columns.Length; c++)
            {
                var size = Info.Elements[c].Type.Size();
                data.Find(Info.Elements[c].Name)!.Data.Span.CopyTo(_columns[c].AsSpan(_count * size));
            }

            _count = total;
            return (StoreTime.FromUnixNanoseconds(times[0]), StoreTime.FromUnixNanoseconds(times[^1]));
        }

        public ColumnSeries Read(ReadRequest request)
        {
            var a = LowerBound(Nanos(request.Start));
            var b = UpperBound(Nanos(request.End));
            if (b < a) b = a;
            if (request.Limit > 0 && b - a > request.Limit)
            {
                if (request.FromStart) b = a + request.Limit;
                else a = b - request.Limit;
            }

            var n = b - a;
            var epoch = new long[n];
            var nanos = new int[n];
            for (var i = 0; i < n; i++)
            {
                var t = _time[a + i];
                epoch[i] = Math.DivRem(t, 1_000_000_000L, out var rem) - (rem < 0 ? 1 : 0);
                nanos[i] = (int)(t - (epoch[i] * 1_000_000_000L));
            }

            var names = request.Columns is { Count: > 0 } ? request.Columns.Distinct().ToArray() : Info.Elements.Select(e => e.Name).ToArray();
            var columns = new List<Column> { new(ColumnSeries.EpochColumn, ColumnType.I8, MemoryMarshal.AsBytes(epoch.AsSpan()).ToArray()) };
            foreach (var name in names)
            {
                var c = Info.Elements.ToList().FindIndex(e => e.Name == name);
                if (c < 0) continue;
                var size = Info.Elements[c].Type.Size();
                columns.Add(new Column(name, Info.Elements[c].Type, _columns[c].AsSpan(a * size, n * size).ToArray()));
            }

            if (Variable) columns.Add(new Column(ColumnSeries.NanosecondsColumn, ColumnType.I4, MemoryMarshal.AsBytes(nanos.AsSpan()).ToArray()));
            return new ColumnSeries(columns);
        }
    }
}
