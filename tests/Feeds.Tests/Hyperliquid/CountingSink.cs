using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Hyperliquid;

/// <summary>A sink that only counts, so allocation measurements see the handler alone.</summary>
internal sealed class CountingSink : IFeedSink
{
    public long Trades { get; private set; }

    public long Books { get; private set; }

    public long Events { get; private set; }

    public long LastTradeId { get; private set; }

    public TradeFlags LastTradeFlags { get; private set; }

    public void OnTrade(in Trade trade)
    {
        Trades++;
        LastTradeId = trade.Id.Numeric;
        LastTradeFlags = trade.Flags;
    }

    public void OnBook(BookSnapshot book) => Books++;

    public void OnEvent(FeedEvent feedEvent) => Events++;
}
