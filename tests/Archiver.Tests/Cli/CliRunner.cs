using Archiver.Cli;

namespace Archiver.Tests.Cli;

/// <summary>Runs the command line in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ArchiverCli.RunAsync(args, output, error);
        return new Result(code, output.ToString(), error.ToString());
    }
}
