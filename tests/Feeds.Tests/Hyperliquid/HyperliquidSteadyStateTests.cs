using System.Buffers.Text;
using System.Text;
using Archiver.Feeds.Hyperliquid;
using Archiver.Feeds.Model;
using static Archiver.Feeds.Tests.Hyperliquid.HyperliquidFixtures;

namespace Archiver.Feeds.Tests.Hyperliquid;

/// <summary>Long runs through the handler: nothing allocated per frame, dedupe memory bounded.</summary>
public sealed class HyperliquidSteadyStateTests
{
    private const int TradesPerFrame = 10;

    [Fact]
    public void A_million_distinct_trades_are_all_kept_in_bounded_memory_without_allocating()
    {
        var sink = new CountingSink();
        var handler = NewHandler(sink);
        var frame = new TradeFrame();
        var next = 0L;
        for (var i = 0; i < 1000; i++) handler.OnFrame(frame.Fill(ref next), Receive);  // warm-up, incl. the backfill batch

        var before = GC.GetAllocatedBytesForCurrentThread();
        while (next < 1_000_000) handler.OnFrame(frame.Fill(ref next), Receive);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(1_000_000, sink.Trades);
        Assert.Equal(0, handler.DuplicateTradesDropped);
        Assert.Equal(0, handler.MalformedFrames);
        Assert.Equal(TradeFrame.TidBase + 999_999, sink.LastTradeId);
        Assert.Equal(TradeFlags.None, sink.LastTradeFlags);

        // The latest trades are remembered (a backfill of them is dropped); ones evicted long ago are not.
        next = 1_000_000 - TradesPerFrame;
        handler.OnFrame(frame.Fill(ref next), Receive);
        Assert.Equal(TradesPerFrame, handler.DuplicateTradesDropped);
        next = 0;
        handler.OnFrame(frame.Fill(ref next), Receive);
        Assert.Equal(1_000_000 + TradesPerFrame, sink.Trades);
    }

    [Fact]
    public void Books_are_parsed_without_allocating()
    {
        var sink = new CountingSink();
        var handler = NewHandler(sink);
        var lines = Lines("connect.jsonl");
        var btc = lines[7];
        var eth = lines[8];
        var timeAt = btc.AsSpan().IndexOf("\"time\":"u8) + 7;
        var ethTimeAt = eth.AsSpan().IndexOf("\"time\":"u8) + 7;
        var time = T0Millis;

        for (var i = 0; i < 100_200; i++)
        {
            if (i == 200) Measure.Start();
            time++;
            Utf8Formatter.TryFormat(time, btc.AsSpan(timeAt, 13), out _);
            Utf8Formatter.TryFormat(time, eth.AsSpan(ethTimeAt, 13), out _);
            handler.OnFrame(btc, Receive);
            handler.OnFrame(eth, Receive);
        }

        Assert.Equal(0, Measure.Stop());
        Assert.Equal(200_400, sink.Books);
        Assert.Equal(0, handler.MalformedFrames + handler.StaleBooksDropped + handler.Anomalies);
    }

    private const long Receive = (T0Millis * 1000) + 5;

    private static class Measure
    {
        private static long _start;

        public static void Start() => _start = GC.GetAllocatedBytesForCurrentThread();

        public static long Stop() => GC.GetAllocatedBytesForCurrentThread() - _start;
    }

    /// <summary>A trades frame of ETH whose fixed-width times and tids are rewritten in place for each batch.</summary>
    private sealed class TradeFrame
    {
        public const long TidBase = 1_000_000_000_000_000;

        private readonly byte[] _bytes;
        private readonly int[] _timeAt = new int[TradesPerFrame];
        private readonly int[] _tidAt = new int[TradesPerFrame];

        public TradeFrame()
        {
            var text = new StringBuilder("""{"channel":"trades","data":[""");
            for (var i = 0; i < TradesPerFrame; i++)
            {
                if (i > 0) text.Append(',');
                text.Append("""{"coin":"ETH","side":"A","px":"3401.5","sz":"0.0123","time":""").Append(T0Millis)
                    .Append(""","hash":"0x0000000000000000000000000000000000000000000000000000000000000000","tid":""").Append(TidBase)
                    .Append(""","users":["0x1111111111111111111111111111111111111111","0x2222222222222222222222222222222222222222"]}""");
            }

            _bytes = Encoding.UTF8.GetBytes(text.Append("]}").ToString());
            var span = _bytes.AsSpan();
            for (int i = 0, from = 0; i < TradesPerFrame; i++)
            {
                _timeAt[i] = from + span[from..].IndexOf("\"time\":"u8) + 7;
                _tidAt[i] = from + span[from..].IndexOf("\"tid\":"u8) + 6;
                from = _tidAt[i];
            }
        }

        /// <summary>Trades <paramref name="next"/>.. in the frame, two per exchange millisecond.</summary>
        public ReadOnlySpan<byte> Fill(ref long next)
        {
            for (var i = 0; i < TradesPerFrame; i++, next++)
            {
                Utf8Formatter.TryFormat(T0Millis + (next / 2), _bytes.AsSpan(_timeAt[i], 13), out _);
                Utf8Formatter.TryFormat(TidBase + next, _bytes.AsSpan(_tidAt[i], 19), out _);
            }

            return _bytes;
        }
    }
}
