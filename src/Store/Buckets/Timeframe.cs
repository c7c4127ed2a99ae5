using System.Globalization;

namespace Archiver.Store.Buckets;

/// <summary>
/// A bucket or candle timeframe: a positive count of a unit (<c>1Sec</c>, <c>5Min</c>, <c>4H</c>, <c>1D</c>). The
/// <see cref="Name"/> is kept exactly as written because it is the bucket's directory name.
/// </summary>
public readonly record struct Timeframe
{
    private Timeframe(string name, int count, TimeframeUnit unit)
    {
        Name = name;
        Count = count;
        Unit = unit;
    }

    /// <summary>The spelling it was parsed from.</summary>
    public string Name { get; }

    public int Count { get; }

    public TimeframeUnit Unit { get; }

    /// <summary>Length in seconds (a month counts as 31 days, only for limit scaling).</summary>
    public long Seconds => Count * Unit switch
    {
        TimeframeUnit.Second => 1L,
        TimeframeUnit.Minute => 60L,
        TimeframeUnit.Hour => 3600L,
        TimeframeUnit.Day => 86_400L,
        TimeframeUnit.Week => 7 * 86_400L,
        TimeframeUnit.Month => 31 * 86_400L,
        _ => 365 * 86_400L,
    };

    /// <summary>Length in nanoseconds.</summary>
    public long Nanoseconds => Seconds * 1_000_000_000L;

    /// <summary>MarketStore's standard timeframes, in its order (4H before 2H); queries resolve to one of these.</summary>
    public static IReadOnlyList<string> Standard { get; } = ["1Sec", "10Sec", "30Sec", "1Min", "5Min", "15Min", "30Min", "1H", "4H", "2H", "1D"];

    /// <summary>
    /// Parses a bucket timeframe (create, write, keys): digits then <c>Sec</c>, <c>Min</c>, <c>H</c>, <c>D</c>,
    /// <c>W</c>, <c>Y</c> (or MarketStore's aliases <c>S</c> and <c>T</c>), nothing else.
    /// </summary>
    public static bool TryParseBucket(string? text, out Timeframe timeframe) => TryParse(text, bucket: true, out timeframe);

    /// <summary>Parses a query or aggregation timeframe: digits then <c>Sec</c>, <c>Min</c>, <c>H</c>, <c>D</c>, <c>W</c>, <c>M</c> (month) or <c>Y</c>.</summary>
    public static bool TryParseQuery(string? text, out Timeframe timeframe) => TryParse(text, bucket: false, out timeframe);

    /// <summary>Parses a bucket timeframe or throws <see cref="StoreException"/>.</summary>
    public static Timeframe ParseBucket(string? text) =>
        TryParseBucket(text, out var tf) ? tf : throw new StoreException($"timeframe not found in \"{text}\" (use e.g. 1Sec, 1Min, 5Min, 1H, 1D)");

    /// <summary>Parses a query timeframe or throws <see cref="StoreException"/> with MarketStore's text.</summary>
    public static Timeframe ParseQuery(string? text) =>
        TryParseQuery(text, out var tf) ? tf : throw new StoreException($"timeframe not found in \"{text}\"");

    private static bool TryParse(string? text, bool bucket, out Timeframe timeframe)
    {
        timeframe = default;
        if (string.IsNullOrEmpty(text)) return false;
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits])) digits++;
        if (digits == 0 || digits > 9) return false;
        var count = int.Parse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture);
        if (count <= 0) return false;
        TimeframeUnit? unit = text[digits..] switch
        {
            "Sec" => TimeframeUnit.Second,
            "Min" => TimeframeUnit.Minute,
            "H" => TimeframeUnit.Hour,
            "D" => TimeframeUnit.Day,
            "W" => TimeframeUnit.Week,
            "Y" => TimeframeUnit.Year,
            "S" when bucket => TimeframeUnit.Second,
            "T" when bucket => TimeframeUnit.Minute,
            "M" when !bucket => TimeframeUnit.Month,
            _ => null,
        };
        if (unit is null) return false;
        timeframe = new Timeframe(text, count, unit.Value);
        return timeframe.Seconds <= 100L * 365 * 86_400;
    }

    /// <summary>
    /// The start of the bucket slot holding <paramref name="epochSeconds"/> (UTC): slots are counted from 1 January of
    /// the time's year, which for every timeframe that divides a day is the same as flooring to a multiple of it.
    /// </summary>
    public long SlotStart(long epochSeconds)
    {
        var tf = Seconds;
        if (86_400 % tf == 0) return FloorDiv(epochSeconds, tf) * tf;
        var yearStart = YearStart(epochSeconds);
        return yearStart + (FloorDiv(epochSeconds - yearStart, tf) * tf);
    }

    /// <summary>
    /// The start of the candle holding <paramref name="epochSeconds"/> for query-time functions and on-disk
    /// aggregation: calendar day for days, first of the month for months, Monday for weeks, otherwise a multiple of
    /// the length counted from 0001-01-01 UTC (the Unix-epoch floor for lengths that divide a day).
    /// </summary>
    public long CandleStart(long epochSeconds)
    {
        switch (Unit)
        {
            case TimeframeUnit.Month:
            {
                var d = DateTimeOffset.FromUnixTimeSeconds(epochSeconds);
                var months = (d.Year * 12) + d.Month - 1;
                months -= months % Count;
                return new DateTimeOffset(months / 12, (months % 12) + 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
            }
            case TimeframeUnit.Week:
            {
                // 1970-01-05 was a Monday.
                const long monday = 4 * 86_400L;
                var tf = Seconds;
                return (FloorDiv(epochSeconds - monday, tf) * tf) + monday;
            }
            default:
            {
                // 0001-01-01 is 62135596800 s before the Unix epoch.
                const long origin = -62_135_596_800L;
                var tf = Seconds;
                return (FloorDiv(epochSeconds - origin, tf) * tf) + origin;
            }
        }
    }

    private static long YearStart(long epochSeconds) =>
        new DateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(epochSeconds).Year, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    private static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0) && ((a < 0) ^ (b < 0)) ? 1 : 0);

    public override string ToString() => Name;
}
