using System.CommandLine;
using System.Runtime.InteropServices;
using Archiver.Store;
using Archiver.Store.Buckets;
using Archiver.Store.Query;
using Archiver.Store.Server;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace Archiver.Cli.Commands;

/// <summary>
/// <c>archiver serve --store DIR [--port 5993] [--bind 127.0.0.1] [--token T] [--insecure]</c>: serves the store to
/// pymarketstore and notebooks (MessagePack-RPC on <c>/rpc</c>, streaming on <c>/ws</c>) until SIGINT/SIGTERM, then
/// drains in-flight requests and exits 0. Binding beyond loopback needs a token (<c>--token</c> or the
/// <c>ARCHIVER_SERVE_TOKEN</c> environment variable, which keeps it out of the process list) or <c>--insecure</c>.
/// </summary>
internal static class ServeCommand
{
    public const string TokenEnvironmentVariable = "ARCHIVER_SERVE_TOKEN";

    /// <param name="output">Where the command prints its closing line (the server logs through Serilog to the console).</param>
    /// <param name="error">Unused: failures are thrown as <see cref="CommandException"/> and printed by the CLI.</param>
    /// <param name="open">Opens the store and its query engine (<c>BucketStore.Open</c> and <c>new QueryEngine(store, TimeProvider.System)</c>).</param>
    public static Command Create(TextWriter output, TextWriter error, Func<StoreOptions, (IBucketStore Store, IQueryEngine Queries)> open)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(open);
        var storeOptions = new StoreCommandOptions();
        var port = new Option<int?>("--port") { Description = "TCP port (default Archiver:Store:Server:Port, 5993; 0 picks a free one)." };
        var bind = new Option<string?>("--bind") { Description = "Address to listen on (default Archiver:Store:Server:Bind, 127.0.0.1)." };
        var token = new Option<string?>("--token") { Description = $"Access token clients must send (bearer or basic-auth password); default ${TokenEnvironmentVariable}, then Archiver:Store:Server:AccessToken." };
        var insecure = new Option<bool>("--insecure") { Description = "Allow a non-loopback bind without a token." };
        var command = new Command("serve", "Serve the store over MarketStore's protocol (pymarketstore works unchanged) until stopped (Ctrl+C, SIGTERM). Writes go through the on-disk aggregations of Archiver:Store:Aggregations.")
        {
            port, bind, token, insecure,
        };
        storeOptions.AddTo(command);

        // Synchronous on purpose, like 'run': the command owns SIGINT/SIGTERM and stops gracefully with exit code 0.
        command.SetAction(parse =>
        {
            var (options, _) = storeOptions.Resolve(parse);
            if (!Directory.Exists(options.Root)) throw new CommandException($"store directory {options.Root} does not exist (create it, or ingest archives into it with `archiver ingest`)");
            var configured = options.Server;
            options.Server = new StoreServerOptions
            {
                Enabled = true,
                Port = parse.GetValue(port) ?? configured.Port,
                Bind = parse.GetValue(bind) ?? configured.Bind,
                AccessToken = parse.GetValue(token) ?? NullIfEmpty(Environment.GetEnvironmentVariable(TokenEnvironmentVariable)) ?? configured.AccessToken,
                Insecure = parse.GetValue(insecure) || configured.Insecure,
                MaxRequestBytes = configured.MaxRequestBytes,
            };
            if (options.Server.Port is < 0 or > 65535) throw new CommandException($"--port must be between 0 and 65535, was {options.Server.Port}");
            return ServeAsync(options, open, output).GetAwaiter().GetResult();
        });
        return command;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static async Task<int> ServeAsync(StoreOptions options, Func<StoreOptions, (IBucketStore Store, IQueryEngine Queries)> open, TextWriter output)
    {
        var serilog = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .WriteTo.Console(outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}{Exception}")
            .CreateLogger();
        using var loggers = new SerilogLoggerFactory(serilog, dispose: true);
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        IBucketStore? bucketStore = null;
        try
        {
            var (opened, queries) = open(options);
            bucketStore = opened;
            MarketStoreServer server;
            try
            {
                server = new MarketStoreServer(bucketStore, queries, options.Server, loggers);
            }
            catch (InvalidOperationException e)
            {
                throw new CommandException(e.Message, e);
            }

            await using (server.ConfigureAwait(false))
            {
                try
                {
                    await server.StartAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    throw new CommandException($"cannot listen on {options.Server.Bind}:{options.Server.Port}: {e.Message}", e);
                }

                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }

                await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (StoreException e)
        {
            throw new CommandException($"store {options.Root}: {e.Message}", e);
        }
        finally
        {
            bucketStore?.Dispose();
        }

        await output.WriteLineAsync("archiver serve: stopped").ConfigureAwait(false);
        return ArchiverCli.ExitOk;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
