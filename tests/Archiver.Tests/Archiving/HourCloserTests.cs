using Archiver.Cli.Archiving;
using Archiver.Feeds.Model;
using Archiver.Store.Parquet;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archiver.Tests.Archiving;

/// <summary>Hour rollover on a controllable clock: when an hour closes, what lands where, and late records.</summary>
public sealed class HourCloserTests : IDisposable
{
    private static readonly DateTimeOffset Hour18 = new(2025, 1, 1, 18, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("hour-closer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Archive and journal under the test directory, a 10 s close grace, 50 ms group commit.</summary>
    private ArchiveOptions Options() => new()
    {
        ArchiveRoot = Path.Combine(_dir, "archives"), JournalDirectory = Path.Combine(_dir, "journal"),
        CloseGrace = TimeSpan.FromSeconds(10), CommitInterval = TimeSpan.FromMilliseconds(50),
    };

    private static long Micros(DateTimeOffset t) => (t.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;

    private static Trade TradeAt(DateTimeOffset received, long id)
    {
        TradeId.TryCreate(System.Text.Encoding.ASCII.GetBytes(id.ToString(System.Globalization.CultureInfo.InvariantCulture)), out var tradeId);
        return new Trade
        {
            Exchange = ExchangeId.Bybit, Symbol = "ETHUSDT", ExchangeTimeMicros = Micros(received) - 300, ReceiveTimeMicros = Micros(received),
            Price = 3_500 + id, Size = 1, Side = TakerSide.Buy, Id = tradeId,
        };
    }

    private string TradesFile(string ddhh) => Path.Combine(_dir, "archives", "bybit", "perp", "trades", "2025", "01", $"ETHUSDT_{ddhh}.parquet");

    private static string[] Ids(string file)
    {
        using var reader = ParquetFileReader.Open(file);
        var ids = reader.ReadAll(["trade_id"]).GetBinary("trade_id");
        return Enumerable.Range(0, ids.Count).Select(i => ids.GetString(i)!).ToArray();
    }

    [Fact]
    public async Task An_hour_is_written_only_after_its_grace_period_and_a_late_record_is_merged_into_it_once()
    {
        var clock = new ManualClock(Hour18.AddMinutes(30));
        var options = Options();
        await using var recorder = new ArchiveRecorder(options, clock);
        var closer = new HourCloser(options, recorder.Journal, clock, NullLogger.Instance);
        recorder.OnTrade(TradeAt(Hour18.AddMinutes(1), 1));
        recorder.OnTrade(TradeAt(Hour18.AddMinutes(59).AddSeconds(59.9), 2));
        recorder.OnTrade(TradeAt(Hour18.AddHours(1).AddSeconds(1), 3)); // the next hour
        await recorder.FlushAsync(CancellationToken.None);

        clock.Now = Hour18.AddHours(1).AddSeconds(9); // within the grace period: nothing closes yet
        Assert.Empty(await closer.CloseDueHoursAsync(CancellationToken.None));

        clock.Now = Hour18.AddHours(1).AddSeconds(11);
        var written = await closer.CloseDueHoursAsync(CancellationToken.None);
        Assert.Equal([TradesFile("0118")], written);
        Assert.Equal(["1", "2"], Ids(TradesFile("0118")));
        Assert.False(File.Exists(TradesFile("0119")));

        // A record for 18:00 arriving after the hour was closed (a clock step back, a replay) joins that hour's file.
        recorder.OnTrade(TradeAt(Hour18.AddMinutes(30), 4));
        await recorder.FlushAsync(CancellationToken.None);
        Assert.Equal([TradesFile("0118")], await closer.CloseDueHoursAsync(CancellationToken.None));
        Assert.Equal(["1", "4", "2"], Ids(TradesFile("0118")));
        Assert.Empty(await closer.CloseDueHoursAsync(CancellationToken.None)); // nothing left to do, nothing duplicated

        clock.Now = Hour18.AddHours(2).AddSeconds(11);
        await closer.CloseDueHoursAsync(CancellationToken.None);
        Assert.Equal(["3"], Ids(TradesFile("0119")));
        Assert.Empty(Directory.GetFiles(options.JournalDirectory, "*.jnl", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Late_records_for_an_hour_that_backup_retention_deleted_stay_in_the_journal_until_the_hour_is_restored()
    {
        var clock = new ManualClock(Hour18.AddMinutes(30));
        var options = Options();
        await using var recorder = new ArchiveRecorder(options, clock);
        var closer = new HourCloser(options, recorder.Journal, clock, NullLogger.Instance);
        recorder.OnTrade(TradeAt(Hour18.AddMinutes(1), 1));
        await recorder.FlushAsync(CancellationToken.None);
        clock.Now = Hour18.AddHours(1).AddSeconds(11);
        Assert.Equal([TradesFile("0118")], await closer.CloseDueHoursAsync(CancellationToken.None));
        var complete = await File.ReadAllBytesAsync(TradesFile("0118"));

        // Retention: the bucket holds the hour, the local file goes, the marker stays.
        await File.WriteAllBytesAsync(Archiver.Store.Archive.ArchivePaths.RetiredMarkerFor(TradesFile("0118")), []);
        File.Delete(TradesFile("0118"));

        recorder.OnTrade(TradeAt(Hour18.AddMinutes(30), 2)); // a late record for the retired hour
        await recorder.FlushAsync(CancellationToken.None);
        Assert.Empty(await closer.CloseDueHoursAsync(CancellationToken.None));
        Assert.False(File.Exists(TradesFile("0118")), "no file of the late rows alone, which a backup would upload over the complete copy");
        Assert.NotEmpty(Directory.GetFiles(options.JournalDirectory, "*.jnl", SearchOption.AllDirectories));

        // Restore puts the complete file back and removes the marker: the late record joins it.
        await File.WriteAllBytesAsync(TradesFile("0118"), complete);
        File.Delete(Archiver.Store.Archive.ArchivePaths.RetiredMarkerFor(TradesFile("0118")));
        Assert.Equal([TradesFile("0118")], await closer.CloseDueHoursAsync(CancellationToken.None));
        Assert.Equal(["1", "2"], Ids(TradesFile("0118")));
        Assert.Empty(Directory.GetFiles(options.JournalDirectory, "*.jnl", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_torn_journal_tail_loses_only_the_torn_record()
    {
        var clock = new ManualClock(Hour18.AddMinutes(5));
        var options = new ArchiveOptions { ArchiveRoot = Path.Combine(_dir, "archives"), JournalDirectory = Path.Combine(_dir, "journal") };
        await using (var recorder = new ArchiveRecorder(options, clock))
        {
            for (var i = 1; i <= 5; i++) recorder.OnTrade(TradeAt(Hour18.AddMinutes(i), i));
            await recorder.FlushAsync(CancellationToken.None);
        }

        var segment = Directory.GetFiles(options.JournalDirectory, "*.jnl", SearchOption.AllDirectories).Single();
        await using (var stream = new FileStream(segment, FileMode.Open))
        {
            stream.SetLength(stream.Length - 7); // a crash in the middle of the last record
        }

        clock.Now = Hour18.AddHours(2);
        await using var restarted = new ArchiveRecorder(options, clock);
        await new HourCloser(options, restarted.Journal, clock, NullLogger.Instance).CloseDueHoursAsync(CancellationToken.None);
        Assert.Equal(["1", "2", "3", "4"], Ids(TradesFile("0118")));
    }
}
