using System.Globalization;
using Archiver.Store.Archive;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;

namespace Archiver.Tests.Cli;

/// <summary>
/// `archiver ingest` and `archiver query` as a user runs them: the real command line, the real on-disk store, the
/// on-disk aggregation from a config file.
/// </summary>
public sealed class StoreCommandsEndToEndTests : IDisposable
{
    private static readonly ArchiveFileKey Trades = new("binance", "BTCUSDT", ArchiveKind.Trades);

    private readonly string _dir = Directory.CreateTempSubdirectory("archiver-store-e2e-").FullName;

    private string Archive => Path.Combine(_dir, "archives");

    private string StoreRoot => Path.Combine(_dir, "store");

    private string Config => Path.Combine(_dir, "appsettings.json");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>One trade every 10 s from 10:00:05 for the hour; price 100 + minute, size 1 + (second/10).</summary>
    private void WriteHour()
    {
        var h = ArchiveHour.Parse("2025-01-06:10");
        var schema = ArchiveSchemas.Trades;
        using var writer = ParquetFileWriter.Create(ArchivePaths.PathFor(Archive, Trades, h), schema, ArchiveSchemas.WriterOptions);
        var exch = Enumerable.Range(0, 360).Select(i => h.StartMicros + 5_000_000L + (i * 10_000_000L)).ToArray();
        writer.Write(
            new ColumnData<long>(schema[0], exch.Select(t => t + 700).ToArray()),
            new ColumnData<long>(schema[1], exch),
            new ColumnData<double>(schema[2], exch.Select(t => 100.0 + ((t - h.StartMicros) / 60_000_000)).ToArray()),
            new ColumnData<double>(schema[3], exch.Select(t => 1.0 + ((t - h.StartMicros) / 1_000_000 % 60 / 10)).ToArray()),
            new BinaryColumnData(schema[4], BinaryColumnValues.FromStrings(exch.Select(_ => "buy").ToArray())),
            new BinaryColumnData(schema[5], BinaryColumnValues.FromStrings(exch.Select(t => t.ToString(CultureInfo.InvariantCulture)).ToArray())),
            new ColumnData<int>(schema[6], exch.Select(_ => 0).ToArray()));
        writer.Complete();
    }

    [Fact]
    public async Task Query_of_a_store_that_does_not_exist_is_a_clear_error_and_creates_nothing()
    {
        var missing = Path.Combine(_dir, "no-store");
        var result = await CliRunner.RunAsync("query", "BINANCE_BTCUSDT/1Min/OHLCV", "--store", missing);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"no store at {missing}", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task Ingest_then_query_returns_minute_bars_the_configured_5Min_aggregate_and_ticks_from_the_disk_store()
    {
        WriteHour();
        File.WriteAllText(Config, """{ "Archiver": { "Store": { "Aggregations": [ { "On": "*/1Min/OHLCV", "Destinations": [ "5Min", "1H" ] } ] } } }""");

        var ingest = await CliRunner.RunAsync("ingest", "--archive", Archive, "--store", StoreRoot, "--config", Config);
        Assert.True(ingest.ExitCode == 0, ingest.Output + ingest.Error);
        Assert.Contains("files ingested 1, unchanged 0, failed 0; 360 ticks, 60 bars", ingest.Output, StringComparison.Ordinal);

        var csv = Path.Combine(_dir, "bars.csv");
        var bars = await CliRunner.RunAsync("query", "BINANCE_BTCUSDT/1Min/OHLCV", "--store", StoreRoot, "--config", Config, "--csv", csv, "--limit", "2");
        Assert.True(bars.ExitCode == 0, bars.Output + bars.Error);
        var lines = File.ReadAllLines(csv);
        // Six trades per minute with sizes 1..6 (second 5 → 1, 15 → 2, … 55 → 6): volume 21; minute 58 has price 158.
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("2025-01-06T10:58:00", lines[1].Split(',')[0], StringComparison.Ordinal);
        Assert.EndsWith(",158,158,158,158,21", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",159,159,159,159,21", lines[2], StringComparison.Ordinal);

        var fiveCsv = Path.Combine(_dir, "five.csv");
        var five = await CliRunner.RunAsync("query", "BINANCE_BTCUSDT/5Min/OHLCV", "--store", StoreRoot, "--config", Config, "--csv", fiveCsv);
        Assert.True(five.ExitCode == 0, five.Output + five.Error);
        var fiveLines = File.ReadAllLines(fiveCsv);
        Assert.Equal(13, fiveLines.Length);
        Assert.StartsWith("2025-01-06T10:05:00", fiveLines[2].Split(',')[0], StringComparison.Ordinal);
        Assert.EndsWith(",105,109,105,109,105", fiveLines[2], StringComparison.Ordinal);

        var hour = await CliRunner.RunAsync("query", "BINANCE_BTCUSDT/1H/OHLCV", "--store", StoreRoot, "--config", Config);
        Assert.True(hour.ExitCode == 0, hour.Output + hour.Error);
        Assert.Contains("2025-01-06 10:00:00+00:00", hour.Output, StringComparison.Ordinal);
        Assert.Contains("1260", hour.Output, StringComparison.Ordinal);

        var countCsv = Path.Combine(_dir, "count.csv");
        var ticks = await CliRunner.RunAsync("query", "BINANCE_BTCUSDT/1Sec/TICK", "--store", StoreRoot, "--config", Config,
            "--start", "2025-01-06T10:00:00Z", "--end", "2025-01-06T10:00:30Z", "--functions", "count(Price)", "--csv", countCsv);
        Assert.True(ticks.ExitCode == 0, ticks.Output + ticks.Error);
        var countLines = File.ReadAllLines(countCsv);
        Assert.Equal(2, countLines.Length);
        Assert.EndsWith(",3", countLines[1], StringComparison.Ordinal); // ticks at 10:00:05, :15 and :25

        var again = await CliRunner.RunAsync("ingest", "--archive", Archive, "--store", StoreRoot, "--config", Config);
        Assert.Contains("files ingested 0, unchanged 1, failed 0", again.Output, StringComparison.Ordinal);
    }
}
