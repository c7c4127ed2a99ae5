namespace Archiver.Store.Buckets;

/// <summary>
/// A point in time as MarketStore carries it: Unix seconds plus a nanosecond part in [0, 1e9). Orders by
/// (Seconds, Nanos). <see cref="MinValue"/>/<see cref="MaxValue"/> stand for "no bound".
/// </summary>
public readonly record struct StoreTime(long Seconds, int Nanos) : IComparable<StoreTime>
{
    public static StoreTime MinValue { get; } = new(long.MinValue, 0);

    public static StoreTime MaxValue { get; } = new(long.MaxValue, 999_999_999);

    public int CompareTo(StoreTime other)
    {
        var c = Seconds.CompareTo(other.Seconds);
        return c != 0 ? c : Nanos.CompareTo(other.Nanos);
    }

    public static bool operator <(StoreTime a, StoreTime b) => a.CompareTo(b) < 0;

    public static bool operator >(StoreTime a, StoreTime b) => a.CompareTo(b) > 0;

    public static bool operator <=(StoreTime a, StoreTime b) => a.CompareTo(b) <= 0;

    public static bool operator >=(StoreTime a, StoreTime b) => a.CompareTo(b) >= 0;

    /// <summary>From Unix nanoseconds.</summary>
    public static StoreTime FromUnixNanoseconds(long nanoseconds) =>
        new(Math.DivRem(nanoseconds, 1_000_000_000L, out var rem) - (rem < 0 ? 1 : 0), (int)(rem < 0 ? rem + 1_000_000_000L : rem));

    /// <summary>From a UTC <see cref="DateTimeOffset"/> (100 ns resolution).</summary>
    public static StoreTime FromDateTimeOffset(DateTimeOffset time) =>
        FromUnixNanoseconds((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100);

    public override string ToString() =>
        Seconds is > -62135596800L and < 253402300800L
            ? DateTimeOffset.FromUnixTimeSeconds(Seconds).AddTicks(Nanos / 100).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture)
            : $"{Seconds}s+{Nanos}ns";
}
