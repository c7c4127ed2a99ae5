namespace Archiver.Store.Ingest;

/// <summary>
/// A stable sort permutation for tick times. Archive files are sorted by receive time, so exchange times are sorted or
/// nearly so: an insertion sort over the permutation handles that in one pass; when the disorder is large (more than
/// a few moves per row) it falls back to a general sort of (time, row) pairs.
/// </summary>
internal static class TickOrder
{
    /// <summary>Whether <paramref name="times"/> is ascending.</summary>
    public static bool IsSorted(ReadOnlySpan<long> times)
    {
        for (var i = 1; i < times.Length; i++)
        {
            if (times[i] < times[i - 1]) return false;
        }

        return true;
    }

    /// <summary>
    /// Fills <paramref name="order"/> (at least as long as the times) with the stable ascending permutation of
    /// <paramref name="times"/>: row <c>i</c> of the sorted rows is row <c>order[i]</c>.
    /// </summary>
    public static void Sort(ReadOnlySpan<long> times, Span<int> order, ref long[]? scratch)
    {
        var n = times.Length;
        for (var i = 0; i < n; i++) order[i] = i;
        long budget = (32L * n) + 1024;
        for (var i = 1; i < n; i++)
        {
            var row = order[i];
            var t = times[row];
            var j = i - 1;
            if (times[order[j]] <= t) continue;
            while (j >= 0 && times[order[j]] > t)
            {
                order[j + 1] = order[j];
                j--;
                if (--budget < 0) break;
            }

            order[j + 1] = row;
            if (budget < 0)
            {
                GeneralSort(times, order, ref scratch);
                return;
            }
        }
    }

    /// <summary>An introsort on primitive keys (fast, unstable), then each run of equal times put back in row order.</summary>
    private static void GeneralSort(ReadOnlySpan<long> times, Span<int> order, ref long[]? scratch)
    {
        var n = times.Length;
        if (scratch is null || scratch.Length < n) scratch = new long[n];
        var keys = scratch.AsSpan(0, n);
        times.CopyTo(keys);
        for (var i = 0; i < n; i++) order[i] = i;
        keys.Sort(order);
        var run = 0;
        for (var i = 1; i <= n; i++)
        {
            if (i < n && keys[i] == keys[run]) continue;
            if (i - run > 1) order[run..i].Sort();
            run = i;
        }
    }
}
