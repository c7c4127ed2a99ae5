using System.Runtime.InteropServices;

namespace Archiver.Store.Buckets.Storage;

/// <summary>
/// Binary search over a partition's sorted time columns with positional reads: single values until the window is
/// one block, then one read of the block.
/// </summary>
internal static class PartitionSearch
{
    private const int Block = 512;

    /// <summary>
    /// The first row whose time is at or after <paramref name="t"/> (<paramref name="after"/> false) or strictly
    /// after it (true); <see cref="Partition.Rows"/> when there is none.
    /// </summary>
    public static long Bound(PartitionFiles files, Partition p, bool variable, StoreTime t, bool after)
    {
        if (p.Rows == 0) return 0;
        if (t < p.Min || (!after && t == p.Min)) return 0;
        if (t > p.Max || (after && t == p.Max)) return p.Rows;
        // A fixed bucket holds one row per slot: its latest slot (a live bar being updated) is the last row.
        if (!variable && !after && t == p.Max) return p.Rows - 1;
        long lo = 0, hi = p.Rows;
        Span<long> epochs = stackalloc long[Block];
        Span<int> nanos = stackalloc int[Block];
        while (hi - lo > Block)
        {
            var mid = lo + ((hi - lo) / 2);
            files.Read(0, mid, MemoryMarshal.AsBytes(epochs[..1]));
            if (variable) files.Read(1, mid, MemoryMarshal.AsBytes(nanos[..1]));
            if (GoesLeft(new StoreTime(epochs[0], variable ? nanos[0] : 0), t, after)) lo = mid + 1;
            else hi = mid;
        }

        var n = (int)(hi - lo);
        files.Read(0, lo, MemoryMarshal.AsBytes(epochs[..n]));
        if (variable) files.Read(1, lo, MemoryMarshal.AsBytes(nanos[..n]));
        for (var i = 0; i < n; i++)
        {
            if (!GoesLeft(new StoreTime(epochs[i], variable ? nanos[i] : 0), t, after)) return lo + i;
        }

        return hi;
    }

    private static bool GoesLeft(StoreTime row, StoreTime t, bool after) => after ? row <= t : row < t;
}
