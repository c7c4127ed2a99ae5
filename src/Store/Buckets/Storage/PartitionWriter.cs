using System.Buffers;
using System.Runtime.InteropServices;

namespace Archiver.Store.Buckets.Storage;

/// <summary>
/// Applies a <see cref="PreparedWrite"/> to a bucket's partitions as <see cref="PartitionPlanner"/> decides; the caller
/// holds the bucket's write lock. Rows after a partition's last time are appended to its files in place (the common
/// case: ingest and live data). When stored rows change (an insert between them, a replaced slot, a replace range
/// that removes rows), the changed tail is merged with the incoming rows and written over itself in place if it is
/// small and its before-image was logged with the write; otherwise the partition is merge-rewritten into a new
/// version directory and switched to.
/// </summary>
internal static class PartitionWriter
{
    public static void Apply(StoredBucket bucket, PreparedWrite write)
    {
        var steps = PartitionPlanner.Plan(bucket, write.Rows, write.TimeAt, write.Replace);
        foreach (var step in steps) ApplyStep(bucket, write, step);
    }

    private static void ApplyStep(StoredBucket bucket, PreparedWrite write, PartitionStep step)
    {
        var n = step.To - step.From;
        switch (step.Action)
        {
            case PartitionAction.None:
                return;
            case PartitionAction.Create:
            {
                var p = new Partition(step.Start, bucket.NextVersion++);
                Directory.CreateDirectory(bucket.PartitionDirectory(p));
                // Writes move on to the new partition (a new day or year): the older ones close their kept-open files.
                foreach (var older in bucket.Partitions.Values) older.CloseHandles();
                using (var files = new PartitionFiles(bucket, p, write: true))
                {
                    files.CreateAll();
                    Append(bucket, files, p, write, step.From, n);
                }

                bucket.Partitions.Add(step.Start, p);
                return;
            }

            case PartitionAction.Append:
            {
                var p = bucket.Partitions[step.Start];
                using var files = new PartitionFiles(bucket, p, write: true);
                Append(bucket, files, p, write, step.From, n);
                return;
            }

            default:
            {
                var p = bucket.Partitions[step.Start];
                var image = step.Action == PartitionAction.MergeTail ? Array.Find(write.Images, im => im.Covers(step)) : null;
                if (image is null) Rewrite(bucket, p, write, step.From, step.To);
                else MergeTail(bucket, p, write, step, image);
                return;
            }
        }
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
    /// Merges stored rows [step.Position, Rows) (their logged before-image) with the incoming rows and writes the
    /// result over them in the same version. Column files are never shortened (rows past <see cref="Partition.Rows"/>
    /// are ignored), so a crash cannot leave a file shorter than the checkpoint says.
    /// </summary>
    private static void MergeTail(StoredBucket bucket, Partition p, PreparedWrite write, PartitionStep step, TailImage image)
    {
        var tail = (int)step.TailRows;
        var plan = ArrayPool<int>.Shared.Rent(tail + (step.To - step.From));
        try
        {
            var m = Plan(bucket.IsVariable, image.Columns[0].Span, bucket.IsVariable ? image.Columns[1].Span : default, tail, write, step.From, step.To, plan);
            using var files = new PartitionFiles(bucket, p, write: true);
            WriteMerged(bucket, p, files, step.Position, image.Columns, tail, write, plan.AsSpan(0, m));
            p.Rows = step.Position + m;
            if (p.Rows == 0)
            {
                p.Min = StoreTime.MaxValue;
                p.Max = StoreTime.MinValue;
            }
            else if (m == 0)
            {
                p.Max = ReadTime(bucket, files, p.Rows - 1);
            }

            p.Dirty = true;
            bucket.Dirty = true;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(plan);
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
            var stored = new ReadOnlyMemory<byte>[columnCount];
            using (var old = new PartitionFiles(bucket, oldDir, write: false))
            {
                for (var c = 0; c < columnCount; c++)
                {
                    var bytes = e * bucket.StoredColumn(c).Type.Size();
                    existing[c] = ArrayPool<byte>.Shared.Rent(bytes);
                    old.Read(c, 0, existing[c].AsSpan(0, bytes));
                    stored[c] = existing[c].AsMemory(0, bytes);
                }
            }

            var m = Plan(variable, stored[0].Span, variable ? stored[1].Span : default, e, write, from, to, plan);
            var version = bucket.NextVersion++;
            var newDir = bucket.PartitionDirectory(p.Start, version);
            Directory.CreateDirectory(newDir);
            using (var files = new PartitionFiles(bucket, newDir, write: true))
            {
                files.CreateAll();
                WriteMerged(bucket, p, files, 0, stored, 0, write, plan.AsSpan(0, m));
            }

            if (m == 0)
            {
                p.Min = StoreTime.MaxValue;
                p.Max = StoreTime.MinValue;
            }

            var oldVersion = p.Version;
            p.CloseHandles();
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

    /// <summary>
    /// The merge order of <paramref name="e"/> stored rows (times in <paramref name="epochBytes"/>/<paramref name="nanoBytes"/>)
    /// and incoming rows [from, to): stored rows in the replace range are dropped, equal variable times keep stored
    /// rows first, an equal fixed slot is replaced. plan[k] ≥ 0: stored row; &lt; 0: ~incoming row. Returns the length.
    /// </summary>
    private static int Plan(bool variable, ReadOnlySpan<byte> epochBytes, ReadOnlySpan<byte> nanoBytes, int e, PreparedWrite write, int from, int to, int[] plan)
    {
        var exEpochs = MemoryMarshal.Cast<byte, long>(epochBytes)[..e];
        var exNanos = variable ? MemoryMarshal.Cast<byte, int>(nanoBytes)[..e] : default;
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

        return m;
    }

    /// <summary>
    /// Writes the merged rows at <paramref name="row"/> of <paramref name="files"/> and sets the partition's Min (from row 0)
    /// and Max. The first <paramref name="overlaid"/> rows of <paramref name="stored"/> are what the files hold at
    /// <paramref name="row"/> (the before-image of an in-place merge): the leading rows of each column that come out the
    /// same are not written again, so updating a live bar rewrites only the columns that changed (Close and Volume,
    /// not Epoch and Open).
    /// </summary>
    private static void WriteMerged(StoredBucket bucket, Partition p, PartitionFiles files, long row, ReadOnlyMemory<byte>[] stored, int overlaid, PreparedWrite write, ReadOnlySpan<int> plan)
    {
        var variable = bucket.IsVariable;
        var m = plan.Length;
        long firstSeconds = 0, lastSeconds = 0;
        int firstNanos = 0, lastNanos = 0;
        for (var c = 0; c < bucket.StoredColumnCount; c++)
        {
            var size = bucket.StoredColumn(c).Type.Size();
            var output = ArrayPool<byte>.Shared.Rent(Math.Max(1, m * size));
            try
            {
                Merge(stored[c].Span, write.Stored(c, variable).Span, size, plan, output);
                var merged = output.AsSpan(0, m * size);
                var same = 0;
                if (overlaid > 0)
                {
                    var overlap = Math.Min(m, overlaid) * size;
                    same = merged[..overlap].CommonPrefixLength(stored[c].Span[..overlap]) / size;
                }

                files.Write(c, row + same, merged[(same * size)..]);
                if (m > 0 && c == 0)
                {
                    var epochs = MemoryMarshal.Cast<byte, long>(output.AsSpan(0, m * 8));
                    firstSeconds = epochs[0];
                    lastSeconds = epochs[m - 1];
                }
                else if (m > 0 && c == 1 && variable)
                {
                    var nanos = MemoryMarshal.Cast<byte, int>(output.AsSpan(0, m * 4));
                    firstNanos = nanos[0];
                    lastNanos = nanos[m - 1];
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(output);
            }
        }

        if (m == 0) return;
        if (row == 0) p.Min = new StoreTime(firstSeconds, firstNanos);
        p.Max = new StoreTime(lastSeconds, lastNanos);
    }

    private static StoreTime ReadTime(StoredBucket bucket, PartitionFiles files, long row)
    {
        Span<long> seconds = stackalloc long[1];
        Span<int> nanos = stackalloc int[1];
        files.Read(0, row, MemoryMarshal.AsBytes(seconds));
        if (bucket.IsVariable) files.Read(1, row, MemoryMarshal.AsBytes(nanos));
        return new StoreTime(seconds[0], bucket.IsVariable ? nanos[0] : 0);
    }

    /// <summary>Gathers rows by plan (≥ 0: stored row, &lt; 0: ~incoming row), copying runs of consecutive rows at once.</summary>
    private static void Merge(ReadOnlySpan<byte> existing, ReadOnlySpan<byte> incoming, int size, ReadOnlySpan<int> plan, byte[] output)
    {
        var k = 0;
        while (k < plan.Length)
        {
            var v = plan[k];
            var len = 1;
            if (v >= 0)
            {
                while (k + len < plan.Length && plan[k + len] == v + len) len++;
                existing.Slice(v * size, len * size).CopyTo(output.AsSpan(k * size));
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
