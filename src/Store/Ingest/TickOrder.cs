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
    public static void Sort(ReadOnlySpan<long> times, Span<int> order, ref (long Time, int Row)[]? scratch)
    {
        var n = times.Length;
        for (var i = 0; i < n; i++) order[i] = i;
        long budget = 8L * n + 1024;
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

    private static void GeneralSort(ReadOnlySpan<long> times, Span<int> order, ref (long Time, int Row)[]? scratch)
    {
        var n = times.Length;
        if (scratch is null || scratch.Length < n) scratch = new (long, int)[n];
        var pairs = scratch.AsSpan(0, n);
        for (var i = 0; i < n; i++) pairs[i] = (times[i], i);
        pairs.Sort(static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Row.CompareTo(b.Row));
        for (var i = 0; i < n; i++) order[i] = pairs[i].Row;
    }
}
