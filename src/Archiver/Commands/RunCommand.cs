using System.CommandLine;
using Archiver.Cli.Archiving;
using Archiver.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Archiver.Cli.Commands;

/// <summary>
/// <c>archiver run [--config appsettings.json] [--simulate]</c>: archives the configured exchanges until SIGINT/SIGTERM
/// (exit 0 after the feeds stopped and the recorder flushed). A configuration problem or a failed start-up is one line
/// on standard error and exit 1.
/// </summary>
internal static class RunCommand
{
    public const string DefaultConfigFile = "appsettings.json";

    /// <param name="output">Where the command prints its closing line (the run itself logs through Serilog).</param>
    /// <param name="error">Unused: failures are thrown as <see cref="CommandException"/> and printed by the CLI.</param>
    /// <param name="recorderFactory">Creates the recorder the feeds write to.</param>
    /// <param name="closerFactory">Creates the hour closer of the hour-close job.</param>
    public static Command Create(TextWriter output, TextWriter error, Func<IServiceProvider, IArchiveRecorder> recorderFactory, Func<IServiceProvider, IHourCloser> closerFactory)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(recorderFactory);
        ArgumentNullException.ThrowIfNull(closerFactory);
        var config = new Option<FileInfo?>("--config")
        {
            Description = $"The configuration file (default: {DefaultConfigFile} in the current directory, else the one next to the executable).",
        };
        var simulate = new Option<bool>("--simulate") { Description = "Run the exchange simulator in-process on 127.0.0.1 and archive it instead of the real exchanges." };
        var command = new Command("run", "Archive the configured exchanges' books and trades into hourly Parquet files until stopped (Ctrl+C, SIGTERM).")
        {
            config, simulate,
        };

        // A synchronous action on purpose: System.CommandLine handles SIGINT/SIGTERM only for asynchronous actions, and
        // then forces an exit code of 130/143 after two seconds. Here the host's console lifetime owns the signals and
        // stops gracefully (feeds stopped, recorder flushed), however long the flush takes, and the exit code is 0.
        command.SetAction(parse =>
        {
            var settings = new ArchiveRunSettings(ResolveConfigPath(parse.GetValue(config))) { Simulate = parse.GetValue(simulate) };
            return RunAsync(settings, output, recorderFactory, closerFactory).GetAwaiter().GetResult();
        });
        return command;
    }

    /// <summary>The configuration file to use: the given one (which must exist), else the default's fallbacks.</summary>
    internal static string ResolveConfigPath(FileInfo? given)
    {
        if (given is not null)
            return given.Exists ? given.FullName : throw new CommandException($"configuration file {given.FullName} does not exist");
        var inCurrent = Path.GetFullPath(DefaultConfigFile);
        if (File.Exists(inCurrent)) return inCurrent;
        var besideExecutable = Path.Combine(AppContext.BaseDirectory, DefaultConfigFile);
        if (File.Exists(besideExecutable)) return besideExecutable;
        throw new CommandException($"no configuration file: neither {inCurrent} nor {besideExecutable} exists (pass --config)");
    }

    private static async Task<int> RunAsync(ArchiveRunSettings settings, TextWriter output,
        Func<IServiceProvider, IArchiveRecorder> recorderFactory, Func<IServiceProvider, IHourCloser> closerFactory)
    {
        IHost host;
        try
        {
            host = ArchiverHost.Build(settings, recorderFactory, closerFactory);
        }
        catch (ArchiverConfigurationException e)
        {
            throw new CommandException("configuration: " + e.Message, e);
        }

        try
        {
            try
            {
                await host.StartAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                await StopQuietlyAsync(host).ConfigureAwait(false);
                throw new CommandException("start-up failed: " + OneLine(e.Message), e);
            }

            await host.WaitForShutdownAsync().ConfigureAwait(false);
            if (host.Services.GetRequiredService<ArchiverRunFailure>().Message is { } failure) throw new CommandException(failure);
            await output.WriteLineAsync("archiver: stopped; everything received was flushed").ConfigureAwait(false);
            return ArchiverCli.ExitOk;
        }
        finally
        {
            if (host is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            else host.Dispose();
        }
    }

    /// <summary>After a failed start, stops what did start (the flush included); the start-up error is what gets reported.</summary>
    private static async Task StopQuietlyAsync(IHost host)
    {
        try
        {
            using var timeout = new CancellationTokenSource(ArchiverHost.ShutdownTimeout);
            await host.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The start-up failure is reported; a second failure while stopping would only hide it.
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
