using System.Runtime.InteropServices;

namespace Archiver.Store.Buckets.Storage;

/// <summary>
/// The process's open-file limit (<c>RLIMIT_NOFILE</c>). A store of a few hundred symbols keeps thousands of column
/// files open, so the store raises the soft limit to the hard one once, as the Go runtime does for every Go program
/// (MarketStore gets it that way); the hard limit itself is left alone.
/// </summary>
internal static partial class OpenFileLimit
{
    private const int LinuxNoFile = 7;

    /// <summary>
    /// Raises the soft open-file limit to the hard limit where it is lower (Linux), and returns the soft limit in
    /// effect afterwards; null when it cannot be known (another system, or the calls failed).
    /// </summary>
    public static long? RaiseSoftToHard()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            if (GetLimit(LinuxNoFile, out var limit) != 0) return null;
            if (limit.Soft < limit.Hard)
            {
                var raised = limit with { Soft = limit.Hard };
                if (SetLimit(LinuxNoFile, in raised) == 0) limit = raised;
            }

            return limit.Soft > long.MaxValue ? long.MaxValue : (long)limit.Soft;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The soft open-file limit as <c>/proc/self/limits</c> states it (Linux), or null.</summary>
    public static long? Current()
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

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct ResourceLimit(ulong Soft, ulong Hard);

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetLimit(int resource, out ResourceLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetLimit(int resource, in ResourceLimit limit);
}
