namespace Archiver.Store.Buckets.Storage;

/// <summary>
/// Decides per partition how a write is applied (<see cref="PartitionStep"/>). The same decision is made when the
/// write is logged (to capture the before-images of in-place merges) and when it is applied or replayed; an in-place
/// merge is only carried out when the entry holds the matching <see cref="TailImage"/>, otherwise the partition is
/// rewritten into a new version, so recovery never meets a changed checkpointed row it cannot put back.
/// </summary>
internal static class PartitionPlanner
{
    /// <summary>Tails up to this many rows are always merged in place.</summary>
    public const long SmallTailRows = 4096;

    /// <summary>Largest before-image of one partition (bytes of all stored columns).</summary>
    public const long MaxTailBytes = 64L << 20;

    /// <summary>
    /// The steps for <paramref name="rows"/> incoming rows (time order, <paramref name="timeAt"/> gives row i's time)
    /// and an optional replace range, in partition order. Reads the partition files to find where rows change.
    /// </summary>
    public static List<PartitionStep> Plan(StoredBucket bucket, int rows, Func<int, StoreTime> timeAt, (StoreTime Start, StoreTime End)? replace)
    {
        var groups = new List<(long Start, int From, int To)>();
        var i = 0;
        while (i < rows)
        {
            var start = PartitionScheme.Start(bucket.ByDay, timeAt(i).Seconds);
            var end = PartitionScheme.End(bucket.ByDay, start);
            // First row at or after the partition's end (times ascend).
            int lo = i + 1, hi = rows;
            while (lo < hi)
            {
                var mid = lo + ((hi - lo) / 2);
                if (timeAt(mid).Seconds < end) lo = mid + 1;
                else hi = mid;
            }

            groups.Add((start, i, lo));
            i = lo;
        }

        if (replace is { } r)
        {
            foreach (var p in bucket.Partitions.Values)
            {
                if (p.Rows > 0 && Overlaps(p, r) && !groups.Exists(g => g.Start == p.Start)) groups.Add((p.Start, 0, 0));
            }

            groups.Sort((a, b) => a.Start.CompareTo(b.Start));
        }

        var steps = new List<PartitionStep>(groups.Count);
        foreach (var (start, from, to) in groups) steps.Add(Step(bucket, start, from, to, timeAt, replace));
        return steps;
    }

    private static PartitionStep Step(StoredBucket bucket, long start, int from, int to, Func<int, StoreTime> timeAt, (StoreTime Start, StoreTime End)? replace)
    {
        var n = to - from;
        if (!bucket.Partitions.TryGetValue(start, out var p))
            return new PartitionStep(start, from, to, n == 0 ? PartitionAction.None : PartitionAction.Create, 0, 0, 0);

        var variable = bucket.IsVariable;
        var position = p.Rows;
        if (p.Rows > 0)
        {
            using var files = new PartitionFiles(bucket, p);
            if (replace is { } r && Overlaps(p, r))
            {
                var removeFrom = PartitionSearch.Bound(files, p, variable, r.Start, after: false);
                if (PartitionSearch.Bound(files, p, variable, r.End, after: true) > removeFrom) position = removeFrom;
            }

            if (n > 0)
            {
                // Variable buckets keep stored rows before incoming ones of the same time; a fixed slot is replaced.
                var first = timeAt(from);
                if (variable ? first < p.Max : first <= p.Max) position = Math.Min(position, PartitionSearch.Bound(files, p, variable, first, after: variable));
            }
        }

        if (position == p.Rows)
            return new PartitionStep(start, from, to, n == 0 ? PartitionAction.None : PartitionAction.Append, p.Version, position, 0);

        var tail = p.Rows - position;
        var inPlace = (tail <= SmallTailRows || tail * 2 <= p.Rows) && tail * RowBytes(bucket) <= MaxTailBytes;
        return new PartitionStep(start, from, to, inPlace ? PartitionAction.MergeTail : PartitionAction.Rewrite, p.Version, position, tail);
    }

    /// <summary>Bytes of one row over every stored column.</summary>
    public static long RowBytes(StoredBucket bucket)
    {
        long size = 0;
        for (var c = 0; c < bucket.StoredColumnCount; c++) size += bucket.StoredColumn(c).Type.Size();
        return size;
    }

    private static bool Overlaps(Partition p, (StoreTime Start, StoreTime End) r) => !(p.Max < r.Start || p.Min > r.End);
}
