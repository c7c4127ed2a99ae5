using System.Globalization;

namespace Archiver.Store.Archive;

/// <summary>
/// An hour of the archive (UTC), written <c>YYYY-MM-DD:HH</c> on the command line. Every archive file holds one hour.
/// </summary>
public readonly record struct ArchiveHour : IComparable<ArchiveHour>
{
    public const long MicrosPerHour = 3_600_000_000L;

    public ArchiveHour(DateTime utc)
    {
        if (utc.Kind == DateTimeKind.Local) utc = utc.ToUniversalTime();
        Start = new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc);
    }

    /// <summary>The first instant of the hour, UTC.</summary>
    public DateTime Start { get; }

    /// <summary>The first instant of the hour, µs since the epoch.</summary>
    public long StartMicros => (Start.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary>The first instant after the hour, µs since the epoch.</summary>
    public long EndMicros => StartMicros + MicrosPerHour;

    public ArchiveHour Next => new(Start.AddHours(1));

    /// <summary>The hour holding <paramref name="micros"/> (µs since the epoch, UTC).</summary>
    public static ArchiveHour FromMicros(long micros)
    {
        var hours = micros >= 0 ? micros / MicrosPerHour : -((-(micros + 1)) / MicrosPerHour) - 1;
        return new(DateTime.UnixEpoch.AddTicks(hours * MicrosPerHour * 10));
    }

    /// <summary>Parses <c>YYYY-MM-DD:HH</c>.</summary>
    /// <exception cref="FormatException">The text is not an hour in that form.</exception>
    public static ArchiveHour Parse(string text)
    {
        if (TryParse(text, out var hour)) return hour;
        throw new FormatException($"'{text}' is not an hour in the form YYYY-MM-DD:HH (UTC), e.g. 2025-01-06:18");
    }

    public static bool TryParse(string? text, out ArchiveHour hour)
    {
        hour = default;
        if (text is null || !DateTime.TryParseExact(text.Trim(), "yyyy-MM-dd:HH", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)) return false;
        hour = new ArchiveHour(DateTime.SpecifyKind(t, DateTimeKind.Utc));
        return true;
    }

    /// <summary>Every hour from <paramref name="first"/> to <paramref name="last"/>, both included.</summary>
    /// <exception cref="ArgumentException"><paramref name="last"/> is before <paramref name="first"/>.</exception>
    public static IEnumerable<ArchiveHour> Range(ArchiveHour first, ArchiveHour last)
    {
        if (last < first) throw new ArgumentException($"the end {last} is before the start {first}");
        for (var h = first; h <= last; h = h.Next) yield return h;
    }

    public int CompareTo(ArchiveHour other) => Start.CompareTo(other.Start);

    public static bool operator <(ArchiveHour a, ArchiveHour b) => a.CompareTo(b) < 0;

    public static bool operator >(ArchiveHour a, ArchiveHour b) => a.CompareTo(b) > 0;

    public static bool operator <=(ArchiveHour a, ArchiveHour b) => a.CompareTo(b) <= 0;

    public static bool operator >=(ArchiveHour a, ArchiveHour b) => a.CompareTo(b) >= 0;

    public override string ToString() => Start.ToString("yyyy-MM-dd:HH", CultureInfo.InvariantCulture);
}
