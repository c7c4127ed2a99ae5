using Archiver.Store.Tests.TestSupport;
using Archiver.Store.Buckets;
using Archiver.Store.Query;
using static Archiver.Store.Tests.Query.TestColumns;

namespace Archiver.Store.Tests.Query;

/// <summary>The query pipeline of marketstore-protocol.md §2.1 and §4: destinations, timeframes, assembly.</summary>
public sealed class QueryEngineTests : IDisposable
{
    private const long T0 = 1_577_836_800; // 2020-01-01 00:00:00 UTC
    private readonly DiskBucketStore _store = new();
    private readonly QueryEngine _engine;

    public QueryEngineTests() => _engine = new QueryEngine(_store, TimeProvider.System);

    public void Dispose() => _store.Dispose();

    private static long[] Minutes(int count, long start = T0, long step = 60) => Enumerable.Range(0, count).Select(i => start + (i * step)).ToArray();

    private static float[] Values(int count, float first = 0) => Enumerable.Range(0, count).Select(i => first + i).ToArray();

    private void WriteBars(string key, int count, float first = 0, long step = 60) =>
        _store.Write([Fixed(key, Epoch(Minutes(count, T0, step)), F4("Close", Values(count, first)))]);

    [Fact]
    public void Multi_symbol_query_returns_one_slice_per_symbol_in_request_order_with_category_keys()
    {
        WriteBars("CCC/1Min/OHLCV", 2, 100);
        WriteBars("AAA/1Min/OHLCV", 3, 0);
        WriteBars("BBB/1Min/OHLCV", 1, 10);

        var result = _engine.Execute(new QueryRequest { Destination = "BBB,CCC,AAA/1Min/OHLCV" });

        Assert.Equal(
            ["BBB/1Min/OHLCV:Symbol/Timeframe/AttributeGroup", "CCC/1Min/OHLCV:Symbol/Timeframe/AttributeGroup", "AAA/1Min/OHLCV:Symbol/Timeframe/AttributeGroup"],
            result.Slices.Select(s => s.Key));
        Assert.Equal([10f], result.Slices[0].Series.F4Values("Close"));
        Assert.Equal([100f, 101f], result.Slices[1].Series.F4Values("Close"));
        Assert.Equal([0f, 1f, 2f], result.Slices[2].Series.F4Values("Close"));
        Assert.Equal(6, result.Length);
        Assert.Equal([new ColumnSpec("Epoch", ColumnType.I8), new ColumnSpec("Close", ColumnType.F4)], result.Columns);
    }

    [Fact]
    public void Star_reads_every_symbol_in_the_catalog_that_has_the_bucket()
    {
        WriteBars("ZED/1Min/OHLCV", 1, 3);
        WriteBars("ALPHA/1Min/OHLCV", 1, 1);
        WriteBars("MID/5Min/OHLCV", 1, 2); // another timeframe: no 1Min bucket, skipped

        var result = _engine.Execute(new QueryRequest { Destination = "*/1Min/OHLCV" });

        Assert.Equal(["ALPHA/1Min/OHLCV:Symbol/Timeframe/AttributeGroup", "ZED/1Min/OHLCV:Symbol/Timeframe/AttributeGroup"], result.Slices.Select(s => s.Key));
    }

    [Fact]
    public void Symbols_without_a_bucket_are_skipped()
    {
        WriteBars("HAVE/1Min/OHLCV", 2);
        var result = _engine.Execute(new QueryRequest { Destination = "MISSING,HAVE,OTHER/1Min/OHLCV" });
        Assert.Equal("HAVE/1Min/OHLCV:Symbol/Timeframe/AttributeGroup", Assert.Single(result.Slices).Key);
    }

    [Theory]
    [InlineData("MISSING/1Min/OHLCV")]
    [InlineData("A,B/1Min/OHLCV")]
    [InlineData("HAVE/1Min/TICK")]
    [InlineData("HAVE/5Min/OHLCV")]
    [InlineData("*/1H/OHLCV")]
    public void No_bucket_at_all_fails_with_no_files_returned(string destination)
    {
        WriteBars("HAVE/1Min/OHLCV", 2);
        var e = Assert.Throws<StoreException>(() => _engine.Execute(new QueryRequest { Destination = destination }));
        Assert.Equal("no files returned from query parse", e.Message);
    }

    [Fact]
    public void Empty_catalog_star_query_fails_with_no_files_returned()
    {
        var e = Assert.Throws<StoreException>(() => _engine.Execute(new QueryRequest { Destination = "*/1Min/OHLCV" }));
        Assert.Equal("no files returned from query parse", e.Message);
    }

    [Theory]
    [InlineData("AAPL/1Min")]
    [InlineData("AAPL")]
    [InlineData("AAPL/1Min/OHLCV/2020")]
    [InlineData("/1Min/OHLCV")]
    [InlineData("AAPL//OHLCV")]
    [InlineData("")]
    public void Destination_without_three_parts_fails_with_marketstores_text(string destination)
    {
        var e = Assert.Throws<StoreException>(() => _engine.Execute(new QueryRequest { Destination = destination }));
        Assert.Equal($"destinations must have a Symbol, Timeframe and AttributeGroup, have: {destination}", e.Message);
    }

    [Theory]
    [InlineData("1Q")]
    [InlineData("Min")]
    [InlineData("1S")]
    [InlineData("5T")]
    public void Unparseable_timeframe_fails_with_marketstores_text(string timeframe)
    {
        WriteBars("AAPL/1Min/OHLCV", 1);
        var e = Assert.Throws<StoreException>(() => _engine.Execute(new QueryRequest { Destination = $"AAPL/{timeframe}/OHLCV" }));
        Assert.Equal($"timeframe not found in \"{timeframe}\"", e.Message);
    }

    [Fact]
    public void Categories_suffix_on_the_destination_is_ignored()
    {
        WriteBars("AAPL/1Min/OHLCV", 2);
        var result = _engine.Execute(new QueryRequest { Destination = "AAPL/1Min/OHLCV:Symbol/Timeframe/AttributeGroup" });
        Assert.Equal(2, result.Length);
    }

    [Fact]
    public void Hostile_symbol_is_refused_with_a_clear_error()
    {
        WriteBars("AAPL/1Min/OHLCV", 1);
        var e = Assert.Throws<StoreException>(() => _engine.Execute(new QueryRequest { Destination = "..,AAPL/1Min/OHLCV" }));
        Assert.StartsWith("invalid symbol '..'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mixed_schemas_fail_without_a_projection_and_succeed_when_filtered_to_common_columns()
    {
        // test_query_multi_symbols: TEST1 {Epoch, Ask}, TEST2 {Epoch, Ask, Bid}.
        _store.Write([Fixed("TEST1/1Min/TICK", Epoch(T0, T0 + 60), F4("Ask", 1, 2))]);
        _store.Write([Fixed("TEST2/1Min/TICK", Epoch(T0), F4("Ask", 3), F4("Bid", 4))]);

        var e = Assert.Throws<StoreException>(() => _engine.Execute(new QueryRequest { Destination = "TEST1,TEST2/1Min/TICK" }));
        Assert.Equal("symbols in a query must have the same data type or be filtered by common columns. symbols=[TEST1 TEST2]", e.Message);

        var result = _engine.Execute(new QueryRequest { Destination = "TEST1,TEST2/1Min/TICK", Columns = ["Ask"] });
        Assert.Equal([new ColumnSpec("Epoch", ColumnType.I8), new ColumnSpec("Ask", ColumnType.F4)], result.Columns);
        Assert.Equal([1f, 2f], result.Slices[0].Series.F4Values("Ask"));
        Assert.Equal([3f], result.Slices[1].Series.F4Values("Ask"));
    }

    [Fact]
    public void Same_names_with_different_types_fail_the_multi_symbol_check()
    {
        _store.Write([Fixed("F4SYM/1Min/TICK", Epoch(T0), F4("Ask", 1))]);
        _store.Write([Fixed("F8SYM/1Min/TICK", Epoch(T0), F8("Ask", 1))]);
        var e = Assert.Throws<StoreException>(() => _engine.Execute(new QueryRequest { Destination = "F4SYM,F8SYM/1Min/TICK" }));
        Assert.StartsWith("symbols in a query must have the same data type or be filtered by common columns. symbols=[", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Symbol_with_a_bucket_but_no_rows_in_range_gets_a_zero_length_slice()
    {
        _store.Write([Fixed("EARLY/1Min/TICK", Epoch(T0), F4("Ask", 1))]);
        _store.Write([Fixed("LATE/1Min/TICK", Epoch(T0 + 3600), F4("Ask", 2))]);
        var result = _engine.Execute(new QueryRequest { Destination = "EARLY,LATE/1Min/TICK", Start = new StoreTime(T0 + 60, 0) });

        Assert.Equal(2, result.Slices.Count);
        Assert.Equal(0, result.Slices[0].Series.RowCount);
        Assert.Equal(["Epoch", "Ask"], result.Slices[0].Series.Names());
        Assert.Equal([2f], result.Slices[1].Series.F4Values("Ask"));
    }

    [Fact]
    public void Four_hour_query_reads_an_existing_4H_bucket_first()
    {
        WriteBars("X/4H/OHLCV", 3, 40, step: 4 * 3600);
        WriteBars("X/2H/OHLCV", 6, 20, step: 2 * 3600);
        var result = _engine.Execute(new QueryRequest { Destination = "X/4H/OHLCV", Limit = 2 });

        Assert.Equal("X/4H/OHLCV:Symbol/Timeframe/AttributeGroup", Assert.Single(result.Slices).Key);
        Assert.Equal([41f, 42f], result.Slices[0].Series.F4Values("Close"));
    }

    [Fact]
    public void Four_hour_query_without_a_4H_bucket_reads_2H_with_the_limit_doubled()
    {
        WriteBars("X/2H/OHLCV", 6, 20, step: 2 * 3600);
        var result = _engine.Execute(new QueryRequest { Destination = "X/4H/OHLCV", Limit = 2 });

        Assert.Equal("X/2H/OHLCV:Symbol/Timeframe/AttributeGroup", Assert.Single(result.Slices).Key);
        Assert.Equal([22f, 23f, 24f, 25f], result.Slices[0].Series.F4Values("Close"));
    }

    [Fact]
    public void Non_standard_timeframe_reads_the_largest_dividing_standard_bucket_with_the_limit_scaled()
    {
        WriteBars("X/1Min/OHLCV", 10);
        var result = _engine.Execute(new QueryRequest { Destination = "X/3Min/OHLCV", Limit = 2, FromStart = true });

        Assert.Equal("X/1Min/OHLCV:Symbol/Timeframe/AttributeGroup", Assert.Single(result.Slices).Key);
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], result.Slices[0].Series.F4Values("Close"));
    }

    [Fact]
    public void Non_standard_timeframe_with_candlecandler_downsamples_1Min_data()
    {
        WriteBars("X/1Min/OHLCV", 10);
        var result = _engine.Execute(new QueryRequest { Destination = "X/3Min/OHLCV", Functions = ["candlecandler('3Min', Close, Close, Close, Close)"] });
        Assert.Equal([0f, 3f, 6f, 9f], result.Slices[0].Series.F4Values("Open"));
        Assert.Equal([2f, 5f, 8f, 9f], result.Slices[0].Series.F4Values("Close"));
    }

    [Theory]
    [InlineData("1Sec", "1Sec", 1)]
    [InlineData("5Sec", "1Sec", 5)]
    [InlineData("10Sec", "10Sec", 1)]
    [InlineData("45Sec", "1Sec", 45)]
    [InlineData("90Sec", "30Sec", 3)]
    [InlineData("1Min", "1Min", 1)]
    [InlineData("12Min", "1Min", 12)]
    [InlineData("15Min", "15Min", 1)]
    [InlineData("90Min", "30Min", 3)]
    [InlineData("1H", "1H", 1)]
    [InlineData("3H", "1H", 3)]
    [InlineData("4H", "2H", 2)]
    [InlineData("8H", "2H", 4)]
    [InlineData("1D", "1D", 1)]
    [InlineData("1W", "1D", 7)]
    [InlineData("1M", "1D", 31)]
    [InlineData("3M", "1D", 93)]
    [InlineData("1Y", "1D", 365)]
    public void Fallback_walks_the_standard_list_from_the_end(string requested, string queryable, long factor)
    {
        var q = QueryableTimeframe.Resolve(requested, _ => false);
        Assert.Equal(queryable, q.Timeframe.Name);
        Assert.Equal(factor, q.LimitFactor);
    }

    [Fact]
    public void Limit_beyond_int_range_is_clamped_and_negative_limit_is_refused()
    {
        WriteBars("X/1Min/OHLCV", 3);
        Assert.Equal(3, _engine.Execute(new QueryRequest { Destination = "X/1Min/OHLCV", Limit = 5_000_000_000L }).Length);
        Assert.Equal(3, _engine.Execute(new QueryRequest { Destination = "X/1Min/OHLCV", Limit = long.MaxValue, FromStart = true }).Length);
        Assert.Equal(int.MaxValue, QueryableTimeframe.Resolve("1Y", _ => false).ScaleLimit(long.MaxValue));
        var e = Assert.Throws<StoreException>(() => _engine.Execute(new QueryRequest { Destination = "X/1Min/OHLCV", Limit = -1 }));
        Assert.Equal("limit_record_count must not be negative, have -1", e.Message);
    }

    [Fact]
    public void Range_and_limit_reach_the_bucket_read()
    {
        // The tick cases of §4.5: five ticks in one second at .1 … .5.
        _store.Write([Variable("TICKS/1Sec/TICK", Epoch(T0, T0, T0, T0, T0), Nanos(100_000_000, 200_000_000, 300_000_000, 400_000_000, 500_000_000), F4("Bid", 1, 2, 3, 4, 5))]);
        var range = new QueryRequest { Destination = "TICKS/1Sec/TICK", Start = new StoreTime(T0, 200_000_000), End = new StoreTime(T0, 400_000_000) };

        Assert.Equal([2f, 3f, 4f], _engine.Execute(range).Slices[0].Series.F4Values("Bid"));
        Assert.Equal([2f, 3f], _engine.Execute(range with { Limit = 2, FromStart = true }).Slices[0].Series.F4Values("Bid"));
        Assert.Equal([3f, 4f], _engine.Execute(range with { Limit = 2 }).Slices[0].Series.F4Values("Bid"));
    }

    [Fact]
    public void Projection_keeps_epoch_first_requested_order_and_nanoseconds_last_without_duplicates()
    {
        _store.Write([Variable("P/1Sec/TICK", Epoch(T0), Nanos(7), F4("Bid", 1), F4("Ask", 2), F8("Size", 3))]);
        var series = _engine.Execute(new QueryRequest { Destination = "P/1Sec/TICK", Columns = ["Size", "Nope", "Epoch", "Bid", "Size", "Nanoseconds"] }).Slices[0].Series;

        Assert.Equal(["Epoch", "Size", "Bid", "Nanoseconds"], series.Names());
        Assert.Equal(["i8", "f8", "f4", "i4"], series.Types());
    }

    [Fact]
    public void Projection_on_a_fixed_bucket_treats_a_nanoseconds_element_as_an_ordinary_column()
    {
        _store.Write([Fixed("FN/1Sec/TICK", Epoch(T0), F4("Bid", 1), I4("Nanoseconds", 5))]);
        var series = _engine.Execute(new QueryRequest { Destination = "FN/1Sec/TICK", Columns = ["Nanoseconds", "Bid"] }).Slices[0].Series;
        Assert.Equal(["Epoch", "Nanoseconds", "Bid"], series.Names());
    }

    [Fact]
    public void Projection_is_applied_before_functions()
    {
        _store.Write([Fixed("PF/1Min/OHLCV", Epoch(T0), F4("Close", 1), F4("Volume", 2))]);
        var e = Assert.Throws<StoreException>(() => _engine.Execute(new QueryRequest { Destination = "PF/1Min/OHLCV", Columns = ["Close"], Functions = ["avg(Volume)"] }));
        Assert.StartsWith("avg: no column named Volume", e.Message, StringComparison.Ordinal);
    }
}
