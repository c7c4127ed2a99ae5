using System.Text.Json;
using Archiver.Cli.Archiving;
using Archiver.Cli.Journal;
using Archiver.Feeds.Model;
using Archiver.Feeds.Simulator;
using Archiver.Store.Parquet;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archiver.Tests.EndToEnd;

/// <summary>
/// The service as a child process against the simulator: killed with SIGKILL in the middle of an hour and restarted,
/// it still archives every trade the simulator sent up to about a second before the kill, each exactly once.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("archiver-crash-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string WriteConfig(Uri endpoint)
    {
        var config = new
        {
            Archiver = new
            {
                ArchiveRoot = Path.Combine(_dir, "archives"),
                JournalDirectory = Path.Combine(_dir, "journal"),
                CommitInterval = "00:00:00.100",
                StatisticsInterval = "00:00:05",
                Exchanges = new[]
                {
                    new { Name = "binance", Symbols = new[] { "BTCUSDT" }, Kinds = new[] { "trades", "l2book" }, Depth = 20, Endpoint = endpoint.ToString() },
                },
            },
            Serilog = new { MinimumLevel = "Information", WriteTo = new[] { new { Name = "Console" } } },
        };
        var path = Path.Combine(_dir, "appsettings.json");
        File.WriteAllText(path, JsonSerializer.Serialize(config));
        return path;
    }

    [Fact]
    public async Task After_a_sigkill_and_a_restart_every_trade_sent_until_a_second_before_the_kill_is_archived_exactly_once()
    {
        await using var simulator = new ExchangeSimulator();
        var market = new SimulatorOptions
        {
            Seed = 11,
            BinanceZeroPriceTradeProbability = 0,
            Binance = new SimulatedExchangeOptions { Symbols = ["BTCUSDT"], TradesPerSecond = 40, BurstsPerSecond = 0 },
            Bybit = new SimulatedExchangeOptions { Symbols = [] },
            Hyperliquid = new SimulatedExchangeOptions { Symbols = [] },
        };
        await simulator.StartAsync(market);
        var config = WriteConfig(simulator.BinanceEndpoint);
        var trades = new StreamKey(ExchangeId.Binance, "BTCUSDT", StreamKind.Trades);
        using var timeout = new CancellationTokenSource(Patience);

        // First life: subscribe, let trades flow, remember what was sent, kill -9 a second later.
        using (var first = ServiceProcess.Start(_dir, "run", "--config", config))
        {
            await simulator.WaitForSubscriptionAsync(trades, timeout.Token);
            await simulator.WaitForTradesAsync(ExchangeId.Binance, "BTCUSDT", simulator.TradeCount(ExchangeId.Binance, "BTCUSDT") + 20, timeout.Token);
            var firstRequired = simulator.SentTradeIds(ExchangeId.Binance, "BTCUSDT").Count;
            await simulator.WaitForTradesAsync(ExchangeId.Binance, "BTCUSDT", simulator.TradeCount(ExchangeId.Binance, "BTCUSDT") + 80, timeout.Token);
            var required = simulator.SentTradeIds(ExchangeId.Binance, "BTCUSDT").Skip(firstRequired).ToList();
            await simulator.WaitForTradesAsync(ExchangeId.Binance, "BTCUSDT", simulator.TradeCount(ExchangeId.Binance, "BTCUSDT") + 40, timeout.Token); // ~1 s
            first.KillHard();
            await first.WaitForExitAsync(Patience);

            // Second life: recovers the journal, keeps archiving; stopped politely.
            using var second = ServiceProcess.Start(_dir, "run", "--config", config);
            await simulator.WaitForConnectionCountAsync(ExchangeId.Binance, 1, timeout.Token);
            await simulator.WaitForTradesAsync(ExchangeId.Binance, "BTCUSDT", simulator.TradeCount(ExchangeId.Binance, "BTCUSDT") + 40, timeout.Token);
            var exit = await second.TerminateAsync(Patience);
            Assert.True(exit == 0, $"exit code {exit}; output:\n{second.Output}");

            // Close every hour (the open one included) with the service's own closer, on a clock two hours ahead.
            var options = new ArchiveOptions { ArchiveRoot = Path.Combine(_dir, "archives"), JournalDirectory = Path.Combine(_dir, "journal") };
            var journal = new JournalStore(options.JournalDirectory);
            var closer = new HourCloser(options, journal, new ShiftedTimeProvider(TimeSpan.FromHours(2)), NullLogger.Instance);
            await closer.CloseDueHoursAsync(timeout.Token);

            var archived = new List<string>();
            var files = Directory.GetFiles(Path.Combine(_dir, "archives", "binance", "perp", "trades"), "BTCUSDT_*.parquet", SearchOption.AllDirectories);
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                // The file's name is the hour of its receive times.
                using var reader = ParquetFileReader.Open(file);
                var data = reader.ReadAll(["ts", "trade_id"]);
                var ids = data.GetBinary("trade_id");
                var hour = Archiver.Store.Archive.ArchiveHour.FromMicros(data.Get<long>("ts").Values[0]);
                Assert.EndsWith($"BTCUSDT_{hour.Start:ddHH}.parquet", file);
                Assert.All(data.Get<long>("ts").Span.ToArray(), ts => Assert.InRange(ts, hour.StartMicros, hour.EndMicros - 1));
                var ours = Enumerable.Range(0, ids.Count).Select(i => ids.GetString(i)!).ToList();
                archived.AddRange(ours);

                // DuckDB reads the same rows from the service's file.
                Assert.Equal(ours.Cast<string?>().ToList(), await DuckDbReader.ReadColumnAsync(file, "trade_id"));
            }

            Assert.Equal(archived.Count, archived.Distinct().Count());
            var missing = required.Except(archived).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} of {required.Count} trades sent before the kill are missing, e.g. {string.Join(",", missing.Take(5))}; first run output:\n{first.Output}");
            Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "journal"), "*.jnl", SearchOption.AllDirectories));
        }
    }
}
