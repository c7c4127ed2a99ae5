using Archiver.Feeds.Hyperliquid;
using Archiver.Feeds.Model;
using static Archiver.Feeds.Tests.Hyperliquid.HyperliquidFixtures;

namespace Archiver.Feeds.Tests.Hyperliquid;

public sealed class HyperliquidProtocolTests
{
    private readonly HyperliquidProtocol _protocol = new();

    [Fact]
    public void It_subscribes_one_message_per_coin_and_channel()
    {
        Assert.Equal(
            [
                """{"method":"subscribe","subscription":{"type":"l2Book","coin":"BTC"}}""",
                """{"method":"subscribe","subscription":{"type":"trades","coin":"BTC"}}""",
                """{"method":"subscribe","subscription":{"type":"l2Book","coin":"ETH"}}""",
                """{"method":"subscribe","subscription":{"type":"trades","coin":"ETH"}}""",
            ],
            _protocol.SubscribeMessages(AllStreams, 20));
        Assert.Equal(
            ["""{"method":"unsubscribe","subscription":{"type":"l2Book","coin":"BTC"}}"""],
            _protocol.UnsubscribeMessages([BtcBook], 20));
    }

    [Fact]
    public void Coin_names_are_written_as_json_strings()
    {
        var streams = new[]
        {
            new StreamKey(ExchangeId.Hyperliquid, "PURR/USDC", StreamKind.Trades),
            new StreamKey(ExchangeId.Hyperliquid, "x\"y", StreamKind.Trades),
        };

        Assert.Equal(
            [
                """{"method":"subscribe","subscription":{"type":"trades","coin":"PURR/USDC"}}""",
                """{"method":"subscribe","subscription":{"type":"trades","coin":"x\"y"}}""",
            ],
            _protocol.SubscribeMessages(streams, 20));
    }

    [Fact]
    public void It_declares_the_exchange_limits()
    {
        Assert.Equal(ExchangeId.Hyperliquid, _protocol.Exchange);
        Assert.Equal(new Uri("wss://api.hyperliquid.xyz/ws"), _protocol.DefaultEndpoint);
        var custom = new Uri("ws://127.0.0.1:5000/ws");
        Assert.Equal(custom, _protocol.GetConnectionUri(custom, AllStreams));
        Assert.Equal("""{"method":"ping"}""", _protocol.PingMessage);
        Assert.Equal(TimeSpan.FromSeconds(30), _protocol.PingInterval);
        Assert.Equal(100, _protocol.MaxStreamsPerConnection);
        Assert.Equal(20, _protocol.MaxClientMessagesPerSecond);
        Assert.Null(_protocol.MaxConnectionLifetime);
        Assert.Equal(TimeSpan.FromSeconds(30), _protocol.StaleAfter(StreamKind.Book));
        Assert.Equal(TimeSpan.FromSeconds(300), _protocol.StaleAfter(StreamKind.Trades));
    }

    [Fact]
    public void It_refuses_depths_above_20_and_foreign_streams()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _protocol.SubscribeMessages(AllStreams, 21));
        Assert.Throws<ArgumentException>(() => _protocol.SubscribeMessages([new StreamKey(ExchangeId.Bybit, "BTCUSDT", StreamKind.Book)], 20));
    }

    [Fact]
    public void It_creates_a_handler_for_its_streams()
    {
        var handler = _protocol.CreateHandler(AllStreams, 20, new RecordingSink(), Handling.IFeedControl.None, TimeProvider.System);

        Assert.IsType<HyperliquidFrameHandler>(handler);
        Assert.Equal(0, handler.MalformedFrames);
    }
}
