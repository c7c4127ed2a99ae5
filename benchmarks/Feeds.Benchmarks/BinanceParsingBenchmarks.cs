using System.Globalization;
using System.Text;
using Archiver.Feeds;
using Archiver.Feeds.Binance;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;
using BenchmarkDotNet.Attributes;

namespace Archiver.Feeds.Benchmarks;

/// <summary>
/// Parse + normalize Binance frames from memory into a no-op sink, one frame per operation (frames/s = 1e9 / ns per
/// op). Targets: ≥ 1,000,000 trade frames/s and ≥ 250,000 depth-20 frames/s on one core, 0 B per frame. Each invocation
/// uses a fresh handler (ids would otherwise be duplicates after the first pass), so the handler's construction is
/// amortized over <see cref="Frames"/> operations; the zero-allocation proof is the unit test
/// <c>BinanceAllocationTests</c>.
/// </summary>
[MemoryDiagnoser]
public class BinanceParsingBenchmarks
{
    private const int Frames = 20_000;

    private static readonly StreamKey[] Streams =
    [
        new(ExchangeId.Binance, "BTCUSDT", StreamKind.Book),
        new(ExchangeId.Binance, "BTCUSDT", StreamKind.Trades),
    ];

    private readonly NoOpSink _sink = new();
    private byte[][] _trades = [];
    private byte[][] _depths = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _trades = new byte[Frames][];
        _depths = new byte[Frames][];
        for (var i = 0; i < Frames; i++)
        {
            var time = 1_767_225_600_000L + i;
            var price = (97_000m + (random.Next(0, 2_000) / 10m)).ToString("0.00", CultureInfo.InvariantCulture);
            var size = (random.Next(1, 50_000) / 1000m).ToString("0.000", CultureInfo.InvariantCulture);
            _trades[i] = Encoding.UTF8.GetBytes(
                $"{{\"stream\":\"btcusdt@trade\",\"data\":{{\"e\":\"trade\",\"E\":{time},\"T\":{time - 1},\"s\":\"BTCUSDT\",\"t\":{6_000_000_000L + i},\"p\":\"{price}\",\"q\":\"{size}\",\"X\":\"MARKET\",\"m\":{(random.Next(2) == 0 ? "true" : "false")}}}}}");

            var book = new StringBuilder();
            book.Append(CultureInfo.InvariantCulture, $"{{\"stream\":\"btcusdt@depth20@100ms\",\"data\":{{\"e\":\"depthUpdate\",\"E\":{time},\"T\":{time - 2},\"s\":\"BTCUSDT\",\"U\":{9_000_000_000L + (3L * i) - 2},\"u\":{9_000_000_000L + (3L * i)},\"pu\":{9_000_000_000L + (3L * i) - 3},\"b\":[");
            Levels(book, 97_000.10m, -0.1m, random);
            book.Append("],\"a\":[");
            Levels(book, 97_000.20m, 0.1m, random);
            book.Append("]}}");
            _depths[i] = Encoding.UTF8.GetBytes(book.ToString());
        }
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public long TradeFrames()
    {
        var handler = new BinanceFrameHandler(Streams, 20, _sink, IFeedControl.None, TimeProvider.System);
        foreach (var frame in _trades) handler.OnFrame(frame, 1_767_225_600_000_000);
        return handler.MalformedFrames + _sink.Trades;
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public long Depth20Frames()
    {
        var handler = new BinanceFrameHandler(Streams, 20, _sink, IFeedControl.None, TimeProvider.System);
        foreach (var frame in _depths) handler.OnFrame(frame, 1_767_225_600_000_000);
        return handler.MalformedFrames + _sink.Books;
    }

    private static void Levels(StringBuilder book, decimal best, decimal step, Random random)
    {
        for (var level = 0; level < 20; level++)
        {
            if (level > 0) book.Append(',');
            var price = (best + (step * level)).ToString("0.00", CultureInfo.InvariantCulture);
            var size = (random.Next(1, 50_000) / 1000m).ToString("0.000", CultureInfo.InvariantCulture);
            book.Append("[\"").Append(price).Append("\",\"").Append(size).Append("\"]");
        }
    }

    private sealed class NoOpSink : IFeedSink
    {
        public long Books { get; private set; }

        public long Trades { get; private set; }

        public void OnBook(BookSnapshot book) => Books++;

        public void OnTrade(in Trade trade) => Trades++;

        public void OnEvent(FeedEvent feedEvent) => throw new InvalidOperationException($"Benchmark frames must not raise events: {feedEvent}");
    }
}
