using Archiver.Store.Tests.TestSupport;
using Archiver.Store.Buckets;
using Archiver.Store.Query;
using static Archiver.Store.Tests.Query.TestColumns;

namespace Archiver.Store.Tests.Query;

/// <summary>The query-time functions through the query engine, with every expected value of marketstore-protocol.md §5.1.</summary>
public sealed class QueryFunctionTests : IDisposable
{
    private const long T0 = 1_577_836_800; // 2020-01-01 00:00:00 UTC
    private static readonly DateTimeOffset Now = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private readonly DiskBucketStore _store = new();
    private readonly QueryEngine _engine;

    public QueryFunctionTests() => _engine = new QueryEngine(_store, new FixedTimeProvider(Now));

    public void Dispose() => _store.Dispose();

    private ColumnSeries Single(QueryRequest request) => Assert.Single(_engine.Execute(request).Slices).Series;

    private void WriteExample() =>
        _store.Write([Fixed("TEST/1Sec/TICK", Epoch(T0, T0 + 1, T0 + 2, T0 + 3), F4("Example", 2, 4, 6, 8))]);

    // limit 2 from start, limit 3 from start, limit 2 LAST, limit 200.
    public static TheoryData<string, long, bool, double> ScalarCases => new()
    {
        { "AVG(Example)", 2, true, 3.0 }, { "AVG(Example)", 3, true, 4.0 }, { "AVG(Example)", 2, false, 7.0 }, { "AVG(Example)", 200, false, 5.0 },
        { "MAX(Example)", 2, true, 4 }, { "MAX(Example)", 3, true, 6 }, { "MAX(Example)", 2, false, 8 }, { "MAX(Example)", 200, false, 8 },
        { "MIN(Example)", 2, true, 2 }, { "MIN(Example)", 3, true, 2 }, { "MIN(Example)", 2, false, 6 }, { "MIN(Example)", 200, false, 2 },
        { "COUNT(Example)", 2, true, 2 }, { "COUNT(Example)", 3, true, 3 }, { "COUNT(Example)", 2, false, 2 }, { "COUNT(Example)", 200, false, 4 },
    };

    [Theory]
    [MemberData(nameof(ScalarCases))]
    public void Avg_max_min_and_count_see_the_rows_left_after_range_and_limit(string function, long limit, bool fromStart, double expected)
    {
        WriteExample();
        var series = Single(new QueryRequest { Destination = "TEST/1Sec/TICK", Limit = limit, FromStart = fromStart, Functions = [function] });

        Assert.Equal(1, series.RowCount);
        Assert.Equal(ColumnSeries.EpochColumn, series.Columns[0].Name);
        Assert.Equal(Now.ToUnixTimeSeconds(), series.I8Values("Epoch")[0]);
        var value = series.Columns[1];
        switch (function[..3])
        {
            case "AVG":
                Assert.Equal(("Avg", ColumnType.F8), (value.Name, value.Type));
                Assert.Equal(expected, value.Values<double>()[0]);
                break;
            case "MAX" or "MIN":
                Assert.Equal((function[0] + function[1..3].ToLowerInvariant(), ColumnType.F4), (value.Name, value.Type));
                Assert.Equal((float)expected, value.Values<float>()[0]);
                break;
            default:
                Assert.Equal(("Count", ColumnType.I8), (value.Name, value.Type));
                Assert.Equal((long)expected, value.Values<long>()[0]);
                break;
        }
    }

    [Fact]
    public void Scalar_functions_read_integer_columns_too()
    {
        _store.Write([Fixed("INT/1Sec/TICK", Epoch(T0, T0 + 1, T0 + 2), I8("Size", 5, 1, 9))]);
        var request = new QueryRequest { Destination = "INT/1Sec/TICK", Functions = ["avg(Size)"] };
        Assert.Equal(5.0, Single(request).F8Values("Avg")[0]);
        Assert.Equal(1f, Single(request with { Functions = ["min(Size)"] }).F4Values("Min")[0]);
        Assert.Equal(9f, Single(request with { Functions = ["max(Size)"] }).F4Values("Max")[0]);
    }

    [Fact]
    public void Scalar_functions_on_zero_rows_give_nan_avg_zero_min_max_and_zero_count()
    {
        WriteExample();
        var request = new QueryRequest { Destination = "TEST/1Sec/TICK", Start = new StoreTime(T0 + 100, 0) };
        Assert.True(double.IsNaN(Single(request with { Functions = ["avg(Example)"] }).F8Values("Avg")[0]));
        Assert.Equal(0f, Single(request with { Functions = ["min(Example)"] }).F4Values("Min")[0]);
        Assert.Equal(0f, Single(request with { Functions = ["max(Example)"] }).F4Values("Max")[0]);
        Assert.Equal(0L, Single(request with { Functions = ["count(Example)"] }).I8Values("Count")[0]);
    }

    [Fact]
    public void Scalar_function_on_a_missing_column_fails_with_a_clear_error()
    {
        WriteExample();
        var e = Assert.Throws<StoreException>(() => _engine.Execute(new QueryRequest { Destination = "TEST/1Sec/TICK", Functions = ["avg(Missing)"] }));
        Assert.Equal("avg: no column named Missing in the input (columns: Epoch, Example)", e.Message);
    }

    [Theory]
    [InlineData("GAP('1Sec')", 3)]
    [InlineData("GAP('10Sec')", 2)]
    [InlineData("GAP('20Sec')", 1)]
    [InlineData("GAP('30Sec')", 0)]
    public void Gap_with_a_timeframe_emits_differences_strictly_greater_than_it(string function, int rows)
    {
        _store.Write([Fixed("GAPS/1Sec/TICK", Epoch(T0, T0 + 10, T0 + 30, T0 + 60), F4("Example", 1, 2, 3, 4))]);
        var series = Single(new QueryRequest { Destination = "GAPS/1Sec/TICK", Functions = [function] });

        Assert.Equal(["Epoch", "End", "Length"], series.Names());
        Assert.Equal(["i8", "i8", "i8"], series.Types());
        Assert.Equal(rows, series.RowCount);
        long[] starts = [T0, T0 + 10, T0 + 30], ends = [T0 + 10, T0 + 30, T0 + 60], lengths = [10, 20, 30];
        Assert.Equal(starts[(3 - rows)..], series.I8Values("Epoch"));
        Assert.Equal(ends[(3 - rows)..], series.I8Values("End"));
        Assert.Equal(lengths[(3 - rows)..], series.I8Values("Length"));
    }

    [Fact]
    public void Gap_without_a_timeframe_emits_differences_with_a_z_score_above_three()
    {
        var epochs = Enumerable.Range(0, 21).Select(i => T0 + i).Append(T0 + 120).Append(T0 + 121).ToArray();
        _store.Write([Fixed("Z/1Sec/TICK", Epoch(epochs), F4("X", new float[epochs.Length]))]);
        var series = Single(new QueryRequest { Destination = "Z/1Sec/TICK", Functions = ["gap()"] });

        Assert.Equal([T0 + 20], series.I8Values("Epoch"));
        Assert.Equal([T0 + 120], series.I8Values("End"));
        Assert.Equal([100L], series.I8Values("Length"));
    }

    [Fact]
    public void Gap_without_a_timeframe_treats_a_zero_deviation_as_one_and_finds_no_gap_in_even_data()
    {
        _store.Write([Fixed("EVEN/1Sec/TICK", Epoch(T0, T0 + 5, T0 + 10, T0 + 15), F4("X", 0, 0, 0, 0))]);
        Assert.Equal(0, Single(new QueryRequest { Destination = "EVEN/1Sec/TICK", Functions = ["gap()"] }).RowCount);
    }

    [Fact]
    public void Gap_on_fewer_than_two_rows_gives_no_rows()
    {
        _store.Write([Fixed("ONE/1Sec/TICK", Epoch(T0), F4("X", 1))]);
        Assert.Equal(0, Single(new QueryRequest { Destination = "ONE/1Sec/TICK", Functions = ["gap('1Sec')"] }).RowCount);
        Assert.Equal(0, Single(new QueryRequest { Destination = "ONE/1Sec/TICK", Functions = ["gap()"] }).RowCount);
    }

    private void WriteHourlyOhlc() =>
        _store.Write([Fixed("OHLC/1H/OHLCV", Epoch(T0, T0 + 3600, T0 + 7200, T0 + 10800),
            F4("Open", 20, 40, 60, 80), F4("High", 40, 80, 120, 160), F4("Low", 10, 20, 30, 40), F4("Close", 30, 60, 90, 120))]);

    [Fact]
    public void Candlecandler_2H_gives_the_expected_first_candle()
    {
        WriteHourlyOhlc();
        var series = Single(new QueryRequest { Destination = "OHLC/1H/OHLCV", Functions = ["candlecandler('2H',Open,High,Low,Close)"] });

        Assert.Equal(["Epoch", "Open", "High", "Low", "Close"], series.Names());
        Assert.Equal(["i8", "f4", "f4", "f4", "f4"], series.Types());
        Assert.Equal([T0, T0 + 7200], series.I8Values("Epoch"));
        Assert.Equal([20f, 60f], series.F4Values("Open"));
        Assert.Equal([80f, 160f], series.F4Values("High"));
        Assert.Equal([10f, 30f], series.F4Values("Low"));
        Assert.Equal([60f, 120f], series.F4Values("Close"));
    }

    [Fact]
    public void Candlecandler_4H_gives_the_expected_first_candle()
    {
        WriteHourlyOhlc();
        var series = Single(new QueryRequest { Destination = "OHLC/1H/OHLCV", Functions = ["CandleCandler('4H',Open,High,Low,Close)"] });

        Assert.Equal([T0], series.I8Values("Epoch"));
        Assert.Equal(20f, series.F4Values("Open")[0]);
        Assert.Equal(160f, series.F4Values("High")[0]);
        Assert.Equal(10f, series.F4Values("Low")[0]);
        Assert.Equal(120f, series.F4Values("Close")[0]);
    }

    [Fact]
    public void Candlecandler_adds_sum_and_avg_columns_as_float64_in_binding_order()
    {
        _store.Write([Fixed("V/1Min/OHLCV", Epoch(T0, T0 + 60, T0 + 120, T0 + 300),
            F4("Open", 1, 2, 3, 4), F4("High", 2, 3, 4, 5), F4("Low", 0, 1, 2, 3), F4("Close", 1.5f, 2.5f, 3.5f, 4.5f),
            I8("Volume", 10, 20, 30, 40), F8("Trades", 1, 2, 6, 7))]);
        var series = Single(new QueryRequest
        {
            Destination = "V/1Min/OHLCV",
            Functions = ["candlecandler('5Min',Open,High,Low,Close,Sum::Volume,Avg::Volume,Sum::Trades)"],
        });

        Assert.Equal(["Epoch", "Open", "High", "Low", "Close", "Volume_SUM", "Trades_SUM", "Volume_AVG"], series.Names());
        Assert.Equal(["i8", "f4", "f4", "f4", "f4", "f8", "f8", "f8"], series.Types());
        Assert.Equal([T0, T0 + 300], series.I8Values("Epoch"));
        Assert.Equal([1f, 4f], series.F4Values("Open"));
        Assert.Equal([4f, 5f], series.F4Values("High"));
        Assert.Equal([0f, 3f], series.F4Values("Low"));
        Assert.Equal([3.5f, 4.5f], series.F4Values("Close"));
        Assert.Equal([60.0, 40.0], series.F8Values("Volume_SUM"));
        Assert.Equal([9.0, 7.0], series.F8Values("Trades_SUM"));
        Assert.Equal([20.0, 40.0], series.F8Values("Volume_AVG"));
    }

    [Fact]
    public void Candlecandler_averages_several_columns_bound_to_one_input()
    {
        _store.Write([Fixed("AV/1Min/OHLCV", Epoch(T0, T0 + 60), F4("A", 10, 30), F4("B", 20, 50), F4("High", 1, 2), F4("Low", 0, 0), F4("Close", 5, 6))]);
        var series = Single(new QueryRequest { Destination = "AV/1Min/OHLCV", Functions = ["candlecandler('1H',Open::A,Open::B,High,Low,Close)"] });
        Assert.Equal([15f], series.F4Values("Open"));
        Assert.Equal([6f], series.F4Values("Close"));
    }

    [Fact]
    public void Tickcandler_2H_gives_the_expected_first_candle()
    {
        _store.Write([Fixed("ASK/1H/TICK", Epoch(T0, T0 + 3600, T0 + 7200, T0 + 10800), F4("Ask", 10, 30, 50, 70))]);
        var series = Single(new QueryRequest { Destination = "ASK/1H/TICK", Functions = ["tickcandler('2H', Ask)"] });

        Assert.Equal(["Epoch", "Open", "High", "Low", "Close"], series.Names());
        Assert.Equal([T0, T0 + 7200], series.I8Values("Epoch"));
        Assert.Equal([10f, 50f], series.F4Values("Open"));
        Assert.Equal([30f, 70f], series.F4Values("High"));
        Assert.Equal([10f, 50f], series.F4Values("Low"));
        Assert.Equal([30f, 70f], series.F4Values("Close"));
    }

    [Fact]
    public void Tickcandler_4H_gives_the_expected_first_candle()
    {
        _store.Write([Fixed("ASK/1H/TICK", Epoch(T0, T0 + 3600, T0 + 7200, T0 + 10800), F4("Ask", 10, 30, 50, 70))]);
        var series = Single(new QueryRequest { Destination = "ASK/1H/TICK", Functions = ["tickcandler('4H', Ask)"] });

        Assert.Equal([T0], series.I8Values("Epoch"));
        Assert.Equal([10f], series.F4Values("Open"));
        Assert.Equal([70f], series.F4Values("High"));
        Assert.Equal([10f], series.F4Values("Low"));
        Assert.Equal([70f], series.F4Values("Close"));
    }

    [Fact]
    public void Tickcandler_orders_ticks_by_nanoseconds_and_averages_repeated_price_bindings()
    {
        // Written out of order within one second: the candle opens with the .1 tick and closes with the .9 tick.
        _store.Write([Variable("BTC/1Sec/TICK", Epoch(T0, T0, T0, T0 + 61), Nanos(900_000_000, 100_000_000, 500_000_000, 0),
            F4("Bid", 9, 1, 5, 100), F4("Ask", 11, 3, 7, 102), F4("Size", 1, 2, 3, 4))]);
        var series = Single(new QueryRequest
        {
            Destination = "BTC/1Sec/TICK",
            Functions = ["tickcandler('1Min', CandlePrice::Bid, CandlePrice::Ask, Sum::Size, Avg::Size)"],
        });

        Assert.Equal(["Epoch", "Open", "High", "Low", "Close", "Size_SUM", "Size_AVG"], series.Names());
        Assert.Equal([T0, T0 + 60], series.I8Values("Epoch"));
        Assert.Equal([2f, 101f], series.F4Values("Open"));
        Assert.Equal([10f, 101f], series.F4Values("High"));
        Assert.Equal([2f, 101f], series.F4Values("Low"));
        Assert.Equal([10f, 101f], series.F4Values("Close"));
        Assert.Equal([6.0, 4.0], series.F8Values("Size_SUM"));
        Assert.Equal([2.0, 4.0], series.F8Values("Size_AVG"));
    }

    [Theory]
    [InlineData("candlecandler('1H',Open,High,Low,Close)")]
    [InlineData("tickcandler('1H',Open)")]
    public void Candle_functions_on_zero_rows_fail_the_query_with_empty_input_to_accum(string function)
    {
        WriteHourlyOhlc();
        var e = Assert.Throws<StoreException>(() => _engine.Execute(new QueryRequest
        {
            Destination = "OHLC/1H/OHLCV", Start = new StoreTime(T0 + 86_400, 0), Functions = [function],
        }));
        Assert.Equal("empty input to Accum", e.Message);
    }

    [Fact]
    public void Weekly_candles_start_on_mondays()
    {
        // 2024-01-03 (Wed) .. 2024-01-09 (Tue): Wed-Sun fall in the week of Mon 2024-01-01, Mon 8th and Tue 9th in the next.
        const long jan3 = 1_704_240_000;
        var epochs = Enumerable.Range(0, 7).Select(d => jan3 + (d * 86_400L)).ToArray();
        var prices = Enumerable.Range(1, 7).Select(p => (float)p).ToArray();
        _store.Write([Fixed("W/1D/OHLCV", Epoch(epochs), F4("Open", prices), F4("High", prices), F4("Low", prices), F4("Close", prices))]);
        var series = Single(new QueryRequest { Destination = "W/1D/OHLCV", Functions = ["candlecandler('1W',Open,High,Low,Close)"] });

        Assert.Equal([1_704_067_200L, 1_704_672_000L], series.I8Values("Epoch"));
        Assert.Equal([1f, 6f], series.F4Values("Open"));
        Assert.Equal([5f, 7f], series.F4Values("Close"));
    }

    [Fact]
    public void Monthly_candles_start_on_the_first_of_the_month()
    {
        // 2024-01-30, 2024-01-31, 2024-02-01, 2024-02-29, 2024-03-01
        long[] epochs = [1_706_572_800, 1_706_659_200, 1_706_745_600, 1_709_164_800, 1_709_251_200];
        float[] prices = [1, 2, 3, 4, 5];
        _store.Write([Fixed("M/1D/OHLCV", Epoch(epochs), F4("Open", prices), F4("High", prices), F4("Low", prices), F4("Close", prices))]);
        var series = Single(new QueryRequest { Destination = "M/1D/OHLCV", Functions = ["candlecandler('1M',Open,High,Low,Close)"] });

        Assert.Equal([1_704_067_200L, 1_706_745_600L, 1_709_251_200L], series.I8Values("Epoch"));
        Assert.Equal([1f, 3f, 5f], series.F4Values("Open"));
        Assert.Equal([2f, 4f, 5f], series.F4Values("Close"));
    }

    [Fact]
    public void Vwap_gives_price_weighted_by_size_and_the_volume_per_candle()
    {
        _store.Write([Variable("ETH/1Sec/TRADE", Epoch(T0, T0 + 30, T0 + 59, T0 + 60, T0 + 61), Nanos(0, 0, 0, 0, 0),
            F8("Price", 10, 20, 40, 7, 9), F4("Size", 1, 3, 0, 0, 0))]);
        var series = Single(new QueryRequest { Destination = "ETH/1Sec/TRADE", Functions = ["VWAP('1Min', Price, Size)"] });

        Assert.Equal(["Epoch", "VWAP", "Volume"], series.Names());
        Assert.Equal(["i8", "f8", "f8"], series.Types());
        Assert.Equal([T0, T0 + 60], series.I8Values("Epoch"));
        Assert.Equal(17.5, series.F8Values("VWAP")[0]);
        Assert.True(double.IsNaN(series.F8Values("VWAP")[1]));
        Assert.Equal([4.0, 0.0], series.F8Values("Volume"));
    }

    [Fact]
    public void Vwap_on_zero_rows_gives_zero_rows()
    {
        _store.Write([Variable("ETH/1Sec/TRADE", Epoch(T0), Nanos(0), F8("Price", 10), F4("Size", 1))]);
        var series = Single(new QueryRequest { Destination = "ETH/1Sec/TRADE", End = new StoreTime(T0 - 1, 0), Functions = ["vwap('1Min',Price,Size)"] });
        Assert.Equal(0, series.RowCount);
        Assert.Equal(["Epoch", "VWAP", "Volume"], series.Names());
    }

    [Fact]
    public void Functions_chain_each_getting_the_previous_output()
    {
        var epochs = Enumerable.Range(0, 12).Select(i => T0 + (i * 60L)).ToArray();
        var prices = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        _store.Write([Fixed("C/1Min/OHLCV", Epoch(epochs), F4("Open", prices), F4("High", prices), F4("Low", prices), F4("Close", prices))]);

        var count = Single(new QueryRequest { Destination = "C/1Min/OHLCV", Functions = ["candlecandler('5Min',Open,High,Low,Close)", "count(Close)"] });
        Assert.Equal([3L], count.I8Values("Count"));

        var max = Single(new QueryRequest
        {
            Destination = "C/1Min/OHLCV",
            Functions = ["candlecandler('5Min',Open,High,Low,Close)", "candlecandler('10Min',Open,High,Low,Close)", "max(Open)"],
        });
        Assert.Equal([10f], max.F4Values("Max"));
    }

    [Fact]
    public void Functions_run_on_each_symbol_of_a_multi_symbol_query()
    {
        _store.Write(
        [
            Fixed("AAA/1H/TICK", Epoch(T0, T0 + 3600, T0 + 7200), F4("Ask", 1, 2, 3)),
            Fixed("BBB/1H/TICK", Epoch(T0 + 3600, T0 + 7200), F4("Ask", 10, 20)),
        ]);
        var result = _engine.Execute(new QueryRequest { Destination = "BBB,AAA/1H/TICK", Functions = ["tickcandler('2H',Ask)"] });

        Assert.Equal(["BBB/1H/TICK:Symbol/Timeframe/AttributeGroup", "AAA/1H/TICK:Symbol/Timeframe/AttributeGroup"], result.Slices.Select(s => s.Key));
        Assert.Equal([T0, T0 + 7200], result.Slices[0].Series.I8Values("Epoch"));
        Assert.Equal([10f, 20f], result.Slices[0].Series.F4Values("Open"));
        Assert.Equal([T0, T0 + 7200], result.Slices[1].Series.I8Values("Epoch"));
        Assert.Equal([1f, 3f], result.Slices[1].Series.F4Values("Open"));
        Assert.Equal([2f, 3f], result.Slices[1].Series.F4Values("Close"));
        Assert.Equal(4, result.Length);
    }
}
