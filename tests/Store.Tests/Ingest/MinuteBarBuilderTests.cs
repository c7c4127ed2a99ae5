using Archiver.Store.Ingest;

namespace Archiver.Store.Tests.Ingest;

public sealed class MinuteBarBuilderTests
{
    private static (long[] Epoch, double[][] Values, int Count) Build(long[] times, double[] price, double[] size, int[]? order = null, long unit = MinuteBarBuilder.MicrosPerMinute)
    {
        var epoch = new long[times.Length];
        var v = Enumerable.Range(0, 5).Select(_ => new double[times.Length]).ToArray();
        var n = MinuteBarBuilder.Build(times, order ?? [], unit, price, size, epoch, v[0], v[1], v[2], v[3], v[4]);
        return (epoch[..n], v.Select(a => a[..n]).ToArray(), n);
    }

    [Fact]
    public void Bars_take_open_and_close_from_the_first_and_last_tick_of_each_minute_and_skip_empty_minutes()
    {
        const long m = 60_000_000;
        var t0 = 1_700_000_040L * 1_000_000; // a minute start
        long[] times = [t0, t0 + 1, t0 + 1, t0 + m - 1, t0 + (3 * m), t0 + (3 * m) + 5];
        double[] price = [10, 12, 9, 11, 20, 19];
        double[] size = [1, 2, 3, 4, 0.5, 0.25];

        var (epoch, v, n) = Build(times, price, size);

        Assert.Equal(2, n);
        Assert.Equal([1_700_000_040L, 1_700_000_220L], epoch);
        Assert.Equal([10.0, 20.0], v[0]);
        Assert.Equal([12.0, 20.0], v[1]);
        Assert.Equal([9.0, 19.0], v[2]);
        Assert.Equal([11.0, 19.0], v[3]);
        Assert.Equal([10.0, 0.75], v[4]);
    }

    [Fact]
    public void An_order_permutation_is_followed_and_times_before_1970_floor_to_their_minute()
    {
        long[] times = [-1, -60_000_001, 5];
        double[] price = [2, 1, 3];
        double[] size = [1, 1, 1];

        var (epoch, v, _) = Build(times, price, size, order: [1, 0, 2]);

        Assert.Equal([-120L, -60L, 0L], epoch);
        Assert.Equal([1.0, 2.0, 3.0], v[0]);
    }

    [Fact]
    public void Nanosecond_times_give_the_same_minutes()
    {
        long[] times = [59_999_999_999, 60_000_000_000];
        var (epoch, _, n) = Build(times, [1, 2], [1, 1], unit: MinuteBarBuilder.NanosPerMinute);
        Assert.Equal(2, n);
        Assert.Equal([0L, 60L], epoch);
    }
}
