using System.Buffers;
using System.Runtime.InteropServices;

namespace Archiver.Store.Buckets.Storage;

/// <summary>
/// Applies a <see cref="PreparedWrite"/> to a bucket's partitions; the caller holds the bucket's write lock. Rows
/// after a partition's last time are appended to its files in place (the common case: ingest and live data); rows
/// replacing existing fixed slots are overwritten in place; anything else (an insert between stored rows, a replace
/// range that removes rows) merge-rewrites the partition into a new version directory and switches to it.
/// </summary>
internal static class PartitionWriter
{
    public static void Apply(StoredBucket bucket, PreparedWrite write)
    {
        var groups = new List<(long Start, int From, int To)>();
        var epochs = write.EpochValues;
        var i = 0;
        while (i < write.Rows)
        {
            var start = PartitionScheme.Start(bucket.ByDay, epochs[i]);
            var end = PartitionScheme.End(bucket.ByDay, start);
            var j = i + 1;
            while (j < write.Rows && epochs[j] < end) j++;
            groups.Add((start, i, j));
            i = j;
        }

        if (write.Replace is { } r)
        {
            foreach (var p in bucket.Partitions.Values)
            {
                if (p.Rows > 0 && Overlaps(p, r) && !groups.Exists(g => g.Start == p.Start)) groups.Add((p.Start, 0, 0));
            }

            groups.Sort((a, b) => a.Start.CompareTo(b.Start));
        }

        foreach (var (start, from, to) in groups) ApplyPartition(bucket, write, start, from, to);
    }

    private static bool Overlaps(Partition p, (StoreTime Start, StoreTime End) r) => !(p.Max < r.Start || p.Min > r.End);

    private static void ApplyPartition(StoredBucket bucket, PreparedWrite write, long start, int from, int to)
    {
        var n = to - from;
        if (!bucket.Partitions.TryGetValue(start, out var p))
        {
            if (n == 0) return;
            p = new Partition(start, bucket.NextVersion++);
            var dir = bucket.PartitionDirectory(p);
            Directory.CreateDirectory(dir);
            using (var files = new PartitionFiles(bucket, dir, write: true))
            {
                files.CreateAll();
                Append(bucket, files, p, write, from, n);
            }

            bucket.Partitions.Add(start, p);
            return;
        }

        bool rewrite;
        using (var files = new PartitionFiles(bucket, bucket.PartitionDirectory(p), write: true))
        {
            rewrite = write.Replace is { } r && p.Rows > 0 && Overlaps(p, r)
                && PartitionSearch.Bound(files, p, bucket.IsVariable, r.End, after: true) > PartitionSearch.Bound(files, p, bucket.IsVariable, r.Start, after: false);
            if (!rewrite)
            {
                if (n == 0) return;
                var first = write.TimeAt(from);
                if (p.Rows == 0 || (bucket.IsVariable ? first >= p.Max : first > p.Max))
                {
                    Append(bucket, files, p, write, from, n);
                    return;
                }

                if (!bucket.IsVariable && TryOverwrite(bucket, files, p, write, from, to)) return;
                rewrite = true;
            }
        }

        Rewrite(bucket, p, write, from, to);
    }

    private static void Append(StoredBucket bucket, PartitionFiles files, Partition p, PreparedWrite write, int from, int n)
    {
        for (var c = 0; c < bucket.StoredColumnCount; c++)
        {
            var size = bucket.StoredColumn(c).Type.Size();
            files.Write(c, p.Rows, write.Stored(c, bucket.IsVariable).Span.Slice(from * size, n * size));
        }

        if (p.Rows == 0) p.Min = write.TimeAt(from);
        p.Max = write.TimeAt(from + n - 1);
        p.Rows += n;
        p.Dirty = true;
        bucket.Dirty = true;
    }

    /// <summary>
    /// Fixed buckets: when every incoming slot up to the partition's last one is already stored, overwrites those
    /// records in place and appends the rest. False (nothing written) when a slot would have to be inserted.
    /// </summary>
    private static bool TryOverwrite(StoredBucket bucket, PartitionFiles files, Partition p, PreparedWrite write, int from, int to)
    {
        var epochs = write.EpochValues;
        var pos = PartitionSearch.Bound(files, p, variable: false, write.TimeAt(from), after: false);
        var tailRows = p.Rows - pos;
        if (tailRows > int.MaxValue / 8) return false;
        var tail = ArrayPool<long>.Shared.Rent((int)tailRows);
        var match = ArrayPool<long>.Shared.Rent(to - from);
        try
        {
            files.Read(0, pos, MemoryMarshal.AsBytes(tail.AsSpan(0, (int)tailRows)));
            var k = 0;
            var appendFrom = to;
            for (var j = from; j < to; j++)
            {
                var s = epochs[j];
                if (s > p.Max.Seconds)
                {
                    appendFrom = j;
                    break;
                }

                while (k < tailRows && tail[k] < s) k++;
                if (k == tailRows || tail[k] != s) return false;
                match[j - from] = pos + k;
                k++;
            }

            var j0 = from;
            while (j0 < appendFrom)
            {
                var len = 1;
                while (j0 + len < appendFrom && match[j0 + len - from] == match[j0 - from] + len) len++;
                // The Epoch column (column 0) already holds these slot starts.
                for (var c = 1; c < bucket.StoredColumnCount; c++)
                {
                    var size = bucket.StoredColumn(c).Type.Size();
                    files.Write(c, match[j0 - from], write.Stored(c, false).Span.Slice(j0 * size, len * size));
                }

                j0 += len;
            }

            p.Dirty = true;
            bucket.Dirty = true;
            if (appendFrom < to) Append(bucket, files, p, write, appendFrom, to - appendFrom);
            return true;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(tail);
            ArrayPool<long>.Shared.Return(match);
        }
    }

    /// <summary>Merges the stored rows (minus any replace range) with the incoming ones into a new partition version.</summary>
    private static void Rewrite(StoredBucket bucket, Partition p, PreparedWrite write, int from, int to)
    {
        var variable = bucket.IsVariable;
        var columnCount = bucket.StoredColumnCount;
        var maxSize = Enumerable.Range(0, columnCount).Max(c => bucket.StoredColumn(c).Type.Size());
        if ((p.Rows + (to - from)) * maxSize > Array.MaxLength)
            throw new StoreException($"partition {bucket.PartitionDirectory(p)} is too large to rewrite in memory");
        var e = (int)p.Rows;
        var oldDir = bucket.PartitionDirectory(p);
        var existing = new byte[columnCount][];
        var plan = ArrayPool<int>.Shared.Rent(e + (to - from));
        try
        {
            using (var old = new PartitionFiles(bucket, oldDir, write: false))
            {
                for (var c = 0; c < columnCount; c++)
                {
                    var bytes = e * bucket.StoredColumn(c).Type.Size();
                    existing[c] = ArrayPool<byte>.Shared.Rent(bytes);
                    old.Read(c, 0, existing[c].AsSpan(0, bytes));
                }
            }

            var exEpochs = MemoryMarshal.Cast<byte, long>(existing[0].AsSpan(0, e * 8));
            var exNanos = variable ? MemoryMarshal.Cast<byte, int>(existing[1].AsSpan(0, e * 4)) : default;
            var m = 0;
            int i = 0, j = from;
            var replace = write.Replace;
            while (i < e || j < to)
            {
                if (i < e)
                {
                    var t = new StoreTime(exEpochs[i], variable ? exNanos[i] : 0);
                    if (replace is { } r && t >= r.Start && t <= r.End)
                    {
                        i++;
                        continue;
                    }

                    if (j < to)
                    {
                        var cmp = t.CompareTo(write.TimeAt(j));
                        if (variable ? cmp <= 0 : cmp < 0)
                        {
                            plan[m++] = i++;
                            continue;
                        }

                        if (!variable && cmp == 0) i++; // the incoming record replaces this slot
                    }
                    else
                    {
                        plan[m++] = i++;
                        continue;
                    }
                }

                plan[m++] = ~j;
                j++;
            }

            var version = bucket.NextVersion++;
            var newDir = bucket.PartitionDirectory(p.Start, version);
            Directory.CreateDirectory(newDir);
            var planSpan = plan.AsSpan(0, m);
            using (var files = new PartitionFiles(bucket, newDir, write: true))
            {
                files.CreateAll();
                for (var c = 0; c < columnCount; c++)
                {
                    var size = bucket.StoredColumn(c).Type.Size();
                    var output = ArrayPool<byte>.Shared.Rent(Math.Max(1, m * size));
                    try
                    {
                        Merge(existing[c], write.Stored(c, variable).Span, size, planSpan, output);
                        files.Write(c, 0, output.AsSpan(0, m * size));
                        if (c == 0 && m > 0)
                        {
                            var epochsOut = MemoryMarshal.Cast<byte, long>(output.AsSpan(0, m * 8));
                            p.Min = new StoreTime(epochsOut[0], p.Min.Nanos);
                            p.Max = new StoreTime(epochsOut[m - 1], p.Max.Nanos);
                        }
                        else if (c == 1 && variable && m > 0)
                        {
                            var nanosOut = MemoryMarshal.Cast<byte, int>(output.AsSpan(0, m * 4));
                            p.Min = new StoreTime(p.Min.Seconds, nanosOut[0]);
                            p.Max = new StoreTime(p.Max.Seconds, nanosOut[m - 1]);
                        }
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(output);
                    }
                }
            }

            if (!variable && m > 0)
            {
                p.Min = new StoreTime(p.Min.Seconds, 0);
                p.Max = new StoreTime(p.Max.Seconds, 0);
            }
            else if (m == 0)
            {
                p.Min = StoreTime.MaxValue;
                p.Max = StoreTime.MinValue;
            }

            var oldVersion = p.Version;
            p.CloseReadHandles();
            p.Version = version;
            p.Rows = m;
            p.Dirty = true;
            bucket.Dirty = true;
            // The checkpointed version must survive until the next checkpoint (recovery restarts from it).
            if (oldVersion == p.CheckpointedVersion) bucket.DeferredDeletes.Add(oldDir);
            else Directory.Delete(oldDir, recursive: true);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(plan);
            foreach (var buffer in existing) if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Gathers rows by plan (≥ 0: stored row, &lt; 0: ~incoming row), copying runs of consecutive rows at once.</summary>
    private static void Merge(byte[] existing, ReadOnlySpan<byte> incoming, int size, ReadOnlySpan<int> plan, byte[] output)
    {
        var k = 0;
        while (k < plan.Length)
        {
            var v = plan[k];
            var len = 1;
            if (v >= 0)
            {
                while (k + len < plan.Length && plan[k + len] == v + len) len++;
                existing.AsSpan(v * size, len * size).CopyTo(output.AsSpan(k * size));
            }
            else
            {
                var j = ~v;
                while (k + len < plan.Length && plan[k + len] == ~(j + len)) len++;
                incoming.Slice(j * size, len * size).CopyTo(output.AsSpan(k * size));
            }

            k += len;
        }
    }
}
