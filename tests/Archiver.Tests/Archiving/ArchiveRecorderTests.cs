using Archiver.Cli.Archiving;
using Archiver.Cli.Journal;
using Archiver.Feeds.Model;

namespace Archiver.Tests.Archiving;

public sealed class ArchiveRecorderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("archive-recorder-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Trade TradeOf(string symbol, long id)
    {
        TradeId.TryCreate(System.Text.Encoding.ASCII.GetBytes(id.ToString(System.Globalization.CultureInfo.InvariantCulture)), out var tradeId);
        var now = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
        return new Trade { Exchange = ExchangeId.Binance, Symbol = symbol, ExchangeTimeMicros = now, ReceiveTimeMicros = now, Price = 1, Size = 1, Side = TakerSide.Buy, Id = tradeId };
    }

    [Fact]
    public async Task A_journal_that_cannot_be_written_stops_recording_with_one_clear_failure_and_keeps_what_was_durable()
    {
        var options = new ArchiveOptions { ArchiveRoot = Path.Combine(_dir, "archives"), JournalDirectory = Path.Combine(_dir, "journal") };
        var failures = new List<Exception>();
        await using var recorder = new ArchiveRecorder(options, onFatal: failures.Add);
        for (var i = 1; i <= 3; i++) recorder.OnTrade(TradeOf("BTCUSDT", i));
        await recorder.FlushAsync(CancellationToken.None);

        // Where ETHUSDT's segments would go, a file is in the way (as unwritable as a full disk, even for root).
        File.WriteAllText(Path.Combine(options.JournalDirectory, "binance", "trades", "ETHUSDT"), "in the way");
        recorder.OnTrade(TradeOf("ETHUSDT", 1));   // must not throw into the feed
        recorder.OnTrade(TradeOf("ETHUSDT", 2));

        var failure = Assert.Single(failures);
        Assert.IsType<IOException>(failure);
        Assert.Contains("the journal cannot be written", failure.Message);
        Assert.Contains("records can no longer be made durable", failure.Message);
        Assert.Same(failure, recorder.Fatal);

        var segment = Directory.GetFiles(Path.Combine(options.JournalDirectory, "binance", "trades", "BTCUSDT"), "*.jnl").Single();
        var sink = new CountingSink();
        Assert.Equal(3, JournalSegmentReader.Read(segment, sink).RecordsRead);
    }

    private sealed class CountingSink : Archiver.Feeds.IFeedSink
    {
        public void OnTrade(in Trade trade)
        {
        }

        public void OnBook(BookSnapshot book)
        {
        }

        public void OnEvent(FeedEvent feedEvent)
        {
        }
    }
}
