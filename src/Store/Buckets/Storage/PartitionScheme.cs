using System.Globalization;

namespace Archiver.Store.Buckets.Storage;

/// <summary>
/// How a bucket's rows are split into partitions by time: calendar years (UTC) for fixed buckets of one minute or
/// more (a year of 1Min bars is 525,600 rows), calendar days for ticks and sub-minute bars, so that an out-of-order
/// write rewrites a bounded amount of data. Also the supported time range (years 1 to 9999).
/// </summary>
internal static class PartitionScheme
{
    /// <summary>0001-01-01T00:00:00Z in Unix seconds.</summary>
    public const long MinSeconds = -62_135_596_800L;

    /// <summary>9999-12-31T23:59:59Z in Unix seconds.</summary>
    public const long MaxSeconds = 253_402_300_799L;

    private const long Day = 86_400L;

    /// <summary>Whether the bucket partitions by day (otherwise by year).</summary>
    public static bool ByDay(RecordKind kind, Timeframe timeframe) => kind == RecordKind.Variable || timeframe.Seconds < 60;

    /// <summary>Start (Unix seconds) of the partition holding <paramref name="seconds"/>.</summary>
    public static long Start(bool byDay, long seconds) =>
        byDay ? FloorDiv(seconds, Day) * Day : YearStart(DateTimeOffset.FromUnixTimeSeconds(seconds).Year);

    /// <summary>First second after the partition starting at <paramref name="start"/>.</summary>
    public static long End(bool byDay, long start) =>
        byDay ? start + Day : YearStart(DateTimeOffset.FromUnixTimeSeconds(start).Year + 1);

    /// <summary>Directory name of a partition version: <c>2024.3</c> (year) or <c>2024-01-05.3</c> (day).</summary>
    public static string DirectoryName(bool byDay, long start, int version)
    {
        var d = DateTimeOffset.FromUnixTimeSeconds(start);
        var name = byDay ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.Year.ToString("D4", CultureInfo.InvariantCulture);
        return name + "." + version.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Whether a directory name looks like a partition version (the only directories the store deletes on its own).</summary>
    public static bool IsPartitionDirectoryName(string name)
    {
        var dot = name.LastIndexOf('.');
        if (dot <= 0 || dot == name.Length - 1) return false;
        foreach (var c in name.AsSpan(dot + 1)) if (!char.IsAsciiDigit(c)) return false;
        var head = name.AsSpan(0, dot);
        if (head.Length == 4) return IsDigits(head);
        return head.Length == 10 && IsDigits(head[..4]) && head[4] == '-' && IsDigits(head.Slice(5, 2)) && head[7] == '-' && IsDigits(head.Slice(8, 2));
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }

    private static long YearStart(int year) =>
        year > 9999 ? MaxSeconds + 1 : new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    private static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0) && (a < 0) ? 1 : 0);
}
