namespace Archiver.Feeds.Model;

/// <summary>Microsecond conversions between exchange times, <see cref="TimeProvider"/> and the archive's µs UTC.</summary>
public static class FeedClock
{
    /// <summary>Now, µs since the Unix epoch, from <paramref name="time"/> (tests pass a fake).</summary>
    public static long NowMicros(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return (time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
    }

    /// <summary>Exchange milliseconds to archive microseconds.</summary>
    public static long FromMillis(long millis) => millis * 1000;
}
