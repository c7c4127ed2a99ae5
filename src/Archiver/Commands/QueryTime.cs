using System.Globalization;
using Archiver.Store.Buckets;

namespace Archiver.Cli.Commands;

/// <summary>
/// Times on the query command line, UTC: Unix seconds (<c>1704164645</c>, <c>1704164645.25</c>), a date
/// (<c>2024-01-02</c>), or a date and time (<c>2024-01-02 03:04</c>, <c>2024-01-02T03:04:05.123456789</c>, optionally
/// with <c>Z</c> or <c>+00:00</c>), to the nanosecond.
/// </summary>
internal static class QueryTime
{
    public static StoreTime Parse(string option, string text)
    {
        if (TryParse(text.Trim(), out var time)) return time;
        throw new CommandException($"{option} '{text}' is not a time: use Unix seconds, YYYY-MM-DD, or YYYY-MM-DD HH:MM[:SS[.fffffffff]] (UTC)");
    }

    private static bool TryParse(string text, out StoreTime time)
    {
        time = default;
        if (text.Length == 0) return false;
        if (char.IsAsciiDigit(text[0]) || text[0] == '-')
        {
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            var whole = dot < 0 ? text : text[..dot];
            if (!whole.Contains('-', StringComparison.Ordinal) || (whole.StartsWith('-') && !whole[1..].Contains('-', StringComparison.Ordinal)))
            {
                if (!long.TryParse(whole, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)) return false;
                var nanos = 0;
                if (dot >= 0 && !TryFraction(text.AsSpan(dot + 1), out nanos)) return false;
                time = seconds < 0 && nanos > 0 ? new StoreTime(seconds - 1, 1_000_000_000 - nanos) : new StoreTime(seconds, nanos);
                return true;
            }
        }

        if (text.EndsWith('Z')) text = text[..^1];
        else if (text.EndsWith("+00:00", StringComparison.Ordinal)) text = text[..^6];
        var separator = text.IndexOfAny([' ', 'T']);
        var datePart = separator < 0 ? text : text[..separator];
        if (!DateTime.TryParseExact(datePart, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
            return false;
        var result = new DateTimeOffset(date, TimeSpan.Zero).ToUnixTimeSeconds();
        var fraction = 0;
        if (separator >= 0)
        {
            var clock = text[(separator + 1)..];
            var dot = clock.IndexOf('.', StringComparison.Ordinal);
            var hms = dot < 0 ? clock : clock[..dot];
            if (!TimeSpan.TryParseExact(hms, hms.Length > 5 ? @"hh\:mm\:ss" : @"hh\:mm", CultureInfo.InvariantCulture, out var of)) return false;
            if (dot >= 0 && !TryFraction(clock.AsSpan(dot + 1), out fraction)) return false;
            result += (long)of.TotalSeconds;
        }

        time = new StoreTime(result, fraction);
        return true;
    }

    private static bool TryFraction(ReadOnlySpan<char> digits, out int nanos)
    {
        nanos = 0;
        if (digits.Length is 0 or > 9) return false;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c)) return false;
            nanos = (nanos * 10) + (c - '0');
        }

        for (var i = digits.Length; i < 9; i++) nanos *= 10;
        return true;
    }
}
