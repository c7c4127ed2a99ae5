namespace Archiver.Store.Buckets.Storage;

/// <summary>
/// How many column files the process keeps open between reads and writes (<see cref="Partition.CachedHandle"/>): the
/// live writer appends a few rows to the same files every flush and a query of a thousand symbols reads one row range
/// per column, so a kept-open file costs one positional read or write instead of an open, the access and a close.
/// Past the budget, files are opened and closed per use as before, so file descriptors stay bounded however many
/// buckets a store has. The first files to ask keep their handles (until their partition changes version or stops
/// being written): with a working set larger than the budget, visited cyclically every flush, that keeps a fixed part
/// of it open, where a least-recently-used policy would evict every handle just before its next use.
/// </summary>
internal static class ColumnHandleBudget
{
    /// <summary>Most handles ever allowed, however high the open-file limit.</summary>
    public const int Ceiling = 65_536;

    /// <summary>Descriptors left for everything else once the limit is large enough (see <see cref="MaxHandles"/>).</summary>
    public const int Reserve = 4096;

    /// <summary>
    /// Kept-open handles allowed in the process: the open-file limit less <see cref="Reserve"/> descriptors for sockets,
    /// the archiver's journal segments (two per symbol) and Parquet files, and the files a use past the budget opens for
    /// a moment; at least half of the limit, at most <see cref="Ceiling"/>. With 20,000 (this machine) that is 15,904:
    /// the 12,900 files 300 live symbols touch with the default aggregations (5Min, 15Min, 1H, 1D) all stay open. The
    /// .NET runtime raises the soft limit to the hard one when it starts on Linux (as Go does for MarketStore).
    /// </summary>
    public static readonly int MaxHandles = FromLimit(OpenFileLimit());

    private static int s_used;

    /// <summary>Handles kept open now.</summary>
    public static int Used => Volatile.Read(ref s_used);

    /// <summary>Takes one handle from the budget; false when it is spent.</summary>
    public static bool TryTake()
    {
        if (Interlocked.Increment(ref s_used) <= MaxHandles) return true;
        Interlocked.Decrement(ref s_used);
        return false;
    }

    /// <summary>Gives back one handle taken with <see cref="TryTake"/>.</summary>
    public static void Give() => Interlocked.Decrement(ref s_used);

    /// <summary><paramref name="openFileLimit"/> (1024 assumed when unknown) less <see cref="Reserve"/>, at least half of it, at most <see cref="Ceiling"/>.</summary>
    internal static int FromLimit(long? openFileLimit)
    {
        var limit = Math.Max(0, openFileLimit ?? 1024);
        return (int)Math.Min(Math.Max(limit / 2, limit - Reserve), Ceiling);
    }

    /// <summary>The soft open-file limit from <c>/proc/self/limits</c> (Linux; "unlimited" as the largest value), or null.</summary>
    private static long? OpenFileLimit()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (!line.StartsWith("Max open files", StringComparison.Ordinal)) continue;
                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length == 0) return null;
                if (fields[0] == "unlimited") return long.MaxValue;
                return long.TryParse(fields[0], System.Globalization.CultureInfo.InvariantCulture, out var soft) ? soft : null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
