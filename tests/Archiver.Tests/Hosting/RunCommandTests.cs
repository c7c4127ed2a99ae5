using System.CommandLine;
using System.Text.Json.Nodes;
using Archiver.Cli;
using Archiver.Cli.Commands;

namespace Archiver.Tests.Hosting;

/// <summary>Every configuration problem stops 'archiver run' before anything starts, with one line and exit code 1.</summary>
public sealed class RunCommandTests : IDisposable
{
    private const string Prefix = "error: configuration: ";

    private readonly TestConfiguration _config = new();

    public void Dispose() => _config.Dispose();

    [Theory]
    [InlineData("unknown exchange", "Archiver:Exchanges:1:Name 'kraken' is not a supported exchange (binance, bybit, hyperliquid)")]
    [InlineData("exchange twice", "Archiver:Exchanges:2:Name 'binance' is listed twice (also Archiver:Exchanges:0); list each exchange once with all its symbols")]
    [InlineData("no symbols", "Archiver:Exchanges:0:Symbols lists no symbol")]
    [InlineData("empty symbols", "Archiver:Exchanges:1:Symbols lists no symbol")]
    [InlineData("unknown kind", "Archiver:Exchanges:0:Kinds:1 'l3book' is not a supported kind (l2book, trades)")]
    [InlineData("binance depth", "Archiver:Exchanges:0:Depth 30 is not valid for binance: Binance partial depth is 5, 10 or 20 levels, not 30")]
    [InlineData("hyperliquid depth", "Archiver:Exchanges:2:Depth 25 is not valid for hyperliquid: depth ('25') must be less than or equal to '20'")]
    [InlineData("zero depth", "Archiver:Exchanges:1:Depth must be between 1 and 1000, was 0")]
    [InlineData("http endpoint", "Archiver:Exchanges:0:Endpoint must be an absolute ws:// or wss:// URI, was 'http://127.0.0.1/'")]
    [InlineData("bad cron", "Archiver:Schedules:Backup:Cron '0 61 * * * ?' is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. '0 30 * * * ?')")]
    [InlineData("backup enabled", "Archiver:Schedules:Backup:Enabled is true but Archiver:Backup:Bucket names no bucket")]
    [InlineData("negative grace", "Archiver:CloseGrace must be at least 00:00:00 and less than 01:00:00, was -00:00:01")]
    [InlineData("hour grace", "Archiver:CloseGrace must be at least 00:00:00 and less than 01:00:00, was 01:00:00")]
    [InlineData("zero commit", "Archiver:CommitInterval must be more than 00:00:00 and at most 00:00:01, was 00:00:00")]
    [InlineData("slow commit", "Archiver:CommitInterval must be more than 00:00:00 and at most 00:00:01, was 00:00:01.5000000")]
    [InlineData("not a time", "Failed to convert configuration value 'ten seconds' at 'Archiver:CloseGrace' to type 'System.TimeSpan'.")]
    [InlineData("no exchanges", "Archiver:Exchanges lists no exchange (binance, bybit, hyperliquid)")]
    public async Task A_bad_setting_is_one_line_naming_it_and_exit_code_1(string problem, string expected)
    {
        switch (problem)
        {
            case "unknown exchange": _config.Exchange(1)["Name"] = "kraken"; break;
            case "exchange twice": _config.Exchange(2)["Name"] = "binance"; break;
            case "no symbols": _config.Exchange(0).Remove("Symbols"); break;
            case "empty symbols": _config.Exchange(1)["Symbols"] = new JsonArray(); break;
            case "unknown kind": _config.Exchange(0)["Kinds"] = new JsonArray("l2book", "l3book"); break;
            case "binance depth": _config.Exchange(0)["Depth"] = 30; break;
            case "hyperliquid depth": _config.Exchange(2)["Depth"] = 25; break;
            case "zero depth": _config.Exchange(1)["Depth"] = 0; break;
            case "http endpoint": _config.Exchange(0)["Endpoint"] = "http://127.0.0.1/"; break;
            case "bad cron": _config.Archiver["Schedules"]!["Backup"]!["Cron"] = "0 61 * * * ?"; break;
            case "backup enabled": _config.Archiver["Schedules"]!["Backup"]!["Enabled"] = true; break;
            case "negative grace": _config.Archiver["CloseGrace"] = "-00:00:01"; break;
            case "hour grace": _config.Archiver["CloseGrace"] = "01:00:00"; break;
            case "zero commit": _config.Archiver["CommitInterval"] = "00:00:00"; break;
            case "slow commit": _config.Archiver["CommitInterval"] = "00:00:01.5"; break;
            case "not a time": _config.Archiver["CloseGrace"] = "ten seconds"; break;
            case "no exchanges": _config.Archiver.Remove("Exchanges"); break;
            default: throw new ArgumentOutOfRangeException(nameof(problem), problem, "No such case.");
        }

        var (code, error) = await RunAsync("run", "--config", _config.Write());

        Assert.Equal(ArchiverCli.ExitFailed, code);
        Assert.Equal(Prefix + expected, error);
    }

    [Fact]
    public async Task An_archive_root_that_cannot_be_created_is_one_line()
    {
        var blocker = Path.Combine(_config.Directory, "a-file");
        await File.WriteAllTextAsync(blocker, "not a folder");
        _config.Archiver["ArchiveRoot"] = Path.Combine(blocker, "archives");

        var (code, error) = await RunAsync("run", "--config", _config.Write());

        Assert.Equal(ArchiverCli.ExitFailed, code);
        Assert.StartsWith($"{Prefix}Archiver:ArchiveRoot '{Path.Combine(blocker, "archives")}' is not writable: ", error);
    }

    [Fact]
    public async Task A_journal_directory_that_cannot_be_created_is_one_line()
    {
        var blocker = Path.Combine(_config.Directory, "a-file");
        await File.WriteAllTextAsync(blocker, "not a folder");
        _config.Archiver["JournalDirectory"] = blocker;

        var (code, error) = await RunAsync("run", "--config", _config.Write());

        Assert.Equal(ArchiverCli.ExitFailed, code);
        Assert.StartsWith($"{Prefix}Archiver:JournalDirectory '{blocker}' is not writable: ", error);
        Assert.True(Directory.Exists(Path.Combine(_config.Directory, "archives")), "the archive root was created and probed first");
        Assert.Empty(Directory.GetFiles(Path.Combine(_config.Directory, "archives")));
    }

    [Fact]
    public async Task A_malformed_json_file_is_one_line_with_the_position()
    {
        var path = Path.Combine(_config.Directory, "broken.json");
        await File.WriteAllTextAsync(path, "{\n  \"Archiver\": {\n    \"ArchiveRoot\": ,\n  }\n}\n");

        var (code, error) = await RunAsync("run", "--config", path);

        Assert.Equal(ArchiverCli.ExitFailed, code);
        Assert.StartsWith($"{Prefix}{path} is not valid JSON: ", error);
        Assert.Contains("LineNumber: 2", error);
    }

    [Fact]
    public async Task A_missing_config_file_is_one_line()
    {
        var path = Path.Combine(_config.Directory, "missing.json");

        var (code, error) = await RunAsync("run", "--config", path);

        Assert.Equal(ArchiverCli.ExitFailed, code);
        Assert.Equal($"error: configuration file {path} does not exist", error);
    }

    /// <summary>Runs a root command holding only 'run', reporting failures the way <see cref="ArchiverCli"/> does.</summary>
    private static async Task<(int Code, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = new RootCommand { RunCommand.Create(output, error, _ => new FakeArchiveRecorder(), _ => new FakeHourCloser()) };
        var parse = root.Parse(args);
        Assert.Empty(parse.Errors);
        int code;
        try
        {
            code = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (CommandException e)
        {
            await error.WriteLineAsync("error: " + e.Message);
            code = ArchiverCli.ExitFailed;
        }

        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        return (code, lines[0].TrimEnd('\r'));
    }
}
