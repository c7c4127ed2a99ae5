using System.Text;
using Archiver.Feeds.Model;
using static Archiver.Feeds.Tests.Binance.BinanceFixture;

namespace Archiver.Feeds.Tests.Binance;

/// <summary>Steady-state parsing allocates nothing: the budget is 0 bytes per frame.</summary>
public sealed class BinanceAllocationTests
{
    [Fact]
    public void Parsing_depth_and_trade_frames_allocates_nothing()
    {
        var depth = Lines("normal.jsonl")[0];
        var frames = new List<byte[]>();
        for (var i = 0; i < 2_000; i++)
        {
            frames.Add(Encoding.UTF8.GetBytes(depth.Replace("\"u\":1000,\"pu\":999", $"\"u\":{1000 + (2 * i)},\"pu\":{998 + (2 * i)}", StringComparison.Ordinal)));
            frames.Add(Encoding.UTF8.GetBytes(
                $"{{\"stream\":\"ethusdt@trade\",\"data\":{{\"e\":\"trade\",\"E\":1767225600150,\"T\":1767225600149,\"s\":\"ETHUSDT\",\"t\":{7000 + i},\"p\":\"3400.51\",\"q\":\"1.250\",\"X\":\"MARKET\",\"m\":{(i % 2 == 0 ? "true" : "false")}}}}}"));
        }

        var sink = new CountingSink();
        var handler = new Archiver.Feeds.Binance.BinanceFrameHandler(AllStreams, 20, sink, Archiver.Feeds.Handling.IFeedControl.None, Clock);
        for (var i = 0; i < 200; i++) handler.OnFrame(frames[i], ReceiveMicros(i));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 200; i < frames.Count; i++) handler.OnFrame(frames[i], ReceiveMicros(i));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(frames.Count / 2, sink.Books);
        Assert.Equal(frames.Count / 2, sink.Trades);
        Assert.Equal(0, handler.MalformedFrames);
    }

    private sealed class CountingSink : IFeedSink
    {
        public int Books { get; private set; }

        public int Trades { get; private set; }

        public void OnBook(BookSnapshot book) => Books++;

        public void OnTrade(in Trade trade) => Trades++;

        public void OnEvent(FeedEvent feedEvent) => throw new InvalidOperationException(feedEvent.ToString());
    }
}
