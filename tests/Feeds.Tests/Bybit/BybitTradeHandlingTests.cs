using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Bybit;

public sealed class BybitTradeHandlingTests
{
    private const long T0 = 1_768_478_400_000_000;

    [Fact]
    public void Every_element_of_a_trade_message_becomes_one_trade_and_resent_ids_are_dropped()
    {
        var test = new BybitTestHandler();
        test.Feed(BybitFixtures.Frames("trades.jsonl"));

        Assert.Equal(
            [
                "20f43950-d8dd-5b31-9112-a178eb6023af Buy 0.01@65000.5 exch=1768478403007000 recv=1768478400000000 flags=FirstAfterReconnect",
                "7c2b9a4e-1f0d-5e62-a3b8-9d41c07e5f12 Buy 0.25@65001 exch=1768478403007000 recv=1768478400000000 flags=None",
                "e5a1c3d7-8b24-5f90-b6e2-3c7d9a0f1b48 Sell 1.5@64999.5 exch=1768478403008000 recv=1768478400000000 flags=None",
                // Second message: its first element repeats the last trade (dropped); keys of the next are reversed.
                "0b6f2d8e-4a7c-5d13-9e05-f8c1a2b3d4e6 Sell 0.004@64999.5 exch=1768478403049000 recv=1768478400001000 flags=None",
            ],
            test.Sink.Trades.Select(t => $"{t.Id} {t.Side} {t.Size}@{t.Price} exch={t.ExchangeTimeMicros} recv={t.ReceiveTimeMicros} flags={t.Flags}"));
        Assert.All(test.Sink.Trades, t =>
        {
            Assert.Equal(ExchangeId.Bybit, t.Exchange);
            Assert.Same("BTCUSDT", t.Symbol);
            Assert.Equal(-1, t.Id.Numeric);
        });
        Assert.Equal(1, test.Handler.DuplicateTradesDropped);
        Assert.Empty(test.Sink.Events);
        Assert.Equal(0, test.Handler.MalformedFrames);
    }

    [Fact]
    public void Trades_without_a_receive_time_use_the_message_ts()
    {
        var test = new BybitTestHandler();
        test.Handler.OnFrame(BybitFixtures.Frames("trades.jsonl")[0], -1);

        Assert.All(test.Sink.Trades, t => Assert.Equal(1_768_478_403_010_000, t.ReceiveTimeMicros));
    }

    [Fact]
    public void Prices_and_sizes_are_the_exchange_decimals_exactly()
    {
        var test = new BybitTestHandler();
        test.Handler.OnFrame(
            """{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1,"data":[{"T":1,"S":"Sell","v":"0.1","p":"0.30000000000000004","i":"a"},{"T":2,"S":"Buy","v":"123456789.123456789","p":"1e3","i":"b"}]}"""u8,
            T0);

        Assert.Equal([0.30000000000000004, 1000], test.Sink.Trades.Select(t => t.Price));
        Assert.Equal([0.1, 123456789.123456789], test.Sink.Trades.Select(t => t.Size));
    }
}
