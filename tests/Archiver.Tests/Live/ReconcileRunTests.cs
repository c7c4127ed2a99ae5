using System.Text.Json.Nodes;
using Archiver.Cli.Archiving;
using Archiver.Cli.Hosting;
using Archiver.Feeds.Model;
using Archiver.Store.Archive;
using Archiver.Store.Buckets;
using Archiver.Store.Ingest;
using Archiver.Tests.EndToEnd;
using Archiver.Tests.Hosting;
using Microsoft.Extensions.Logging;
using static Archiver.Tests.Live.LiveFeed;

namespace Archiver.Tests.Live;

/// <summary><c>archiver run</c> with the store enabled: the host wires the hour-close job to the reconciler.</summary>
[Collection(HostingCollection.Name)]
public sealed class ReconcileRunTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // The service's clock: mid-hour, so 2025-03-20:11 is the last closed hour whatever the time of the test.
    private static readonly DateTimeOffset Now = new(2025, 3, 20, 12, 30, 0, TimeSpan.Zero);

    private readonly TestConfiguration _config = new();
    private readonly FakeArchiveRecorder _recorder = new();
    private readonly LogCapture _logs = new();

    public void Dispose() => _config.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_service_reconciles_the_files_of_its_hour_close_and_the_lookback_at_start_up_unless_reconciliation_is_off(bool reconcile)
    {
        var archive = _config.Archiver["ArchiveRoot"]!.GetValue<string>();
        var storeRoot = Path.Combine(_config.Directory, "store");
        var reported = Write(archive, "2025-03-18:10", 7); // older than the lookback: only the hour close's report brings it
        Write(archive, "2025-03-20:11", 9);                // within the lookback: the start-up reconciliation takes it
        _config.Archiver["Store"] = new JsonObject
        {
            ["Root"] = storeRoot,
            ["Server"] = new JsonObject { ["Enabled"] = true, ["Port"] = FreePort() },
            ["Live"] = new JsonObject { ["Reconcile"] = reconcile, ["ReconcileLookback"] = "1.00:00:00" },
        };
        _config.UseUnreachableEndpoints();
        var store = new FailableBucketStore();
        var host = ArchiverHost.Build(
            new ArchiveRunSettings(_config.Write())
            {
                TimeProvider = new ShiftedTimeProvider(Now - DateTimeOffset.UtcNow), ConfigureLogging = l => l.AddProvider(_logs), OpenStore = _ => store,
            },
            _ => _recorder,
            _ => new FakeHourCloser([reported]));
        try
        {
            await host.StartAsync().WaitAsync(Timeout);
            if (reconcile)
            {
                await _logs.WaitForAsync(e => e.EventId.Id == 1411 && (string?)e["Hour"] == "2025-03-18:10").WaitAsync(Timeout);
                await _logs.WaitForAsync(e => e.EventId.Id == 1411 && (string?)e["Hour"] == "2025-03-20:11").WaitAsync(Timeout);
            }
            else
            {
                await _logs.WaitForAsync(e => e.EventId.Id == 1201).WaitAsync(Timeout);
            }

            await host.StopAsync().WaitAsync(Timeout);
        }
        finally
        {
            if (host is IAsyncDisposable disposable) await disposable.DisposeAsync();
            else host.Dispose();
        }

        var ticks = store.Find(IngestKeys.Ticks("BINANCE_BTCUSDT")) is null ? 0 : store.Read(IngestKeys.Ticks("BINANCE_BTCUSDT"), ReadRequest.All).RowCount;
        if (reconcile)
        {
            Assert.Equal(16, ticks);
            Assert.Equal("hour close", Assert.Single(_logs.Entries, e => e.EventId.Id == 1411 && (string?)e["Hour"] == "2025-03-18:10")["Trigger"]);
            Assert.Equal("start-up", Assert.Single(_logs.Entries, e => e.EventId.Id == 1411 && (string?)e["Hour"] == "2025-03-20:11")["Trigger"]);
            Assert.Equal(2, IngestLedger.Load(IngestLedger.PathFor(storeRoot)).Count);
        }
        else
        {
            Assert.Equal(0, ticks);
            Assert.Equal(0, store.Inner.WriteCalls);
            Assert.False(File.Exists(IngestLedger.PathFor(storeRoot)));
            Assert.Single(_logs.Entries, e => e.EventId.Id == 1416);
            Assert.DoesNotContain(_logs.Entries, e => e.EventId.Id is 1410 or 1411);
        }
    }

    /// <summary>Writes a trades file of <paramref name="count"/> trades received in <paramref name="hour"/>; returns its path.</summary>
    private static string Write(string archive, string hour, int count)
    {
        var h = ArchiveHour.Parse(hour);
        var rows = Enumerable.Range(0, count).Select(i => Trade(h.StartMicros + (i * Minute), 100 + i, 1, i + 1)).ToArray();
        var key = new ArchiveFileKey("binance", "BTCUSDT", ArchiveKind.Trades);
        ArchiveFileWriter.Write(archive, key, h, [new("journal", "segment-1")], (_, sink) =>
        {
            foreach (var t in rows) sink.OnTrade(t);
        });
        return ArchivePaths.PathFor(archive, key, h);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
