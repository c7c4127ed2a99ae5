namespace Archiver.Tests.Cli;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData]
    [InlineData("inspect")]
    [InlineData("convert")]
    public async Task Every_command_has_help(params string[] command)
    {
        var result = await CliRunner.RunAsync([.. command, "--help"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Output);
        Assert.Contains("--help", result.Output);
    }

    [Fact]
    public async Task An_unknown_command_is_one_error_line_and_exit_code_2()
    {
        var result = await CliRunner.RunAsync("frobnicate");
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains("frobnicate", line);
    }

    [Fact]
    public async Task A_missing_file_is_one_error_line_and_exit_code_1()
    {
        var result = await CliRunner.RunAsync("inspect", "/nonexistent/x.parquet");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: /nonexistent/x.parquet does not exist", result.Error.Trim());
    }
}
