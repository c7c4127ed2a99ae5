using System.Buffers.Binary;
using Archiver.Store.Buckets;

namespace Archiver.Store.Tests.Query;

/// <summary>
/// A small in-memory <see cref="IBucketStore"/> for the query and aggregation tests, written for obviousness rather than
/// speed: fixed buckets upsert one row per slot (last row of a write wins), variable buckets append and keep a stable
/// time order, reads take an inclusive range (slot-granular for fixed, exact for variable), then the first or last
/// rows, then the projection. Observers run after each committed write, on the writer's thread.
/// </summary>
internal sealed class InMemoryBucketStore : IBucketStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<BucketKey, Bucket> _buckets = [];
    private readonly List<IBucketWriteObserver> _observers = [];

    /// <summary>Number of committed Write calls that changed something (observer writes included).</summary>
    public int WriteCount { get; private set; }

    public BucketInfo Create(BucketKey key, IReadOnlyList<ColumnSpec> elements, RecordKind kind)
    {
        var info = new BucketInfo(key, kind, elements.Where(e => e.Name != ColumnSeries.EpochColumn).ToArray());
        lock (_gate)
        {
            if (_buckets.TryGetValue(key, out var existing))
            {
                if (existing.Info.Kind == kind && existing.Info.Elements.SequenceEqual(info.Elements)) return existing.Info;
                throw new StoreException($"bucket {key} already exists with another schema");
            }

            _buckets[key] = new Bucket(info);
            return info;
        }
    }

    public void Write(IReadOnlyList<BucketWrite> writes)
    {
        var notices = new List<BucketWriteNotice>();
        lock (_gate)
        {
            // Prepare everything first so a refused write changes nothing.
            var prepared = new List<(Bucket Bucket, List<Row> Rows, BucketWrite Write, bool IsNew)>();
            foreach (var write in writes)
            {
                if (write.Data.RowCount == 0) continue;
                var epoch = write.Data.Find(ColumnSeries.EpochColumn);
                if (epoch is not { Type: ColumnType.I8 }) throw new StoreException("unexpected data type for Epoch column");
                var nanosColumn = write.IsVariableLength ? write.Data.Find(ColumnSeries.NanosecondsColumn) : null;
                if (nanosColumn is not null && nanosColumn.Type != ColumnType.I4) throw new StoreException("unexpected data type for Nanoseconds column");
                var payload = write.Data.Columns.Where(c => c.Name != ColumnSeries.EpochColumn && c != nanosColumn).ToArray();

                var isNew = !_buckets.TryGetValue(write.Key, out var bucket)
                    && prepared.All(p => !p.Bucket.Info.Key.Equals(write.Key));
                bucket ??= prepared.FirstOrDefault(p => p.Bucket.Info.Key.Equals(write.Key)).Bucket
                    ?? new Bucket(new BucketInfo(write.Key, write.IsVariableLength ? RecordKind.Variable : RecordKind.Fixed,
                        payload.Select(c => new ColumnSpec(c.Name, c.Type)).ToArray()));
                var elements = bucket.Info.Elements;
                if (payload.Length != elements.Count || elements.Any(e => payload.All(c => c.Name != e.Name)))
                    throw new StoreException($"unable to match data columns ({string.Join(",", payload.Select(c => c.Name))}) to bucket columns ({string.Join(",", elements.Select(e => e.Name))})");

                var rows = new List<Row>(write.Data.RowCount);
                var epochs = epoch.Values<long>();
                for (var r = 0; r < write.Data.RowCount; r++)
                {
                    var values = new byte[elements.Count][];
                    for (var e = 0; e < elements.Count; e++)
                    {
                        var column = payload.First(c => c.Name == elements[e].Name);
                        values[e] = Cast(column.Data.Span.Slice(r * column.Type.Size(), column.Type.Size()), column.Type, elements[e].Type);
                    }

                    var fixedSlot = bucket.Info.Kind == RecordKind.Fixed;
                    var seconds = fixedSlot ? bucket.Info.Key.Timeframe.SlotStart(epochs[r]) : epochs[r];
                    var nanos = fixedSlot || nanosColumn is null ? 0 : nanosColumn.Values<int>()[r];
                    if (nanos is < 0 or >= 1_000_000_000) throw new StoreException($"nanoseconds {nanos} out of range");
                    rows.Add(new Row(new StoreTime(seconds, nanos), values));
                }

                prepared.Add((bucket, rows, write, isNew));
            }

            foreach (var (bucket, rows, write, isNew) in prepared)
            {
                if (isNew) _buckets[bucket.Info.Key] = bucket;
                if (write.Replace is { } replace) bucket.Rows.RemoveAll(r => r.Time >= replace.Start && r.Time <= replace.End);
                if (bucket.Info.Kind == RecordKind.Fixed)
                {
                    foreach (var row in rows)
                    {
                        bucket.Rows.RemoveAll(r => r.Time == row.Time);
                        bucket.Rows.Add(row);
                    }
                }
                else
                {
                    bucket.Rows.AddRange(rows);
                }

                var sorted = bucket.Rows.OrderBy(r => r.Time).ToList(); // OrderBy is stable
                bucket.Rows.Clear();
                bucket.Rows.AddRange(sorted);
                notices.Add(new BucketWriteNotice(bucket.Info, rows.Count, rows.Min(r => r.Time), rows.Max(r => r.Time)));
            }

            if (prepared.Count > 0) WriteCount++;
        }

        IBucketWriteObserver[] observers;
        lock (_gate) observers = [.. _observers];
        foreach (var notice in notices)
        {
            foreach (var observer in observers) observer.OnWritten(this, notice);
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

    public IReadOnlyList<string> Symbols()
    {
        lock (_gate) return _buckets.Keys.Select(k => k.Symbol).Distinct().Order(StringComparer.Ordinal).ToArray();
    }

    public ColumnSeries Read(BucketKey key, ReadRequest request)
    {
        lock (_gate)
        {
            if (!_buckets.TryGetValue(key, out var bucket)) throw new StoreException($"bucket {key} does not exist");
            var info = bucket.Info;
            IEnumerable<Row> rows = bucket.Rows;
            if (info.Kind == RecordKind.Fixed)
            {
                var tf = info.Key.Timeframe;
                if (request.Start != StoreTime.MinValue) rows = rows.Where(r => r.Time.Seconds >= tf.SlotStart(request.Start.Seconds));
                if (request.End != StoreTime.MaxValue) rows = rows.Where(r => r.Time.Seconds <= tf.SlotStart(request.End.Seconds));
            }
            else
            {
                rows = rows.Where(r => r.Time >= request.Start && r.Time <= request.End);
            }

            var list = rows.ToList();
            if (request.Limit > 0 && list.Count > request.Limit)
                list = request.FromStart ? list.Take(request.Limit).ToList() : list.Skip(list.Count - request.Limit).ToList();

            var picked = new List<int>();
            if (request.Columns is { Count: > 0 })
            {
                foreach (var name in request.Columns)
                {
                    var i = info.Elements.ToList().FindIndex(e => e.Name == name);
                    if (i >= 0 && !picked.Contains(i)) picked.Add(i);
                }
            }
            else
            {
                picked.AddRange(Enumerable.Range(0, info.Elements.Count));
            }

            var columns = new List<Column> { Column.From(ColumnSeries.EpochColumn, ColumnType.I8, list.Select(r => r.Time.Seconds).ToArray()) };
            foreach (var e in picked)
            {
                var spec = info.Elements[e];
                columns.Add(new Column(spec.Name, spec.Type, list.SelectMany(r => r.Values[e]).ToArray()));
            }

            if (info.Kind == RecordKind.Variable)
                columns.Add(Column.From(ColumnSeries.NanosecondsColumn, ColumnType.I4, list.Select(r => r.Time.Nanos).ToArray()));
            return new ColumnSeries(columns);
        }
    }

    public void AddObserver(IBucketWriteObserver observer)
    {
        lock (_gate) _observers.Add(observer);
    }

    public void Dispose() { }

    private static byte[] Cast(ReadOnlySpan<byte> value, ColumnType from, ColumnType to)
    {
        if (from == to) return value.ToArray();
        if (!from.IsNumeric() || !to.IsNumeric()) throw new StoreException($"cannot cast {from.ToTypeString()} to {to.ToTypeString()}");
        double v = from switch
        {
            ColumnType.I1 => (sbyte)value[0],
            ColumnType.I2 => BinaryPrimitives.ReadInt16LittleEndian(value),
            ColumnType.I4 => BinaryPrimitives.ReadInt32LittleEndian(value),
            ColumnType.I8 => BinaryPrimitives.ReadInt64LittleEndian(value),
            ColumnType.U1 => value[0],
            ColumnType.U2 => BinaryPrimitives.ReadUInt16LittleEndian(value),
            ColumnType.U4 => BinaryPrimitives.ReadUInt32LittleEndian(value),
            ColumnType.U8 => BinaryPrimitives.ReadUInt64LittleEndian(value),
            ColumnType.F4 => BinaryPrimitives.ReadSingleLittleEndian(value),
            _ => BinaryPrimitives.ReadDoubleLittleEndian(value),
        };
        var bytes = new byte[to.Size()];
        switch (to)
        {
            case ColumnType.I1: bytes[0] = (byte)(sbyte)v; break;
            case ColumnType.I2: BinaryPrimitives.WriteInt16LittleEndian(bytes, (short)v); break;
            case ColumnType.I4: BinaryPrimitives.WriteInt32LittleEndian(bytes, (int)v); break;
            case ColumnType.I8: BinaryPrimitives.WriteInt64LittleEndian(bytes, (long)v); break;
            case ColumnType.U1: bytes[0] = (byte)v; break;
            case ColumnType.U2: BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)v); break;
            case ColumnType.U4: BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)v); break;
            case ColumnType.U8: BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)v); break;
            case ColumnType.F4: BinaryPrimitives.WriteSingleLittleEndian(bytes, (float)v); break;
            default: BinaryPrimitives.WriteDoubleLittleEndian(bytes, v); break;
        }

        return bytes;
    }

    private sealed class Bucket(BucketInfo info)
    {
        public BucketInfo Info { get; } = info;

        public List<Row> Rows { get; } = [];
    }

    private sealed record Row(StoreTime Time, byte[][] Values);
}
