using System.IO.Compression;
using System.Text;
using Archiver.Feeds.Capture;
using Archiver.Feeds.Replay;

namespace Archiver.Feeds.Tests.Capture;

public sealed class CaptureReplayTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("feeds-capture-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Captured_frames_and_connection_events_replay_byte_for_byte_with_their_receive_times()
    {
        var path = Path.Combine(_dir, "binance.jsonl.gz");
        var inner = new RecordingFrameHandler();
        using (var capture = new RawCaptureWriter(path))
        {
            var handler = new CapturingFrameHandler(inner, capture);
            handler.OnConnected(1_000, isReconnect: false);
            handler.OnFrame("{\"stream\":\"btcusdt@trade\",\"data\":{\"t\":1}}"u8, 1_100);
            handler.OnFrame("{\"stream\":\"btcusdt@tra"u8, 1_200);                 // truncated: kept as a string
            handler.OnFrame("Websocket connection established."u8, 1_300);        // not JSON
            handler.OnFrame("{\"a\":\"line\nbreak\"}"u8, 1_400);                     // a raw newline inside
            handler.OnDisconnected(2_000);
            handler.OnConnected(5_000, isReconnect: true);
            handler.OnFrame("[1,2,{\"x\":\"\\u00e9\"}]"u8, 5_100);
        }

        var replayed = new RecordingFrameHandler();
        using (var reader = CapturedFrameReader.Open(path))
        {
            var summary = FrameReplayer.Run(reader, replayed);
            Assert.Equal(5, summary.Frames);
            Assert.Equal(3, summary.ConnectionEvents);
            Assert.Equal(0, summary.BareFrames);
        }

        Assert.Equal(inner.Calls, replayed.Calls);
        Assert.Equal("frame 1200 {\"stream\":\"btcusdt@tra", replayed.Calls[2]);
        Assert.Equal("frame 1400 {\"a\":\"line\nbreak\"}", replayed.Calls[4]);
    }

    [Fact]
    public void Bare_frames_replay_with_an_unknown_receive_time_and_blank_lines_and_crlf_are_ignored()
    {
        var path = Path.Combine(_dir, "bare.jsonl");
        File.WriteAllText(path, "{\"e\":\"trade\",\"t\":1}\r\n\r\n{\"e\":\"trade\",\"t\":2}\n   \n{\"e\":\"trade\",\"t\":3}");

        var replayed = new RecordingFrameHandler();
        using (var reader = CapturedFrameReader.Open(path))
        {
            var summary = FrameReplayer.Run(reader, replayed);
            Assert.Equal(3, summary.BareFrames);
        }

        Assert.Equal(["frame -1 {\"e\":\"trade\",\"t\":1}", "frame -1 {\"e\":\"trade\",\"t\":2}", "frame -1 {\"e\":\"trade\",\"t\":3}"], replayed.Calls);
    }

    [Fact]
    public void A_broken_wrapped_line_is_handed_on_as_a_bare_frame_and_later_lines_still_replay()
    {
        var path = Path.Combine(_dir, "broken.jsonl.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes("{\"r\":12,\"f\":{\"x\":1\n{\"r\":13,\"f\":{\"x\":2}}\n"));
        }

        var replayed = new RecordingFrameHandler();
        using (var reader = CapturedFrameReader.Open(path)) FrameReplayer.Run(reader, replayed);

        Assert.Equal(["frame -1 {\"r\":12,\"f\":{\"x\":1", "frame 13 {\"x\":2}"], replayed.Calls);
    }

    [Fact]
    public void Symbols_are_discovered_from_each_exchange_format()
    {
        var binance = Path.Combine(_dir, "b.jsonl");
        File.WriteAllText(binance, "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"BTCUSDT\"}}\n{\"result\":null,\"id\":1}\n{\"data\":{\"s\":\"ETHUSDT\"}}\n");
        var bybit = Path.Combine(_dir, "y.jsonl");
        File.WriteAllText(bybit, "{\"topic\":\"orderbook.50.SOLUSDT\",\"data\":{\"s\":\"SOLUSDT\"}}\n{\"topic\":\"publicTrade.BTCUSDT\"}\n");
        var hl = Path.Combine(_dir, "h.jsonl");
        File.WriteAllText(hl, "Websocket connection established.\n{\"channel\":\"l2Book\",\"data\":{\"coin\":\"kPEPE\"}}\n{\"channel\":\"trades\",\"data\":[{\"coin\":\"BTC\"}]}\n");

        Assert.Equal(["BTCUSDT", "ETHUSDT"], SymbolProbe.Discover(binance, Archiver.Feeds.Model.ExchangeId.Binance));
        Assert.Equal(["BTCUSDT", "SOLUSDT"], SymbolProbe.Discover(bybit, Archiver.Feeds.Model.ExchangeId.Bybit));
        Assert.Equal(["BTC", "kPEPE"], SymbolProbe.Discover(hl, Archiver.Feeds.Model.ExchangeId.Hyperliquid));
    }

    [Fact]
    public void An_hourly_capture_starts_a_new_file_when_the_receive_time_crosses_the_hour()
    {
        const long Hour18 = 1_735_754_400_000_000L; // 2025-01-01T18:00:00Z
        using (var capture = new HourlyRawCapture(_dir, Archiver.Feeds.Model.ExchangeId.Bybit))
        {
            capture.WriteEvent(CapturedLineKind.Connected, Hour18 - 2_000_000);
            capture.WriteFrame("{\"a\":1}"u8, Hour18 - 1);
            capture.WriteFrame("{\"a\":2}"u8, Hour18);
        }

        var first = Path.Combine(_dir, "bybit", "2025", "01", "0117.jsonl.gz");
        var second = Path.Combine(_dir, "bybit", "2025", "01", "0118.jsonl.gz");
        Assert.Equal([first, second], Directory.GetFiles(_dir, "*.gz", SearchOption.AllDirectories).Order().ToArray());
        var replayed = new RecordingFrameHandler();
        foreach (var file in new[] { first, second })
        {
            using var reader = CapturedFrameReader.Open(file);
            FrameReplayer.Run(reader, replayed);
        }

        Assert.Equal([$"connected {Hour18 - 2_000_000} False", $"frame {Hour18 - 1} {{\"a\":1}}", $"frame {Hour18} {{\"a\":2}}"], replayed.Calls);
    }
}
