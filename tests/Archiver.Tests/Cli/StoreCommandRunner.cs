using System.CommandLine;
using Archiver.Cli;

namespace Archiver.Tests.Cli;

/// <summary>Runs one store command (ingest, query) through a root command of its own, reporting errors as ArchiverCli does.</summary>
internal static class StoreCommandRunner
{
    public static async Task<CliRunner.Result> RunAsync(Func<TextWriter, TextWriter, Command> create, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = new RootCommand("test") { create(output, error) };
        var parse = root.Parse(args);
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
            catch (CommandException e)
            {
                await error.WriteLineAsync("error: " + e.Message);
                code = ArchiverCli.ExitFailed;
            }
        }

        return new CliRunner.Result(code, output.ToString(), error.ToString());
    }
}
