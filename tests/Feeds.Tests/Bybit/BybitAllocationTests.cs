using Archiver.Feeds.Bybit;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Bybit;

public sealed class BybitAllocationTests
{
    [Fact]
    public void Book_deltas_and_trades_allocate_nothing_in_steady_state()
    {
        var sink = new CountingSink();
        var handler = new BybitFrameHandler(
            [new(ExchangeId.Bybit, "BTCUSDT", StreamKind.Book), new(ExchangeId.Bybit, "BTCUSDT", StreamKind.Trades)],
            20, sink, IFeedControl.None, TimeProvider.System);
        var frames = BybitFixtures.Frames("book-snapshot-deltas.jsonl");
        var trades = BybitFixtures.Frames("trades.jsonl");
        var pong = BybitFixtures.Frames("control.jsonl")[1];

        Run(); // warm up: scratch arrays grow, code is jitted
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) Run();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(404, sink.Books);
        Assert.Equal(4, sink.Trades); // the same ids again are duplicates after the first run
        Assert.Equal(0, sink.Events);

        void Run()
        {
            foreach (var frame in frames) handler.OnFrame(frame, 1);
            foreach (var frame in trades) handler.OnFrame(frame, 1);
            handler.OnFrame(pong, 1);
        }
    }

    private sealed class CountingSink : IFeedSink
    {
        public int Books { get; private set; }

        public int Trades { get; private set; }

        public int Events { get; private set; }

        public void OnBook(BookSnapshot book) => Books++;

        public void OnTrade(in Trade trade) => Trades++;

        public void OnEvent(FeedEvent feedEvent) => Events++;
    }
}
