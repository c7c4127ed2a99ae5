using Archiver.Cli.Archiving;
using Archiver.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Archiver.Tests.Hosting;

[Collection(HostingCollection.Name)]
public sealed class ArchiverHostTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly string[] Exchanges = ["binance", "bybit", "hyperliquid"];

    private readonly TestConfiguration _config = new();
    private readonly FakeArchiveRecorder _recorder = new();
    private readonly FakeHourCloser _closer = new();
    private readonly LogCapture _logs = new();

    public void Dispose() => _config.Dispose();

    [Fact]
    public async Task A_simulated_run_records_every_exchange_counts_and_logs_statistics_and_flushes_once_after_the_feeds_stop()
    {
        var host = Build(simulate: true);
        try
        {
            await host.StartAsync().WaitAsync(Timeout);

            await _recorder.EveryExchangeRecorded.WaitAsync(Timeout);
            foreach (var exchange in Exchanges)
            {
                await _logs.WaitForAsync(e => e.EventId.Id == 1102 && Equals(e["Exchange"], exchange)).WaitAsync(Timeout);
                await _logs.WaitForAsync(e => e.EventId.Id == 1001 && Equals(e["Exchange"], exchange)).WaitAsync(Timeout);
                var line = await _logs.WaitForAsync(e => e.EventId.Id == 1301 && Equals(e["Exchange"], exchange)
                                                          && (double)e["TradesPerSecond"]! + (double)e["BooksPerSecond"]! > 0).WaitAsync(Timeout);
                Assert.True((long)line["Events"]! > 0, $"{exchange}: feed events are counted");
                Assert.True((long)line["PendingRecords"]! > 0, $"{exchange}: the recorder's queue depth is reported");
                Assert.Equal(LogLevel.Information, line.Level);
            }

            var statistics = host.Services.GetRequiredService<ArchiveStatistics>();
            Assert.Same(_recorder.Statistics, statistics);
            Assert.All(statistics.Exchanges, e => Assert.True(e.Value.Trades + e.Value.Books > 0));
            Assert.Equal(0, _recorder.Flushes);

            await host.StopAsync().WaitAsync(Timeout);

            Assert.Equal(1, _recorder.Flushes);
            Assert.Equal(0, _recorder.RecordsAfterFlush);
            Assert.Equal(["flush"], _recorder.Calls);
            var entries = _logs.Entries;
            var stopping = Assert.Single(entries, e => e.EventId.Id == 1103);
            var flushed = Assert.Single(entries, e => e.EventId.Id == 1105);
            var simulatorStopped = Assert.Single(entries, e => e.EventId.Id == 1106);
            Assert.True(stopping.Sequence < flushed.Sequence && flushed.Sequence < simulatorStopped.Sequence,
                "feeds stop, then the recorder flushes, then the simulator stops");
        }
        finally
        {
            await DisposeAsync(host);
        }

        Assert.Equal(["flush", "dispose"], _recorder.Calls);
        Assert.Equal(1, _recorder.Disposals);
    }

    [Fact]
    public async Task The_hour_close_job_runs_at_start_up_and_is_scheduled_hourly_at_close_grace_firing_now_after_a_misfire()
    {
        _config.Archiver["CloseGrace"] = "00:01:30";
        _config.UseUnreachableEndpoints();
        var host = Build(simulate: false);
        try
        {
            await host.StartAsync().WaitAsync(Timeout);

            await _closer.Called.WaitAsync(Timeout);
            var summary = await _logs.WaitForAsync(e => e.EventId.Id == 1201).WaitAsync(Timeout);
            Assert.Equal("start-up", summary["Firing"]);
            Assert.Equal(1, summary["Files"]);

            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(CancellationToken.None);
            var trigger = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(HourCloseSchedule.TriggerKey, CancellationToken.None));
            Assert.Equal("30 1 * * * ?", trigger.CronExpressionString);
            Assert.Equal(CronTriggerMisfireInstruction.FireAndProceed, trigger.MisfireInstruction);
            Assert.Equal(TimeZoneInfo.Utc.Id, trigger.TimeZone.Id);
            Assert.Equal(HourCloseSchedule.JobKey, trigger.JobKey);
            var now = DateTimeOffset.UtcNow;
            var next = trigger.GetFireTimeAfter(now) ?? throw new InvalidOperationException("the trigger never fires");
            Assert.Equal((1, 30, 0), (next.UtcDateTime.Minute, next.UtcDateTime.Second, next.UtcDateTime.Millisecond));
            Assert.InRange(next - now, TimeSpan.Zero, TimeSpan.FromHours(1));
            Assert.NotNull(Attribute.GetCustomAttribute(typeof(HourCloseJob), typeof(DisallowConcurrentExecutionAttribute)));
            Assert.Contains(_logs.Entries, e => e.EventId.Id == 1204 && Equals(e["Cron"], "30 1 * * * ?"));

            await host.StopAsync().WaitAsync(Timeout);
            Assert.Equal(1, _closer.Calls);
            Assert.Equal(1, _recorder.Flushes);
        }
        finally
        {
            await DisposeAsync(host);
        }
    }

    [Fact]
    public async Task Environment_variables_override_the_file_with_double_underscores_in_any_case()
    {
        var fromEnvironment = Path.Combine(_config.Directory, "from-environment");
        var path = _config.Write();
        Environment.SetEnvironmentVariable("Archiver__ArchiveRoot", fromEnvironment);
        Environment.SetEnvironmentVariable("ARCHIVER__EXCHANGES__0__DEPTH", "10");
        IHost host;
        try
        {
            host = ArchiverHost.Build(new ArchiveRunSettings(path), _ => _recorder, _ => _closer);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Archiver__ArchiveRoot", null);
            Environment.SetEnvironmentVariable("ARCHIVER__EXCHANGES__0__DEPTH", null);
        }

        try
        {
            var options = host.Services.GetRequiredService<IOptions<ArchiveOptions>>().Value;
            Assert.Equal(fromEnvironment, options.ArchiveRoot);
            Assert.Equal(10, options.Exchanges[0].Depth);
            Assert.Equal(20, options.Exchanges[1].Depth);
            Assert.Equal(["l2book", "trades"], options.Exchanges[0].Kinds);
            Assert.True(Directory.Exists(fromEnvironment), "the overridden archive root was created and probed");
            // SIGINT/SIGTERM stop the host gracefully through the console lifetime.
            Assert.Equal("ConsoleLifetime", host.Services.GetRequiredService<IHostLifetime>().GetType().Name);
        }
        finally
        {
            await DisposeAsync(host);
        }
    }

    private IHost Build(bool simulate) =>
        ArchiverHost.Build(
            new ArchiveRunSettings(_config.Write()) { Simulate = simulate, ConfigureLogging = logging => logging.AddProvider(_logs) },
            _ => _recorder,
            _ => _closer);

    private static async Task DisposeAsync(IHost host)
    {
        if (host is IAsyncDisposable disposable) await disposable.DisposeAsync();
        else host.Dispose();
    }
}
