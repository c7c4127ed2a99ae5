using System.Globalization;
using System.Text;
using Archiver.Feeds;
using Archiver.Feeds.Bybit;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;
using BenchmarkDotNet.Attributes;

namespace Archiver.Feeds.Benchmarks;

/// <summary>
/// Bybit <c>orderbook.50</c> deltas applied from memory: whole frames through <see cref="BybitFrameHandler"/> (parse,
/// u check, book update, top-20 snapshot) and the book alone. Each delta carries <see cref="LevelsPerDelta"/> level
/// updates (replaces, and a delete plus an insert at the edge), so level updates/s = LevelsPerDelta × 10^9 / ns per frame.
/// Target: ≥ 1,000,000 level updates/s and 0 B allocated per frame.
/// </summary>
[MemoryDiagnoser]
public class BybitBookBenchmarks
{
    public const int LevelsPerDelta = 8;
    private const int Deltas = 2_000;
    private const long FirstUpdateId = 1_000_000;

    private readonly NullSink _sink = new();
    private byte[] _snapshotFrame = [];
    private byte[][] _deltaFrames = [];
    private (bool Bid, double Price, double Size)[][] _deltaLevels = [];
    private BybitFrameHandler _handler = null!;
    private BybitOrderBook _book = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var bids = new SortedSet<double>();
        var asks = new SortedSet<double>();
        for (var i = 0; i < 50; i++)
        {
            bids.Add(65_000 - (i * 0.5));
            asks.Add(65_000.5 + (i * 0.5));
        }

        _snapshotFrame = Frame("snapshot", FirstUpdateId, [.. bids.Reverse().Select(p => (true, p, 1.0)), .. asks.Select(p => (false, p, 1.0))]);
        _deltaFrames = new byte[Deltas][];
        _deltaLevels = new (bool, double, double)[Deltas][];
        for (var d = 0; d < Deltas; d++)
        {
            var levels = new List<(bool Bid, double Price, double Size)>();
            foreach (var (side, isBid) in new[] { (bids, true), (asks, false) })
            {
                // One level leaves the book and one enters, as at the 50th level of a moving book.
                var leaving = side.ElementAt(random.Next(side.Count));
                side.Remove(leaving);
                levels.Add((isBid, leaving, 0));
                double entering;
                do entering = isBid ? 65_000 - (random.Next(0, 70) * 0.5) : 65_000.5 + (random.Next(0, 70) * 0.5);
                while (side.Contains(entering));
                side.Add(entering);
                levels.Add((isBid, entering, Math.Round(random.NextDouble() * 5, 3) + 0.001));
                for (var r = 0; r < (LevelsPerDelta / 2) - 2; r++)
                    levels.Add((isBid, side.ElementAt(random.Next(side.Count)), Math.Round(random.NextDouble() * 5, 3) + 0.001));
            }

            _deltaLevels[d] = [.. levels];
            _deltaFrames[d] = Frame("delta", FirstUpdateId + 1 + d, levels);
        }

        _handler = new BybitFrameHandler(
            [new StreamKey(ExchangeId.Bybit, "BTCUSDT", StreamKind.Book)], 20, _sink, IFeedControl.None, TimeProvider.System);
        _book = new BybitOrderBook();
        DeltaFrames(); // grow the handler's scratch arrays before measuring
    }

    /// <summary>One snapshot, then every delta frame through the handler; reported per delta frame.</summary>
    [Benchmark(OperationsPerInvoke = Deltas)]
    public long DeltaFrames()
    {
        _handler.OnFrame(_snapshotFrame, 1);
        foreach (var frame in _deltaFrames) _handler.OnFrame(frame, 1);
        if (_handler.Gaps != 0 || _handler.MalformedFrames != 0) throw new InvalidOperationException("the benchmark frames do not chain");
        return _sink.Books;
    }

    /// <summary>The same deltas applied to the book alone (no parsing), for comparison; reported per delta.</summary>
    [Benchmark(OperationsPerInvoke = Deltas)]
    public int BookOnly()
    {
        var book = _book;
        book.Clear();
        for (var i = 0; i < 50; i++)
        {
            book.UpdateBid(65_000 - (i * 0.5), 1);
            book.UpdateAsk(65_000.5 + (i * 0.5), 1);
        }

        foreach (var levels in _deltaLevels)
        {
            foreach (var (bid, price, size) in levels)
            {
                if (bid) book.UpdateBid(price, size);
                else book.UpdateAsk(price, size);
            }

            book.Trim();
        }

        return book.BidCount + book.AskCount;
    }

    private static byte[] Frame(string type, long u, IEnumerable<(bool Bid, double Price, double Size)> levels)
    {
        static string Side(IEnumerable<(bool Bid, double Price, double Size)> side) =>
            string.Join(',', side.Select(l => $"[\"{l.Price.ToString("F1", CultureInfo.InvariantCulture)}\",\"{l.Size.ToString("F3", CultureInfo.InvariantCulture)}\"]"));
        var all = levels.ToList();
        return Encoding.UTF8.GetBytes(
            $$"""{"topic":"orderbook.50.BTCUSDT","type":"{{type}}","ts":1768478400000,"data":{"s":"BTCUSDT","b":[{{Side(all.Where(l => l.Bid))}}],"a":[{{Side(all.Where(l => !l.Bid))}}],"u":{{u}},"seq":{{u * 3}}},"cts":1768478399998}""");
    }

    private sealed class NullSink : IFeedSink
    {
        public long Books { get; private set; }

        public void OnBook(BookSnapshot book) => Books++;

        public void OnTrade(in Trade trade)
        {
        }

        public void OnEvent(FeedEvent feedEvent)
        {
        }
    }
}
