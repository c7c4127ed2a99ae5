namespace Archiver.Store.Ingest;

/// <summary>
/// One-minute OHLCV bars from ticks in time order, in one pass: Open is the first tick's price, Close the last's (ties
/// in time keep row order), High and Low the extremes, Volume the sum of sizes. A bar exists only for a minute with
/// ticks; its Epoch is the minute's start (Unix seconds). The loop only compares against the current minute's end and
/// divides once per bar, so it runs at memory speed.
/// </summary>
public static class MinuteBarBuilder
{
    /// <summary>Nanoseconds per minute, for times in Unix nanoseconds.</summary>
    public const long NanosPerMinute = 60_000_000_000L;

    /// <summary>Microseconds per minute, for times in Unix microseconds (the archive's unit).</summary>
    public const long MicrosPerMinute = 60_000_000L;

    /// <summary>
    /// Builds bars from <paramref name="times"/> (ascending, in units of which <paramref name="unitsPerMinute"/> make a
    /// minute), <paramref name="price"/> and <paramref name="size"/>, visiting the rows in <paramref name="order"/> when it
    /// is not empty (a sort permutation) and in row order otherwise. The output spans need room for one bar per
    /// distinct minute (at most one per tick). Returns the number of bars.
    /// </summary>
    public static int Build(
        ReadOnlySpan<long> times, ReadOnlySpan<int> order, long unitsPerMinute, ReadOnlySpan<double> price, ReadOnlySpan<double> size,
        Span<long> epoch, Span<double> open, Span<double> high, Span<double> low, Span<double> close, Span<double> volume)
    {
        if (times.Length != price.Length || times.Length != size.Length) throw new ArgumentException("times, prices and sizes differ in length");
        if (!order.IsEmpty && order.Length != times.Length) throw new ArgumentException("the order has a different length", nameof(order));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(unitsPerMinute);
        if (times.IsEmpty) return 0;
        var bars = -1;
        var end = long.MinValue;
        double o = 0, h = 0, l = 0, c = 0, v = 0;
        for (var k = 0; k < times.Length; k++)
        {
            var i = order.IsEmpty ? k : order[k];
            var t = times[i];
            var p = price[i];
            if (t < end)
            {
                if (p > h) h = p;
                if (p < l) l = p;
                c = p;
                v += size[i];
                continue;
            }

            if (bars >= 0)
            {
                open[bars] = o;
                high[bars] = h;
                low[bars] = l;
                close[bars] = c;
                volume[bars] = v;
            }

            bars++;
            var minute = (t / unitsPerMinute) - (t % unitsPerMinute < 0 ? 1 : 0);
            end = (minute + 1) * unitsPerMinute;
            epoch[bars] = minute * 60;
            o = h = l = c = p;
            v = size[i];
        }

        open[bars] = o;
        high[bars] = h;
        low[bars] = l;
        close[bars] = c;
        volume[bars] = v;
        return bars + 1;
    }
}
