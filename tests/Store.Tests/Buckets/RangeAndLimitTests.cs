using Archiver.Store.Buckets;
using static Archiver.Store.Tests.Buckets.Rows;

namespace Archiver.Store.Tests.Buckets;

/// <summary>The range and limit examples of the MarketStore contract (§4.5), fixed and variable buckets.</summary>
public sealed class RangeAndLimitTests : IDisposable
{
    private const long H = 3600;
    private readonly StoreDirectory _dir = new();
    private readonly BucketStore _store;

    public RangeAndLimitTests()
    {
        _store = _dir.Open();
        // Data at 00:00, 01:00, 02:00 and 03:00 in a 1Sec bucket.
        _store.Write(Fixed("TEST/1Sec/OHLCV", Epoch(T2024, T2024 + H, T2024 + (2 * H), T2024 + (3 * H)), F4("Close", 1, 2, 3, 4)));
        // Five ticks in one second, .1 to .5.
        _store.Write(Ticks("TICK/1Sec/TRADE", Epoch(T2024, T2024, T2024, T2024, T2024),
            Nanos(100_000_000, 200_000_000, 300_000_000, 400_000_000, 500_000_000), F4("Price", 1, 2, 3, 4, 5)));
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private long[] Hours(ReadRequest r) => _store.Read("TEST/1Sec/OHLCV", r).Epochs().Select(e => (e - T2024) / H).ToArray();

    private int[] Tenths(ReadRequest r) => _store.Read("TICK/1Sec/TRADE", r).NanosOf().Select(n => n / 100_000_000).ToArray();

    [Fact]
    public void Start_between_records_returns_the_later_ones() =>
        Assert.Equal([2L, 3L], Hours(new ReadRequest { Start = At(T2024 + (H * 3 / 2)) }));

    [Fact]
    public void End_between_records_returns_the_earlier_ones() =>
        Assert.Equal([0L, 1L], Hours(new ReadRequest { End = At(T2024 + (H * 3 / 2)) }));

    [Fact]
    public void Start_and_end_on_records_include_both_boundaries() =>
        Assert.Equal([1L, 2L], Hours(new ReadRequest { Start = At(T2024 + H), End = At(T2024 + (2 * H)) }));

    [Fact]
    public void Limit_without_from_start_returns_the_last_records() =>
        Assert.Equal([2L, 3L], Hours(new ReadRequest { Limit = 2 }));

    [Fact]
    public void Limit_from_start_returns_the_first_records() =>
        Assert.Equal([0L, 1L], Hours(new ReadRequest { Limit = 2, FromStart = true }));

    [Fact]
    public void Start_end_and_limit_from_start_take_the_first_records_in_range() =>
        Assert.Equal([1L, 2L], Hours(new ReadRequest { Start = At(T2024 + H), End = At(T2024 + (3 * H)), Limit = 2, FromStart = true }));

    [Fact]
    public void Fixed_bucket_range_is_slot_granular()
    {
        _store.Write(Fixed("TEST/1Min/OHLCV", Epoch(T2024 + 60, T2024 + 120), F4("Close", 1, 2)));
        // start=00:01:30 still returns the 00:01:00 record; end=00:01:30 includes it too.
        var r = _store.Read("TEST/1Min/OHLCV", new ReadRequest { Start = At(T2024 + 90), End = At(T2024 + 90) });
        Assert.Equal([T2024 + 60], r.Epochs());
    }

    [Fact]
    public void Tick_range_is_exact_to_the_nanosecond() =>
        Assert.Equal([2, 3, 4], Tenths(new ReadRequest { Start = At(T2024, 200_000_000), End = At(T2024, 400_000_000) }));

    [Fact]
    public void Tick_range_with_limit_from_start() =>
        Assert.Equal([2, 3], Tenths(new ReadRequest { Start = At(T2024, 200_000_000), End = At(T2024, 400_000_000), Limit = 2, FromStart = true }));

    [Fact]
    public void Tick_range_with_limit_from_the_end() =>
        Assert.Equal([3, 4], Tenths(new ReadRequest { Start = At(T2024, 200_000_000), End = At(T2024, 400_000_000), Limit = 2 }));

    [Fact]
    public void Leakage_one_tick_from_start_and_one_from_the_end()
    {
        _store.Write(Ticks("LEAK/1Sec/TRADE", Epoch(T2024 + 2, T2024 + 3, T2024 + 3, T2024 + 4),
            Nanos(900_000_000, 0, 100_000_000, 0), F4("Price", 1, 2, 3, 4)));
        var first = _store.Read("LEAK/1Sec/TRADE", new ReadRequest { Start = At(T2024 + 3, 100_000_000), Limit = 1, FromStart = true });
        Assert.Equal([T2024 + 3], first.Epochs());
        Assert.Equal([100_000_000], first.NanosOf());
        Assert.Equal([3f], first.Values<float>("Price"));
        var last = _store.Read("LEAK/1Sec/TRADE", new ReadRequest { End = At(T2024 + 3), Limit = 1 });
        Assert.Equal([T2024 + 3], last.Epochs());
        Assert.Equal([0], last.NanosOf());
        Assert.Equal([2f], last.Values<float>("Price"));
    }

    [Fact]
    public void Empty_range_gives_zero_rows_with_the_bucket_columns()
    {
        var fixedEmpty = _store.Read("TEST/1Sec/OHLCV", new ReadRequest { Start = At(T2024 + (10 * H)) });
        Assert.Equal(0, fixedEmpty.RowCount);
        Assert.Equal(["Epoch", "Close"], fixedEmpty.Names());
        Assert.Equal([ColumnType.I8, ColumnType.F4], fixedEmpty.Columns.Select(c => c.Type));
        var tickEmpty = _store.Read("TICK/1Sec/TRADE", new ReadRequest { Start = At(T2024 - 100), End = At(T2024 - 1) });
        Assert.Equal(0, tickEmpty.RowCount);
        Assert.Equal(["Epoch", "Price", "Nanoseconds"], tickEmpty.Names());
        var backwards = _store.Read("TEST/1Sec/OHLCV", new ReadRequest { Start = At(T2024 + H), End = At(T2024) });
        Assert.Equal(0, backwards.RowCount);
    }

    [Fact]
    public void Range_across_a_year_boundary_reads_both_partitions_with_and_without_limit()
    {
        var dec31 = T2024 - 60; // 2023-12-31T23:59:00Z
        _store.Write(Fixed("YEAR/1Min/OHLCV", Epoch(dec31 - 60, dec31, T2024, T2024 + 60), F8("Close", 1, 2, 3, 4)));
        var all = _store.ReadAll("YEAR/1Min/OHLCV");
        Assert.Equal([dec31 - 60, dec31, T2024, T2024 + 60], all.Epochs());
        var across = _store.Read("YEAR/1Min/OHLCV", new ReadRequest { Start = At(dec31), End = At(T2024) });
        Assert.Equal([2.0, 3.0], across.Values<double>("Close"));
        var lastTwo = _store.Read("YEAR/1Min/OHLCV", new ReadRequest { Start = At(dec31 - 60), End = At(T2024 + 60), Limit = 3 });
        Assert.Equal([dec31, T2024, T2024 + 60], lastTwo.Epochs());
        var firstThree = _store.Read("YEAR/1Min/OHLCV", new ReadRequest { Limit = 3, FromStart = true });
        Assert.Equal([dec31 - 60, dec31, T2024], firstThree.Epochs());
        var firstOfNewYear = _store.Read("YEAR/1Min/OHLCV", new ReadRequest { Start = At(T2024), Limit = 1, FromStart = true });
        Assert.Equal([T2024], firstOfNewYear.Epochs());
        var lastOfOldYear = _store.Read("YEAR/1Min/OHLCV", new ReadRequest { End = At(T2024 - 1), Limit = 1 });
        Assert.Equal([dec31], lastOfOldYear.Epochs());
    }

    [Fact]
    public void Ticks_across_days_and_years_come_back_in_order_with_limits()
    {
        var epochs = new long[] { T2024 - 1, T2024 - 1, T2024, T2024 + 86_400, T2024 + 86_401 };
        _store.Write(Ticks("DAYS/1Sec/TRADE", Epoch(epochs), Nanos(5, 7, 0, 1, 2), F8("Price", 1, 2, 3, 4, 5)));
        Assert.Equal([1.0, 2, 3, 4, 5], _store.ReadAll("DAYS/1Sec/TRADE").Values<double>("Price"));
        Assert.Equal([2.0, 3, 4], _store.Read("DAYS/1Sec/TRADE", new ReadRequest { Start = At(T2024 - 1, 6), End = At(T2024 + 86_400, 1) }).Values<double>("Price"));
        Assert.Equal([4.0, 5], _store.Read("DAYS/1Sec/TRADE", new ReadRequest { Limit = 2 }).Values<double>("Price"));
        Assert.Equal([1.0, 2, 3], _store.Read("DAYS/1Sec/TRADE", new ReadRequest { Limit = 3, FromStart = true }).Values<double>("Price"));
    }

    [Fact]
    public void Projection_keeps_epoch_first_request_order_and_nanoseconds_last_without_duplicates()
    {
        _store.Write(Ticks("PROJ/1Sec/TRADE", Epoch(T2024), Nanos(9), F4("Price", 1), F8("Size", 2), I8("Id", 3)));
        var r = _store.Read("PROJ/1Sec/TRADE", new ReadRequest { Columns = ["Id", "Nanoseconds", "Missing", "Price", "Epoch", "Id"] });
        Assert.Equal(["Epoch", "Id", "Price", "Nanoseconds"], r.Names());
        Assert.Equal([3L], r.Values<long>("Id"));
        Assert.Equal([9], r.NanosOf());
    }

    [Fact]
    public void Missing_bucket_is_a_store_exception_naming_it()
    {
        var e = Assert.Throws<StoreException>(() => _store.ReadAll("NOPE/1Min/OHLCV"));
        Assert.Equal("bucket NOPE/1Min/OHLCV does not exist", e.Message);
    }
}
