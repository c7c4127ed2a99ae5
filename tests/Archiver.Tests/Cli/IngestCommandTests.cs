using Archiver.Cli.Commands;
using Archiver.Store;
using Archiver.Store.Archive;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;

namespace Archiver.Tests.Cli;

public sealed class IngestCommandTests : IDisposable
{
    private static readonly ArchiveFileKey Trades = new("binance", "BTCUSDT", ArchiveKind.Trades);

    private readonly string _dir = Directory.CreateTempSubdirectory("archiver-ingest-").FullName;
    private readonly CountingBucketStore _store = new();
    private StoreOptions? _opened;

    private string Archive => Path.Combine(_dir, "archives");

    private string StoreRoot => Path.Combine(_dir, "store");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteTrades(string hour, int rows)
    {
        var h = ArchiveHour.Parse(hour);
        var schema = ArchiveSchemas.Trades;
        var path = ArchivePaths.PathFor(Archive, Trades, h);
        using var writer = ParquetFileWriter.Create(path, schema, ArchiveSchemas.WriterOptions);
        var ts = Enumerable.Range(0, rows).Select(i => h.StartMicros + (i * 1_000_000L)).ToArray();
        writer.Write(
            new ColumnData<long>(schema[0], ts),
            new ColumnData<long>(schema[1], ts.Select(t => t - 500).ToArray()),
            new ColumnData<double>(schema[2], ts.Select(_ => 100.0).ToArray()),
            new ColumnData<double>(schema[3], ts.Select(_ => 0.5).ToArray()),
            new BinaryColumnData(schema[4], BinaryColumnValues.FromStrings(ts.Select(_ => "buy").ToArray())),
            new BinaryColumnData(schema[5], BinaryColumnValues.FromStrings(ts.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray())),
            new ColumnData<int>(schema[6], ts.Select(_ => 0).ToArray()));
        writer.Complete();
        return path;
    }

    private Task<CliRunner.Result> Run(params string[] args) =>
        StoreCommandRunner.RunAsync((o, e) => IngestCommand.Create(o, e, options =>
        {
            _opened = options;
            return _store;
        }), ["ingest", "--archive", Archive, "--store", StoreRoot, .. args]);

    [Fact]
    public async Task Ingest_writes_ticks_and_bars_prints_a_summary_and_a_second_run_finds_everything_unchanged()
    {
        WriteTrades("2025-01-06:10", 150);
        WriteTrades("2025-01-06:11", 90);

        var first = await Run();

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(StoreRoot, _opened!.Root);
        Assert.StartsWith($"ingest into {StoreRoot}: files ingested 2, unchanged 0, failed 0; 240 ticks, 7 bars, 0 quotes;", first.Output, StringComparison.Ordinal);
        Assert.Contains("ingested binance/perp/trades/2025/01/BTCUSDT_0610.parquet", first.Error, StringComparison.Ordinal);
        Assert.Equal(240, _store.Rows["BINANCE_BTCUSDT/1Sec/TICK"]);
        Assert.Equal(7, _store.Rows["BINANCE_BTCUSDT/1Min/OHLCV"]);
        Assert.True(File.Exists(Path.Combine(StoreRoot, "_ingest", "ledger.json")));

        var second = await Run();

        Assert.StartsWith($"ingest into {StoreRoot}: files ingested 0, unchanged 2, failed 0; 0 ticks", second.Output, StringComparison.Ordinal);
        Assert.Equal(240, _store.Rows["BINANCE_BTCUSDT/1Sec/TICK"]);
    }

    [Fact]
    public async Task A_corrupt_file_is_reported_the_others_are_ingested_and_the_exit_code_is_1()
    {
        WriteTrades("2025-01-06:10", 30);
        var bad = WriteTrades("2025-01-06:11", 30);
        File.WriteAllBytes(bad, File.ReadAllBytes(bad)[..40]);

        var result = await Run();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("files ingested 1, unchanged 0, failed 1", result.Output, StringComparison.Ordinal);
        Assert.Contains("failed binance/perp/trades/2025/01/BTCUSDT_0611.parquet: ", result.Error, StringComparison.Ordinal);
        Assert.EndsWith("error: 1 file(s) failed to ingest; nothing of them was stored\n".ReplaceLineEndings(), result.Error, StringComparison.Ordinal);
        Assert.Equal(30, _store.Rows["BINANCE_BTCUSDT/1Sec/TICK"]);
    }

    [Fact]
    public async Task Filters_select_files_and_a_filter_that_matches_nothing_says_so()
    {
        WriteTrades("2025-01-06:10", 10);
        WriteTrades("2025-01-06:11", 10);

        var one = await Run("--exchange", "binance", "--ticker", "BTCUSDT", "--start", "2025-01-06:11", "--end", "2025-01-06:11");
        Assert.Contains("files ingested 1,", one.Output, StringComparison.Ordinal);

        var none = await Run("--exchange", "bybit");
        Assert.Equal(0, none.ExitCode);
        Assert.Equal($"ingest: no archive files under {Archive} match\n".ReplaceLineEndings(), none.Output);
    }

    [Theory]
    [InlineData("--start", "2025-01-06")]
    [InlineData("--kind", "book")]
    public async Task Bad_options_are_one_clear_error(string option, string value)
    {
        WriteTrades("2025-01-06:10", 10);

        var result = await Run(option, value);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error: {option} '{value}' is not", result.Error, StringComparison.Ordinal);
        Assert.Empty(_store.Rows);
    }
}
