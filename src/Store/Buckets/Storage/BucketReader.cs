namespace Archiver.Store.Buckets.Storage;

/// <summary>
/// Reads a bucket under its read lock: finds the qualifying row range of each partition by binary search, applies
/// the limit (first or last N), then copies every projected column straight from the files into one array per
/// column (one positional read per column and partition).
/// </summary>
internal static class BucketReader
{
    public static ColumnSeries Read(StoredBucket bucket, ReadRequest request)
    {
        var columns = Projection(bucket, request.Columns);
        var variable = bucket.IsVariable;
        bucket.Lock.EnterReadLock();
        try
        {
            if (bucket.Destroyed) throw BucketStore.Missing(bucket.Key);
            if (!Bounds(bucket, request, out var lo, out var hi)) return ColumnSeries.Empty(columns.Select(c => c.Spec));
            var ranges = new List<(Partition P, long From, long To)>();
            long total = 0;
            foreach (var p in bucket.Partitions.Values)
            {
                if (p.Rows == 0 || p.Max < lo || p.Min > hi) continue;
                long from = 0, to = p.Rows;
                if (lo > p.Min || hi < p.Max)
                {
                    using var files = new PartitionFiles(bucket, p);
                    from = PartitionSearch.Bound(files, p, variable, lo, after: false);
                    to = PartitionSearch.Bound(files, p, variable, hi, after: true);
                }

                if (to <= from) continue;
                ranges.Add((p, from, to));
                total += to - from;
            }

            if (request.Limit > 0 && total > request.Limit) total = Trim(ranges, total, request.Limit, request.FromStart);
            var rowBytes = columns.Max(c => c.Spec.Type.Size());
            if (total * rowBytes > Array.MaxLength)
                throw new StoreException($"a read of {total} rows from {bucket.Key} is too large for one result; use a limit or a smaller range");
            var rows = (int)total;
            var buffers = new Memory<byte>[columns.Length];
            for (var c = 0; c < buffers.Length; c++)
            {
                var bytes = rows * columns[c].Spec.Type.Size();
                buffers[c] = request.Buffers?.Allocate(bytes) ?? GC.AllocateUninitializedArray<byte>(bytes);
            }

            var at = 0;
            foreach (var (p, from, to) in ranges)
            {
                var n = (int)(to - from);
                using var files = new PartitionFiles(bucket, p);
                for (var c = 0; c < columns.Length; c++)
                {
                    var size = columns[c].Spec.Type.Size();
                    files.Read(columns[c].Stored, from, buffers[c].Span.Slice(at * size, n * size));
                }

                at += n;
            }

            return new ColumnSeries(columns.Select((c, i) => new Column(c.Spec.Name, c.Spec.Type, buffers[i])).ToArray());
        }
        finally
        {
            bucket.Lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Epoch first, then the requested columns in request order (unknown names dropped, duplicates removed), then
    /// Nanoseconds for variable buckets; everything when <paramref name="requested"/> is null or empty.
    /// </summary>
    public static (ColumnSpec Spec, int Stored)[] Projection(StoredBucket bucket, IReadOnlyList<string>? requested)
    {
        var first = bucket.IsVariable ? 2 : 1;
        var list = new List<(ColumnSpec, int)> { (new ColumnSpec(ColumnSeries.EpochColumn, ColumnType.I8), 0) };
        if (requested is null || requested.Count == 0)
        {
            for (var e = 0; e < bucket.Elements.Length; e++) list.Add((bucket.Elements[e], e + first));
        }
        else
        {
            foreach (var name in requested)
            {
                if (name is null || name == ColumnSeries.EpochColumn || (bucket.IsVariable && name == ColumnSeries.NanosecondsColumn)) continue;
                var e = ElementIndex(bucket.Elements, name);
                if (e < 0 || Projected(list, e + first)) continue;
                list.Add((bucket.Elements[e], e + first));
            }
        }

        if (bucket.IsVariable) list.Add((new ColumnSpec(ColumnSeries.NanosecondsColumn, ColumnType.I4), 1));
        return [.. list];
    }

    private static bool Projected(List<(ColumnSpec, int)> list, int stored)
    {
        foreach (var (_, s) in list)
        {
            if (s == stored) return true;
        }

        return false;
    }

    private static int ElementIndex(ColumnSpec[] elements, string name)
    {
        for (var e = 0; e < elements.Length; e++)
        {
            if (string.Equals(elements[e].Name, name, StringComparison.Ordinal)) return e;
        }

        return -1;
    }

    /// <summary>Inclusive stored-time bounds: slot-granular for fixed buckets, exact for variable ones. False: nothing can qualify.</summary>
    private static bool Bounds(StoredBucket bucket, ReadRequest request, out StoreTime lo, out StoreTime hi)
    {
        lo = request.Start;
        hi = request.End;
        if (lo > hi) return false;
        if (bucket.IsVariable) return true;
        var tf = bucket.Key.Timeframe;
        if (lo.Seconds > PartitionScheme.MaxSeconds || hi.Seconds < PartitionScheme.MinSeconds) return false;
        lo = lo.Seconds < PartitionScheme.MinSeconds ? StoreTime.MinValue : new StoreTime(tf.SlotStart(lo.Seconds), 0);
        hi = hi.Seconds > PartitionScheme.MaxSeconds ? StoreTime.MaxValue : new StoreTime(tf.SlotStart(hi.Seconds), 0);
        return true;
    }

    private static long Trim(List<(Partition P, long From, long To)> ranges, long total, long limit, bool fromStart)
    {
        var drop = total - limit;
        if (fromStart)
        {
            for (var i = ranges.Count - 1; i >= 0 && drop > 0; i--)
            {
                var (p, from, to) = ranges[i];
                var n = to - from;
                if (n <= drop)
                {
                    ranges.RemoveAt(i);
                    drop -= n;
                }
                else
                {
                    ranges[i] = (p, from, to - drop);
                    drop = 0;
                }
            }
        }
        else
        {
            while (drop > 0)
            {
                var (p, from, to) = ranges[0];
                var n = to - from;
                if (n <= drop)
                {
                    ranges.RemoveAt(0);
                    drop -= n;
                }
                else
                {
                    ranges[0] = (p, from + drop, to);
                    drop = 0;
                }
            }
        }

        return limit;
    }
}
