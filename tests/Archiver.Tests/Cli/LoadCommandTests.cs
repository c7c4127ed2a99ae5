using System.CommandLine;
using Archiver.Cli;
using Archiver.Cli.Commands;
using Archiver.Store.Archive;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;

namespace Archiver.Tests.Cli;

public sealed class LoadCommandTests : IDisposable
{
    private static readonly ArchiveFileKey Trades = new("binance", "BTCUSDT", ArchiveKind.Trades);

    private readonly string _dir = Directory.CreateTempSubdirectory("archiver-load-").FullName;

    private string Root => Path.Combine(_dir, "archives");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Runs <c>load</c> through a root command of its own, reporting errors the way ArchiverCli does.</summary>
    private static async Task<CliRunner.Result> RunAsync(int progressEvery, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = new RootCommand("test") { LoadCommand.Create(output, progressEvery) };
        var parse = root.Parse(["load", .. args]);
        int code;
        if (parse.Errors.Count > 0)
        {
            await error.WriteLineAsync("error: " + parse.Errors[0].Message);
            code = ArchiverCli.ExitUsage;
        }
        else
        {
            try
            {
                code = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
            }
            catch (Exception e) when (e is CommandException or ParquetFormatException)
            {
                await error.WriteLineAsync("error: " + e.Message);
                code = ArchiverCli.ExitFailed;
            }
        }

        return new CliRunner.Result(code, output.ToString(), error.ToString());
    }

    private static Task<CliRunner.Result> RunAsync(params string[] args) => RunAsync(LoadCommand.DefaultProgressEvery, args);

    private string[] Args(string kind, string start, string end, params string[] more) =>
        ["--exchange", "binance", "--ticker", "BTCUSDT", "--kind", kind, "--start", start, "--end", end, "--archive", Root, .. more];

    private void WriteTrades(string hour, params (long OffsetMicros, double Price, string Side, string Id)[] rows)
    {
        var h = ArchiveHour.Parse(hour);
        var schema = ArchiveSchemas.Trades;
        using var writer = ParquetFileWriter.Create(ArchivePaths.PathFor(Root, Trades, h), schema, ArchiveSchemas.WriterOptions);
        writer.Write(
            new ColumnData<long>(schema[0], rows.Select(r => h.StartMicros + r.OffsetMicros).ToArray()),
            new ColumnData<long>(schema[1], rows.Select(r => h.StartMicros + r.OffsetMicros - 250).ToArray()),
            new ColumnData<double>(schema[2], rows.Select(r => r.Price).ToArray()),
            new ColumnData<double>(schema[3], rows.Select(_ => 0.125).ToArray()),
            new BinaryColumnData(schema[4], BinaryColumnValues.FromStrings(rows.Select(r => r.Side).ToArray())),
            new BinaryColumnData(schema[5], BinaryColumnValues.FromStrings(rows.Select(r => r.Id).ToArray())),
            new ColumnData<int>(schema[6], rows.Select(_ => 0).ToArray()));
        writer.Complete();
    }

    private void WriteBook(string hour, int depth)
    {
        var h = ArchiveHour.Parse(hour);
        var key = new ArchiveFileKey("binance", "BTCUSDT", ArchiveKind.L2Book, depth);
        var schema = ArchiveSchemas.For(key);
        var columns = new List<ColumnData>
        {
            new ColumnData<long>(schema[0], [h.StartMicros + 1, h.StartMicros + 2]),
            new ColumnData<long>(schema[1], [h.StartMicros, h.StartMicros + 1]),
            new ColumnData<long>(schema[2], [0L, 0L], [false, false]),
            new ColumnData<long>(schema[3], [11L, 12L]),
            new ColumnData<long>(schema[4], [10L, 11L]),
            new ColumnData<long>(schema[5], [0L, 0L], [false, false]),
            new ColumnData<int>(schema[6], [0, 1]),
        };
        for (var c = columns.Count; c < schema.Fields.Count; c++)
            columns.Add(new ColumnData<double>(schema[c], [100 + c, 0], [true, c % 2 == 0]));
        using var writer = ParquetFileWriter.Create(ArchivePaths.PathFor(Root, key, h), schema, ArchiveSchemas.WriterOptions);
        writer.Write(columns);
        writer.Complete();
    }

    private void WriteSample()
    {
        WriteTrades("2025-01-05:22", (1_000_000, 97_000.5, "buy", "t1"), (2_500_001, 97_001, "sell", "t2"));
        WriteTrades("2025-01-05:23", (0, 97_002.25, "sell", "t,3"));
        WriteTrades("2025-01-06:01", (3_599_999_999, 97_003, "buy", "t\"4"));
    }

    private string PathOf(string hour) => ArchivePaths.PathFor(Root, Trades, ArchiveHour.Parse(hour));

    [Fact]
    public async Task Paths_prints_only_the_existing_files_in_hour_order()
    {
        WriteSample();
        var result = await RunAsync(Args("trades", "2025-01-05:21", "2025-01-06:02", "--paths"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Join(Environment.NewLine, PathOf("2025-01-05:22"), PathOf("2025-01-05:23"), PathOf("2025-01-06:01")) + Environment.NewLine, result.Output);
        Assert.EndsWith("binance/perp/trades/2025/01/BTCUSDT_0601.parquet".Replace('/', Path.DirectorySeparatorChar) + Environment.NewLine, result.Output);
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public async Task Summary_shows_files_missing_hours_rows_first_and_last_ts_and_the_first_rows()
    {
        WriteSample();
        var result = await RunAsync(Args("trades", "2025-01-05:22", "2025-01-06:02", "--rows", "2"));

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split(Environment.NewLine);
        Assert.Equal("series:    binance/BTCUSDT/trades", lines[0]);
        Assert.Equal("range:     2025-01-05:22 .. 2025-01-06:02 (5 hour(s), UTC)", lines[1]);
        Assert.Equal("files:     3", lines[2]);
        Assert.Equal("missing:   2 hour(s): 2025-01-06:00, 2025-01-06:02", lines[3]);
        Assert.Equal("rows:      4", lines[4]);
        Assert.Equal("first ts:  2025-01-05T22:00:01.000000Z", lines[5]);
        Assert.Equal("last ts:   2025-01-06T01:59:59.999999Z", lines[6]);
        Assert.Equal("first 2 row(s):", lines[8]);
        Assert.Matches(@"^  ts\s+exch_ts\s+price\s+size\s+side\s+trade_id\s+flags$", lines[9]);
        Assert.Matches(@"^  2025-01-05T22:00:01\.000000Z\s+2025-01-05T22:00:00\.999750Z\s+97000\.5\s+0\.125\s+buy\s+t1\s+0$", lines[10]);
        Assert.Contains("2025-01-05T22:00:02.500001Z", lines[11]);
        Assert.Equal(string.Empty, lines[12]);
        Assert.Equal(13, lines.Length);
    }

    [Fact]
    public void Missing_hours_are_shown_as_runs()
    {
        var hours = new[] { "2025-01-06:00", "2025-01-06:03", "2025-01-06:04", "2025-01-06:05", "2025-01-07:23", "2025-01-08:00" }.Select(ArchiveHour.Parse).ToArray();
        Assert.Equal("2025-01-06:00, 2025-01-06:03..2025-01-06:05, 2025-01-07:23..2025-01-08:00", LoadCommand.DescribeHours(hours));
    }

    [Fact]
    public async Task Csv_writes_every_row_sorted_with_iso_timestamps_and_quoting()
    {
        WriteSample();
        var csv = Path.Combine(_dir, "out", "trades.csv");
        var result = await RunAsync(Args("trades", "2025-01-05:22", "2025-01-06:01", "--csv", csv));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"wrote 4 row(s) from 3 file(s) to {csv}" + Environment.NewLine, result.Output);
        Assert.Equal(string.Empty, result.Error);
        Assert.Equal(
            "ts,exch_ts,price,size,side,trade_id,flags\n" +
            "2025-01-05T22:00:01.000000Z,2025-01-05T22:00:00.999750Z,97000.5,0.125,buy,t1,0\n" +
            "2025-01-05T22:00:02.500001Z,2025-01-05T22:00:02.499751Z,97001,0.125,sell,t2,0\n" +
            "2025-01-05T23:00:00.000000Z,2025-01-05T22:59:59.999750Z,97002.25,0.125,sell,\"t,3\",0\n" +
            "2025-01-06T01:59:59.999999Z,2025-01-06T01:59:59.999749Z,97003,0.125,buy,\"t\"\"4\",0\n",
            File.ReadAllText(csv));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(csv)!)); // no temporary left behind
    }

    [Fact]
    public async Task Csv_of_an_l2book_range_leaves_nulls_empty_and_reports_progress_on_stderr()
    {
        WriteBook("2025-01-05:22", 1);
        WriteBook("2025-01-05:23", 1);
        var csv = Path.Combine(_dir, "book.csv");
        var result = await RunAsync(1, Args("l2book", "2025-01-05:22", "2025-01-05:23", "--depth", "1", "--csv", csv));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "ts,exch_ts,exch_tx_ts,update_id,prev_update_id,seq,flags,bid_px_0,bid_sz_0,ask_px_0,ask_sz_0\n" +
            "2025-01-05T22:00:00.000001Z,2025-01-05T22:00:00.000000Z,,11,10,,0,107,108,109,110\n" +
            "2025-01-05T22:00:00.000002Z,2025-01-05T22:00:00.000001Z,,12,11,,1,,0,,0\n" +
            "2025-01-05T23:00:00.000001Z,2025-01-05T23:00:00.000000Z,,11,10,,0,107,108,109,110\n" +
            "2025-01-05T23:00:00.000002Z,2025-01-05T23:00:00.000001Z,,12,11,,1,,0,,0\n",
            File.ReadAllText(csv));
        Assert.Equal(["csv: 1 of 4 rows", "csv: 2 of 4 rows", "csv: 3 of 4 rows", "csv: 4 of 4 rows"], result.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task L2book_defaults_to_depth_20()
    {
        WriteBook("2025-01-05:22", 20);
        var result = await RunAsync(Args("l2book", "2025-01-05:22", "2025-01-05:22", "--paths"));

        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith("BTCUSDT_depth20_0522.parquet" + Environment.NewLine, result.Output);
    }

    public static TheoryData<string[], string> Errors => new()
    {
        { ["--exchange", "binance", "--ticker", "BTCUSDT", "--kind", "trades", "--start", "2025-01-05", "--end", "2025-01-06:01"], "--start '2025-01-05' is not an hour in the form YYYY-MM-DD:HH (UTC)" },
        { ["--exchange", "binance", "--ticker", "BTCUSDT", "--kind", "trades", "--start", "2025-01-05:22", "--end", "2025-01-06:24"], "--end '2025-01-06:24' is not an hour" },
        { ["--exchange", "binance", "--ticker", "BTCUSDT", "--kind", "trades", "--start", "2025-01-06:01", "--end", "2025-01-05:22"], "--end 2025-01-05:22 is before --start 2025-01-06:01" },
        { ["--exchange", "binance", "--ticker", "BTCUSDT", "--kind", "orders", "--start", "2025-01-05:22", "--end", "2025-01-05:22"], "unknown kind 'orders': use trades or l2book" },
        { ["--exchange", "binance", "--ticker", "BTCUSDT", "--kind", "l2book", "--depth", "0", "--start", "2025-01-05:22", "--end", "2025-01-05:22"], "--depth must be a number of book levels from 1 to 9999, not 0" },
        { ["--exchange", "binance", "--ticker", "BTCUSDT", "--kind", "trades", "--depth", "20", "--start", "2025-01-05:22", "--end", "2025-01-05:22"], "--depth applies to l2book only" },
        { ["--exchange", "binance", "--ticker", "BTC/USDT", "--kind", "trades", "--start", "2025-01-05:22", "--end", "2025-01-05:22"], "cannot be part of an archive path" },
        { ["--exchange", "binance", "--ticker", "BTCUSDT", "--kind", "trades", "--start", "2025-01-06:00", "--end", "2025-01-06:00"], "no binance/BTCUSDT/trades files from 2025-01-06:00 to 2025-01-06:00 under " },
        { ["--exchange", "binance", "--ticker", "BTCUSDT", "--kind", "l2book", "--start", "2025-01-05:22", "--end", "2025-01-05:23"], "no binance/BTCUSDT/l2book/depth20 files from 2025-01-05:22 to 2025-01-05:23 under " },
        { ["--exchange", "binance", "--ticker", "BTCUSDT", "--kind", "trades", "--start", "2025-01-05:22", "--end", "2025-01-05:22", "--rows", "-1"], "--rows must be zero or more" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Each_error_is_one_line(string[] args, string message)
    {
        WriteSample();
        var result = await RunAsync([.. args, "--archive", Root]);

        Assert.Equal(ArchiverCli.ExitFailed, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Single(result.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", result.Error);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public async Task A_missing_depth_is_named_with_the_depths_that_exist()
    {
        WriteBook("2025-01-05:22", 10);
        var result = await RunAsync(Args("l2book", "2025-01-05:22", "2025-01-05:23"));

        Assert.Equal(ArchiverCli.ExitFailed, result.ExitCode);
        Assert.Single(result.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith("(the range has l2book files of depth 10; pass --depth)" + Environment.NewLine, result.Error);
    }

    [Fact]
    public async Task A_corrupt_file_is_one_line_naming_it()
    {
        WriteSample();
        File.WriteAllText(PathOf("2025-01-05:23"), "not parquet at all");
        var result = await RunAsync(Args("trades", "2025-01-05:22", "2025-01-06:01"));

        Assert.Equal(ArchiverCli.ExitFailed, result.ExitCode);
        Assert.Single(result.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(PathOf("2025-01-05:23"), result.Error);
    }

    [Fact]
    public async Task Required_options_are_usage_errors()
    {
        var result = await RunAsync("--exchange", "binance", "--kind", "trades", "--start", "2025-01-05:22", "--end", "2025-01-05:22");
        Assert.Equal(ArchiverCli.ExitUsage, result.ExitCode);
        Assert.Contains("--ticker", result.Error);
    }
}
