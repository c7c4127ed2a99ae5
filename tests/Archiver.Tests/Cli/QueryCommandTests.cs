using System.Runtime.InteropServices;
using Archiver.Cli.Commands;
using Archiver.Store;
using Archiver.Store.Buckets;
using Archiver.Store.Query;

namespace Archiver.Tests.Cli;

public sealed class QueryCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("archiver-query-").FullName;
    private readonly CountingBucketStore _store = new();
    private StoreOptions? _opened;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Column Longs(string name, params long[] v) => new(name, ColumnType.I8, MemoryMarshal.AsBytes(v.AsSpan()).ToArray());

    private static Column Ints(string name, params int[] v) => new(name, ColumnType.I4, MemoryMarshal.AsBytes(v.AsSpan()).ToArray());

    private static Column Doubles(string name, params double[] v) => new(name, ColumnType.F8, MemoryMarshal.AsBytes(v.AsSpan()).ToArray());

    private static QueryResult Result(string key, params Column[] columns)
    {
        var series = new ColumnSeries(columns);
        return new QueryResult(series.Schema, [new QuerySlice(key + ":Symbol/Timeframe/AttributeGroup", series)]);
    }

    private static QueryResult Bars() => Result("BINANCE_BTCUSDT/1Min/OHLCV",
        Longs("Epoch", 1704164640, 1704164700, 1704164760),
        Doubles("Open", 100.5, 101.25, 99),
        Doubles("High", 101, 102.125, 100),
        Doubles("Low", 100, 101, 98.5),
        Doubles("Close", 100.75, 101.5, 99.5),
        Doubles("Volume", 12.5, 3, 0.001));

    private Task<CliRunner.Result> Run(FakeQueryEngine engine, params string[] args)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "store"));
        return StoreCommandRunner.RunAsync((o, _) => QueryCommand.Create(o, options =>
        {
            _opened = options;
            return _store;
        }, _ => engine), ["query", .. args, "--store", Path.Combine(_dir, "store")]);
    }

    [Fact]
    public async Task Bars_print_like_a_pandas_dataframe_with_a_utc_epoch_index_and_right_aligned_columns()
    {
        var result = (await Run(new FakeQueryEngine(_ => Bars()), "BINANCE_BTCUSDT/1Min/OHLCV"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            BINANCE_BTCUSDT/1Min/OHLCV
                                         Open     High    Low   Close  Volume
            Epoch
            2024-01-02 03:04:00+00:00  100.50  101.000  100.0  100.75  12.500
            2024-01-02 03:05:00+00:00  101.25  102.125  101.0  101.50   3.000
            2024-01-02 03:06:00+00:00   99.00  100.000   98.5   99.50   0.001

            """.ReplaceLineEndings(), result.Output);
        Assert.Equal(Path.Combine(_dir, "store"), _opened!.Root);
        Assert.True(_store.Disposed);
    }

    [Fact]
    public async Task Ticks_fold_nanoseconds_into_the_index_with_the_precision_the_values_need()
    {
        var ticks = Result("BINANCE_BTCUSDT/1Sec/TICK",
            Longs("Epoch", 1704164645, 1704164645),
            Doubles("Price", 42000.5, 42001),
            Ints("Nanoseconds", 123_456_000, 500_000_000));

        var result = (await Run(new FakeQueryEngine(_ => ticks), "BINANCE_BTCUSDT/1Sec/TICK"));

        Assert.Equal(
            """
            BINANCE_BTCUSDT/1Sec/TICK
                                                Price
            Epoch
            2024-01-02 03:04:05.123456+00:00  42000.5
            2024-01-02 03:04:05.500000+00:00  42001.0

            """.ReplaceLineEndings(), result.Output);
    }

    [Fact]
    public async Task A_long_result_shows_head_and_tail_around_dots_and_a_rows_by_columns_footer()
    {
        var n = 100;
        var big = Result("X/1Min/OHLCV", Longs("Epoch", Enumerable.Range(0, n).Select(i => 1704164640L + (60 * i)).ToArray()), Doubles("Close", Enumerable.Range(0, n).Select(i => i + 0.5).ToArray()));

        var lines = (await Run(new FakeQueryEngine(_ => big), "X/1Min/OHLCV")).Output.ReplaceLineEndings("\n").Split('\n');

        Assert.Equal("X/1Min/OHLCV", lines[0]);
        Assert.Equal("2024-01-02 03:04:00+00:00    0.5", lines[3]);
        Assert.Equal("...                          ...", lines[8]);
        Assert.Equal("2024-01-02 04:43:00+00:00   99.5", lines[13]);
        Assert.Equal(string.Empty, lines[14]);
        Assert.Equal("[100 rows x 1 columns]", lines[15]);
    }

    [Fact]
    public async Task No_rows_print_the_empty_dataframe_block()
    {
        var empty = Result("X/1Min/OHLCV", Longs("Epoch"), Doubles("Open"), Doubles("Close"));

        var result = (await Run(new FakeQueryEngine(_ => empty), "X/1Min/OHLCV"));

        Assert.Equal("X/1Min/OHLCV\nEmpty DataFrame\nColumns: [Open, Close]\nIndex: []\n".ReplaceLineEndings(), result.Output);
    }

    [Fact]
    public async Task Csv_has_a_header_iso_utc_times_and_round_trip_values()
    {
        var csv = Path.Combine(_dir, "bars.csv");

        var result = (await Run(new FakeQueryEngine(_ => Bars()), "BINANCE_BTCUSDT/1Min/OHLCV", "--csv", csv));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            Epoch,Open,High,Low,Close,Volume
            2024-01-02T03:04:00Z,100.5,101,100,100.75,12.5
            2024-01-02T03:05:00Z,101.25,102.125,101,101.5,3
            2024-01-02T03:06:00Z,99,100,98.5,99.5,0.001

            """.ReplaceLineEndings(), File.ReadAllText(csv));
    }

    [Fact]
    public async Task Csv_of_ticks_carries_nanoseconds_in_the_time_and_a_symbol_column_for_several_symbols()
    {
        var csv = Path.Combine(_dir, "ticks.csv");
        var a = new ColumnSeries([Longs("Epoch", 1704164645), Doubles("Price", double.NaN), Ints("Nanoseconds", 7)]);
        var b = new ColumnSeries([Longs("Epoch", 1704164646), Doubles("Price", 2.5), Ints("Nanoseconds", 0)]);
        var two = new QueryResult(a.Schema, [new QuerySlice("A/1Sec/TICK:Symbol/Timeframe/AttributeGroup", a), new QuerySlice("B/1Sec/TICK:Symbol/Timeframe/AttributeGroup", b)]);

        await Run(new FakeQueryEngine(_ => two), "A,B/1Sec/TICK", "--csv", csv);

        Assert.Equal(
            """
            Symbol,Epoch,Price
            A/1Sec/TICK,2024-01-02T03:04:05.000000007Z,NaN
            B/1Sec/TICK,2024-01-02T03:04:06.000000000Z,2.5

            """.ReplaceLineEndings(), File.ReadAllText(csv));
    }

    [Fact]
    public async Task Options_become_the_query_request()
    {
        var engine = new FakeQueryEngine(_ => Bars());

        var result = (await Run(engine, "A,B/1Min/OHLCV", "--start", "2024-01-02 03:04:05.25", "--end", "1704200000", "--limit", "7", "--from-start",
            "--columns", "Open, Close", "--functions", "candlecandler('5Min',Open,High,Low,Close)", "--functions", "count()"));

        Assert.Equal(0, result.ExitCode);
        var r = engine.Last!;
        Assert.Equal("A,B/1Min/OHLCV", r.Destination);
        Assert.Equal(new StoreTime(1704164645, 250_000_000), r.Start);
        Assert.Equal(new StoreTime(1704200000, 0), r.End);
        Assert.Equal(7, r.Limit);
        Assert.True(r.FromStart);
        Assert.Equal(["Open", "Close"], r.Columns);
        Assert.Equal(["candlecandler('5Min',Open,High,Low,Close)", "count()"], r.Functions);
    }

    [Theory]
    [InlineData("--start", "2024-02-30")]
    [InlineData("--end", "yesterday")]
    [InlineData("--start", "2024-01-02 25:00")]
    public async Task A_bad_time_is_one_clear_error(string option, string value)
    {
        var result = (await Run(new FakeQueryEngine(_ => Bars()), "X/1Min/OHLCV", option, value));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: {option} '{value}' is not a time: use Unix seconds, YYYY-MM-DD, or YYYY-MM-DD HH:MM[:SS[.fffffffff]] (UTC)\n".ReplaceLineEndings(), result.Error);
    }

    [Fact]
    public async Task A_query_the_engine_refuses_is_one_error_line_with_its_text()
    {
        var result = (await Run(new FakeQueryEngine(_ => throw new StoreException("no files returned from query parse")), "NOPE/1Min/OHLCV"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: query NOPE/1Min/OHLCV: no files returned from query parse\n".ReplaceLineEndings(), result.Error);
    }
}
