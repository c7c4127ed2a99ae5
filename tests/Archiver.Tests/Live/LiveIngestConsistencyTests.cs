using Archiver.Cli.Archiving;
using Archiver.Cli.Live;
using Archiver.Feeds;
using Archiver.Feeds.Model;
using Archiver.Store.Archive;
using Archiver.Store.Buckets;
using Archiver.Store.Ingest;
using Archiver.Store.Tests.Ingest;
using Microsoft.Extensions.Logging.Abstractions;
using static Archiver.Tests.Live.LiveFeed;

namespace Archiver.Tests.Live;

/// <summary>
/// The two writers of the store agree: what the live writer stores from a stream of trades is exactly what ingesting
/// the hourly archive files of the same trades stores, and ingesting a closed hour over the live rows changes nothing.
/// </summary>
public sealed class LiveIngestConsistencyTests : IDisposable
{
    private const long HourMicros = 3_600_000_000L;
    private static readonly ArchiveFileKey Key = new("binance", "BTCUSDT", ArchiveKind.Trades);
    private static readonly BucketKey Ticks = IngestKeys.Ticks("BINANCE_BTCUSDT");
    private static readonly BucketKey Bars = IngestKeys.Bars("BINANCE_BTCUSDT");

    private readonly string _root = Directory.CreateTempSubdirectory("archiver-live-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>
    /// Trades received around both ends of the hour 18:00–19:00 (so minutes 17:59 and 18:59 hold trades of two files),
    /// matched up to 3 s before they arrive (late trades crossing minutes), many sharing an exchange time, and some
    /// delivered twice (in the same hour and across the hour boundary), in arrival order.
    /// </summary>
    private static List<Trade> Stream()
    {
        var random = new Random(11);
        var trades = new List<Trade>();
        var receive = Hour - 20_000_000;
        long id = 1;
        foreach (var start in new[] { Hour - 20_000_000, Hour + HourMicros - 20_000_000 })
        {
            receive = start;
            for (var i = 0; i < 600; i++)
            {
                receive += random.Next(1, 70_000);
                var exchange = receive - random.Next(0, 3_000_000);
                exchange -= exchange % 10_000; // 10 ms grid: many equal exchange times
                var side = (TakerSide)random.Next(0, 3);
                trades.Add(Trade(exchange, 100 + random.Next(0, 400) * 0.25, random.Next(1, 1000) * 0.001, id++, side, receiveMicros: receive));
                if (random.Next(0, 40) == 0)
                {
                    var again = trades[^random.Next(1, Math.Min(trades.Count, 20) + 1)];
                    again.ReceiveTimeMicros = ++receive;
                    trades.Add(again);
                }
            }
        }

        return trades;
    }

    [Fact]
    public void Ingesting_the_hours_of_the_same_trades_leaves_exactly_the_ticks_and_bars_the_live_writer_stored()
    {
        var trades = Stream();
        Assert.Contains(trades, t => ArchiveHour.FromMicros(t.ReceiveTimeMicros) != ArchiveHour.FromMicros(t.ExchangeTimeMicros));

        using var live = new InMemoryBucketStore();
        var writer = new LiveStoreWriter(new LiveStoreOptions(), NullLogger.Instance);
        writer.Attach(live);
        for (var i = 0; i < trades.Count; i++)
        {
            writer.OnTrade(trades[i]);
            if (i % 37 == 36) writer.Flush();
        }

        writer.Flush();
        Assert.True(writer.Duplicates > 0, "some trades were delivered twice");
        var liveTicks = Fingerprint(ReadAll(live, Ticks));
        var liveBars = Fingerprint(ReadAll(live, Bars));
        Assert.Equal(BarsFromTicks(ReadAll(live, Ticks)), LiveFeed.Bars(ReadAll(live, Bars)));

        // The archive files of the same trades: one per receive hour, as the hour close writes them.
        var archiveRoot = Path.Combine(_root, "archives");
        foreach (var hour in trades.GroupBy(t => ArchiveHour.FromMicros(t.ReceiveTimeMicros)))
        {
            var rows = hour.ToArray();
            ArchiveFileWriter.Write(archiveRoot, Key, hour.Key, [new("journal", "segment-1")], (_, sink) => Replay(rows, sink));
        }

        // A closed hour ingested over the live rows (its neighbours still live) changes nothing, nor do the others.
        var middle = ArchiveHour.FromMicros(Hour);
        var ingestLive = new ArchiveIngestor(live, IngestLedger.Load(Path.Combine(_root, "live-ledger.json")));
        var summary = ingestLive.Run(archiveRoot, new ArchiveIngestFilter { Start = middle, End = middle });
        Assert.Equal(1, summary.FilesIngested);
        Assert.Equal(liveTicks, Fingerprint(ReadAll(live, Ticks)));
        Assert.Equal(liveBars, Fingerprint(ReadAll(live, Bars)));
        Assert.Equal(2, ingestLive.Run(archiveRoot, ArchiveIngestFilter.All).FilesIngested);
        Assert.Equal(liveTicks, Fingerprint(ReadAll(live, Ticks)));
        Assert.Equal(liveBars, Fingerprint(ReadAll(live, Bars)));

        // And a store built by ingest alone holds the same.
        using var ingested = new InMemoryBucketStore();
        var fresh = new ArchiveIngestor(ingested, IngestLedger.Load(Path.Combine(_root, "fresh-ledger.json")));
        Assert.Equal(3, fresh.Run(archiveRoot, ArchiveIngestFilter.All).FilesIngested);
        Assert.Equal(liveTicks, Fingerprint(ReadAll(ingested, Ticks)));
        Assert.Equal(liveBars, Fingerprint(ReadAll(ingested, Bars)));
    }

    private static void Replay(Trade[] rows, IFeedSink sink)
    {
        foreach (var t in rows) sink.OnTrade(t);
    }
}
