namespace Archiver.Tests.Cli;

public sealed class ReplayCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("archiver-replay-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Replaying_bare_binance_frames_prints_records_timed_by_the_exchange_and_counts_bad_frames()
    {
        var path = Path.Combine(_dir, "binance.jsonl");
        await File.WriteAllLinesAsync(path,
        [
            "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1735693200123,\"T\":1735693200120,\"s\":\"BTCUSDT\",\"t\":500,\"p\":\"97000.10\",\"q\":\"0.015\",\"X\":\"MARKET\",\"m\":true}}",
            "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1735693200200,\"T\":1735693200199,\"s\":\"BTCUSDT\",\"t\":503,\"p\":\"97000.20\",\"q\":\"1\",\"X\":\"MARKET\",\"m\":false}}",
            "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"tra",
        ]);

        var result = await CliRunner.RunAsync("replay", "--exchange", "binance", "--input", path);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("trade 2025-01-01T01:00:00.120000Z recv 2025-01-01T01:00:00.123000Z BTCUSDT sell 0.015@97000.1 id=500 flags=None", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("event ", StringComparison.Ordinal) && l.Contains("GapDetected", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("trade 2025-01-01T01:00:00.199000Z", StringComparison.Ordinal) && l.Contains("buy 1@97000.2 id=503", StringComparison.Ordinal) && l.Contains("IdGapBefore", StringComparison.Ordinal));
        Assert.EndsWith("2 trades, 0 books, 2 events, 1 malformed frames", lines[^1]);
    }

    [Fact]
    public async Task Replay_of_a_file_without_frames_of_that_exchange_is_a_clear_error()
    {
        var path = Path.Combine(_dir, "empty.jsonl");
        await File.WriteAllTextAsync(path, "\n");
        var result = await CliRunner.RunAsync("replay", "--exchange", "bybit", "--input", path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("holds no bybit frames", result.Error);
    }

    [Fact]
    public async Task An_unknown_exchange_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("replay", "--exchange", "kraken", "--input", "x");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("kraken", result.Error);
    }

    [Fact]
    public async Task Replaying_with_an_archive_root_writes_the_archive_file_of_the_hour_the_exchange_stamped()
    {
        var path = Path.Combine(_dir, "binance.jsonl");
        await File.WriteAllLinesAsync(path,
        [
            "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1735693200123,\"T\":1735693200120,\"s\":\"BTCUSDT\",\"t\":500,\"p\":\"97000.10\",\"q\":\"0.015\",\"X\":\"MARKET\",\"m\":true}}",
            "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1735693200200,\"T\":1735693200199,\"s\":\"BTCUSDT\",\"t\":501,\"p\":\"97000.20\",\"q\":\"1\",\"X\":\"MARKET\",\"m\":false}}",
        ]);
        var root = Path.Combine(_dir, "archives");

        var result = await CliRunner.RunAsync("replay", "--exchange", "binance", "--input", path, "--archive", root);

        Assert.Equal(0, result.ExitCode);
        var file = Path.Combine(root, "binance", "perp", "trades", "2025", "01", "BTCUSDT_0101.parquet");
        Assert.True(File.Exists(file), result.Output);
        Assert.Contains("WRITE ", result.Output);
        Assert.Contains("records: 2", result.Output);
        Assert.EndsWith("1 archive file(s) written", result.Output.TrimEnd());
        using var reader = Archiver.Store.Parquet.ParquetFileReader.Open(file);
        var data = reader.ReadAll();
        Assert.Equal(1_735_693_200_123_000L, data.Get<long>("ts").Values[0]); // receive time taken from the event time E
        Assert.Equal("sell", data.GetBinary("side").GetString(0));
        Assert.False(Directory.Exists(Path.Combine(root, ".replay-journal")));
    }
}
