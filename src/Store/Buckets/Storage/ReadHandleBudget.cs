namespace Archiver.Store.Buckets.Storage;

/// <summary>
/// How many column files the process keeps open for reading between reads (<see cref="Partition.ReadHandle"/>): a
/// query of a thousand symbols then costs one positional read per column instead of an open, a read and a close.
/// Past the budget, reads open and close their files as before, so file descriptors stay bounded however many
/// buckets a store has.
/// </summary>
internal static class ReadHandleBudget
{
    /// <summary>Cached read handles allowed in the process: a quarter of its open-file limit, at most 8192.</summary>
    public static readonly int MaxHandles = FromLimit(OpenFileLimit());

    private static int s_used;

    /// <summary>Handles cached now.</summary>
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

    /// <summary>A quarter of <paramref name="openFileLimit"/> (1024 assumed when unknown), at most 8192.</summary>
    internal static int FromLimit(long? openFileLimit) => (int)Math.Clamp((openFileLimit ?? 1024) / 4, 0, 8192);

    /// <summary>The soft open-file limit from <c>/proc/self/limits</c> (Linux), or null.</summary>
    private static long? OpenFileLimit()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (!line.StartsWith("Max open files", StringComparison.Ordinal)) continue;
                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 0 && long.TryParse(fields[0], System.Globalization.CultureInfo.InvariantCulture, out var soft) ? soft : null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
