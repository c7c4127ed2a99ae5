using Archiver.Cli.Archiving;
using Archiver.Feeds.Model;
using Archiver.Feeds.Simulator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Archiver.Cli.Hosting;

/// <summary>
/// <c>--simulate</c>: starts <see cref="ExchangeSimulator"/> on 127.0.0.1 (a free port) with the configured symbols of
/// each exchange and overrides every feed's endpoint with the simulator's. Registered before the feeds, so it starts
/// before them and stops after them.
/// </summary>
internal sealed class SimulatorHostedService(ArchiveOptions options, FeedEndpoints endpoints, TimeProvider time, ILogger<SimulatorHostedService> logger)
    : IHostedService, IAsyncDisposable
{
    private ExchangeSimulator? _simulator;

    /// <summary>The running simulator (tests inject faults through it).</summary>
    public ExchangeSimulator? Simulator => _simulator;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var simulatorOptions = new SimulatorOptions { Port = 0, TimeProvider = time };
        foreach (var id in Enum.GetValues<ExchangeId>()) simulatorOptions.For(id).Symbols = [];
        var configured = new List<ExchangeId>();
        foreach (var exchange in options.Exchanges)
        {
            if (!ArchiveFeedOptions.TryParseExchange(exchange.Name, out var id)) continue;
            simulatorOptions.For(id).Symbols = [.. exchange.Symbols];
            configured.Add(id);
        }

        var simulator = new ExchangeSimulator();
        try
        {
            await simulator.StartAsync(simulatorOptions, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await simulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _simulator = simulator;
        foreach (var id in configured)
        {
            var endpoint = simulator.Endpoint(id);
            endpoints.Override(id, endpoint);
            ArchiverLog.SimulatorStarted(logger, id.ToString().ToLowerInvariant(), string.Join(",", simulatorOptions.For(id).Symbols), endpoint);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        var simulator = Interlocked.Exchange(ref _simulator, null);
        if (simulator is null) return;
        await simulator.DisposeAsync().ConfigureAwait(false);
        ArchiverLog.SimulatorStopped(logger);
    }
}
