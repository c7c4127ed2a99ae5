using Archiver.Store.Buckets;
using Archiver.Store.Query.Functions;
using static Archiver.Store.Tests.Query.TestColumns;

namespace Archiver.Store.Tests.Query;

/// <summary>The candle functions applied directly to hand-made series (input the store would never return).</summary>
public sealed class CandleFunctionTests
{
    private const long T0 = 1_577_836_800; // 2020-01-01 00:00:00 UTC

    private static ColumnSeries Apply(string call, ColumnSeries input) => FunctionPipeline.Parse([call]).Apply(input, nowSeconds: 0);

    [Fact]
    public void Unsorted_input_is_put_in_time_order_before_open_and_close_are_taken()
    {
        var input = Series(Epoch(T0 + 50, T0 + 10, T0 + 70, T0 + 10, T0 + 30), F4("Price", 5, 1, 7, 2, 3));
        var candles = Apply("tickcandler('1Min', Price)", input);

        Assert.Equal([T0, T0 + 60], candles.I8Values("Epoch"));
        Assert.Equal([1f, 7f], candles.F4Values("Open")); // the two T0+10 rows keep their order: 1 then 2
        Assert.Equal([5f, 7f], candles.F4Values("Close"));
        Assert.Equal([5f, 7f], candles.F4Values("High"));
        Assert.Equal([1f, 7f], candles.F4Values("Low"));
    }

    [Fact]
    public void Equal_seconds_are_ordered_by_nanoseconds()
    {
        var input = Series(Epoch(T0, T0, T0), F4("Price", 3, 1, 2), Nanos(30, 10, 20));
        var candles = Apply("tickcandler('1Sec', Price)", input);
        Assert.Equal([1f], candles.F4Values("Open"));
        Assert.Equal([3f], candles.F4Values("Close"));
    }

    [Fact]
    public void Monthly_candles_cross_the_year_end()
    {
        // 2019-12-31 23:59:59, 2020-01-01 00:00:00, 2020-01-31 23:59:59, 2020-02-01 00:00:00
        var input = Series(Epoch(T0 - 1, T0, T0 + (31 * 86_400) - 1, T0 + (31 * 86_400)), F4("Price", 1, 2, 3, 4));
        var candles = Apply("tickcandler('1M', Price)", input);
        Assert.Equal([1_575_158_400L, T0, T0 + (31 * 86_400)], candles.I8Values("Epoch"));
        Assert.Equal([1f, 2f, 4f], candles.F4Values("Open"));
        Assert.Equal([1f, 3f, 4f], candles.F4Values("Close"));
    }

    [Fact]
    public void Daily_candles_follow_utc_calendar_days_including_before_1970()
    {
        var input = Series(Epoch(-86_401, -86_400, -1, 0, 86_399), F4("Price", 1, 2, 3, 4, 5));
        var candles = Apply("tickcandler('1D', Price)", input);
        Assert.Equal([-172_800L, -86_400, 0], candles.I8Values("Epoch"));
        Assert.Equal([1f, 2f, 4f], candles.F4Values("Open"));
        Assert.Equal([1f, 3f, 5f], candles.F4Values("Close"));
    }

    [Fact]
    public void Candlecandler_reads_integer_and_float64_price_columns_as_float32()
    {
        var input = Series(Epoch(T0, T0 + 60), I8("Open", 3, 4), F8("High", 5.5, 6.25), I4("Low", 1, 2), F8("Close", 4.125, 5));
        var candles = Apply("candlecandler('5Min', Open, High, Low, Close)", input);
        Assert.Equal([3f], candles.F4Values("Open"));
        Assert.Equal([6.25f], candles.F4Values("High"));
        Assert.Equal([1f], candles.F4Values("Low"));
        Assert.Equal([5f], candles.F4Values("Close"));
    }

    [Fact]
    public void Non_numeric_input_column_is_refused()
    {
        var input = Series(Epoch(T0), Column.FromStrings("Side", ["buy"]));
        var e = Assert.Throws<StoreException>(() => Apply("tickcandler('1Min', Side)", input));
        Assert.Equal("tickcandler: column Side is U16, not a number", e.Message);
    }

    [Fact]
    public void Input_series_is_left_unchanged()
    {
        var input = Series(Epoch(T0 + 60, T0), F4("Price", 2, 1));
        _ = Apply("tickcandler('1H', Price)", input);
        Assert.Equal([T0 + 60, T0], input.I8Values("Epoch"));
        Assert.Equal([2f, 1f], input.F4Values("Price"));
    }
}
