using Archiver.Feeds.Binance;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;
using static Archiver.Feeds.Tests.Binance.BinanceFixture;

namespace Archiver.Feeds.Tests.Binance;

public sealed class BinanceProtocolTests
{
    [Fact]
    public void Streams_are_subscribed_on_the_routed_public_endpoint_by_json_messages()
    {
        var protocol = new BinanceProtocol();
        var custom = new Uri("ws://127.0.0.1:5000/public/stream");

        Assert.Equal(ExchangeId.Binance, protocol.Exchange);
        Assert.Equal(new Uri("wss://fstream.binance.com/public/stream"), protocol.DefaultEndpoint);
        Assert.Equal(custom, protocol.GetConnectionUri(custom, AllStreams));
        Assert.Equal(
            ["{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@depth20@100ms\",\"btcusdt@trade\"],\"id\":1}"],
            protocol.SubscribeMessages([BtcBook, BtcTrades], 20));
        Assert.Equal(
            ["{\"method\":\"UNSUBSCRIBE\",\"params\":[\"ethusdt@depth5@100ms\"],\"id\":2}"],
            protocol.UnsubscribeMessages([new StreamKey(ExchangeId.Binance, "ethusdt", StreamKind.Book)], 5));
    }

    [Fact]
    public void Large_subscriptions_are_split_into_small_messages_with_increasing_ids()
    {
        var protocol = new BinanceProtocol();
        var streams = Enumerable.Range(0, 120).Select(i => new StreamKey(ExchangeId.Binance, $"SYM{i}USDT", StreamKind.Trades)).ToList();

        var messages = protocol.SubscribeMessages(streams, 10);

        Assert.Equal(3, messages.Count);
        Assert.Equal([50, 50, 20], messages.Select(m => m.Split("@trade").Length - 1));
        Assert.EndsWith("\"id\":1}", messages[0], StringComparison.Ordinal);
        Assert.EndsWith("\"id\":2}", messages[1], StringComparison.Ordinal);
        Assert.EndsWith("\"id\":3}", messages[2], StringComparison.Ordinal);
        Assert.Contains("\"sym119usdt@trade\"", messages[2], StringComparison.Ordinal);
        Assert.EndsWith("\"id\":4}", protocol.SubscribeMessages([BtcBook], 10)[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_follow_the_binance_connection_rules()
    {
        var protocol = new BinanceProtocol();

        Assert.Null(protocol.PingMessage);
        Assert.Equal(200, protocol.MaxStreamsPerConnection);
        Assert.InRange(protocol.MaxClientMessagesPerSecond, 1, 9);
        Assert.Equal(TimeSpan.FromHours(24), protocol.MaxConnectionLifetime);
        Assert.Equal(TimeSpan.FromSeconds(10), protocol.StaleAfter(StreamKind.Book));
        Assert.Equal(TimeSpan.FromSeconds(120), protocol.StaleAfter(StreamKind.Trades));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(50)]
    public void A_depth_binance_does_not_offer_is_refused(int depth)
    {
        var protocol = new BinanceProtocol();

        Assert.Throws<ArgumentException>(() => protocol.SubscribeMessages([BtcBook], depth));
        Assert.Throws<ArgumentException>(() => protocol.CreateHandler([BtcBook], depth, new RecordingSink(), IFeedControl.None, Clock));
    }

    [Fact]
    public void Streams_of_other_exchanges_and_odd_symbols_are_refused()
    {
        var protocol = new BinanceProtocol();

        Assert.Throws<ArgumentException>(() => protocol.SubscribeMessages([new StreamKey(ExchangeId.Bybit, "BTCUSDT", StreamKind.Book)], 20));
        Assert.Throws<ArgumentException>(() => protocol.SubscribeMessages([new StreamKey(ExchangeId.Binance, "BTC\"USDT", StreamKind.Book)], 20));
    }
}
