using System.CommandLine;
using Archiver.Cli.Archiving;
using Archiver.Cli.Commands;

namespace Archiver.Cli;

/// <summary>
/// The <c>archiver</c> command line: builds the command tree, runs the chosen command, and turns every failure into
/// one line on standard error and a non-zero exit code (1 for a failed command, 2 for a usage error).
/// </summary>
public static class ArchiverCli
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;

    /// <summary>Builds the root command with every subcommand.</summary>
    public static RootCommand BuildRootCommand(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Archiver: tick-data archival to hourly Parquet, backup/restore to S3, and a MarketStore-compatible store.")
        {
            InspectCommand.Create(output),
            ConvertCommand.Create(output, error),
            ReplayCommand.Create(output),
            LoadCommand.Create(output),
            SimulateCommand.Create(output),
            BackupCommand.Create(output, error),
            RestoreCommand.Create(output, error),
            RunCommand.Create(output, error, ServiceParts.CreateRecorder, ServiceParts.CreateHourCloser),
            IngestCommand.Create(output, error, o => StoreParts.OpenStore(o)),
            QueryCommand.Create(output, o => StoreParts.OpenStore(o), StoreParts.CreateQueryEngine),
            ServeCommand.Create(output, error, o =>
            {
                var store = StoreParts.OpenStore(o);
                return (store, StoreParts.CreateQueryEngine(store));
            }),
        };
        return root;
    }

    /// <summary>Runs the command line and returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = BuildRootCommand(output, error);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var command = parse.CommandResult.Command;
            var name = command == root ? "archiver" : $"archiver {command.Name}";
            // An unrecognized token says more than "required command was not provided", which comes with it.
            var first = parse.Errors.FirstOrDefault(e => e.Message.Contains("nrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            await error.WriteLineAsync($"error: {first.Message} (see '{name} --help')").ConfigureAwait(false);
            return ExitUsage;
        }

        try
        {
            var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("error: cancelled").ConfigureAwait(false);
            return ExitFailed;
        }
        catch (Exception e) when (e is CommandException or IOException or UnauthorizedAccessException or Store.Parquet.ParquetFormatException
                                      or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            await error.WriteLineAsync("error: " + OneLine(e.Message)).ConfigureAwait(false);
            return ExitFailed;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
