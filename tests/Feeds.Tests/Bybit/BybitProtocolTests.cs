using System.Text.Json;
using Archiver.Feeds.Bybit;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Bybit;

public sealed class BybitProtocolTests
{
    [Fact]
    public void Subscribe_batches_topics_with_increasing_request_ids_and_unsubscribe_mirrors_it()
    {
        var protocol = new BybitProtocol();
        StreamKey[] streams =
        [
            new(ExchangeId.Bybit, "BTCUSDT", StreamKind.Book),
            new(ExchangeId.Bybit, "BTCUSDT", StreamKind.Trades),
        ];

        Assert.Equal(
            ["""{"req_id":"1","op":"subscribe","args":["orderbook.50.BTCUSDT","publicTrade.BTCUSDT"]}"""],
            protocol.SubscribeMessages(streams, 20));
        Assert.Equal(
            ["""{"req_id":"2","op":"unsubscribe","args":["orderbook.50.BTCUSDT","publicTrade.BTCUSDT"]}"""],
            protocol.UnsubscribeMessages(streams, 20));
    }

    [Fact]
    public void Many_streams_are_split_so_each_message_stays_well_under_the_args_limit()
    {
        var protocol = new BybitProtocol();
        var streams = Enumerable.Range(0, 400)
            .Select(i => new StreamKey(ExchangeId.Bybit, $"COIN{i}USDT", i % 2 == 0 ? StreamKind.Book : StreamKind.Trades))
            .ToArray();

        var messages = protocol.SubscribeMessages(streams, 20);

        Assert.True(messages.Count > 1);
        var topics = new List<string>();
        foreach (var message in messages)
        {
            using var json = JsonDocument.Parse(message);
            var args = json.RootElement.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToList();
            Assert.True(args.Sum(a => a.Length) <= BybitProtocol.MaxArgsCharsPerMessage);
            topics.AddRange(args);
        }

        Assert.Equal(streams.Select(BybitProtocol.Topic), topics);
    }

    [Fact]
    public void Limits_and_keepalive_follow_the_exchange_rules()
    {
        var protocol = new BybitProtocol();
        Assert.Equal(new Uri("wss://stream.bybit.com/v5/public/linear"), protocol.DefaultEndpoint);
        Assert.Equal("""{"req_id":"ping","op":"ping"}""", protocol.PingMessage);
        Assert.Equal(TimeSpan.FromSeconds(20), protocol.PingInterval);
        Assert.Null(protocol.MaxConnectionLifetime);
        Assert.Equal(TimeSpan.FromSeconds(10), protocol.StaleAfter(StreamKind.Book));
        Assert.Equal(TimeSpan.FromSeconds(120), protocol.StaleAfter(StreamKind.Trades));
        Assert.Equal(200, protocol.MaxStreamsPerConnection);
        Assert.Equal(10, protocol.MaxClientMessagesPerSecond);
        var endpoint = new Uri("ws://127.0.0.1:5000/v5/public/linear");
        Assert.Same(endpoint, protocol.GetConnectionUri(endpoint, []));
    }

    [Fact]
    public void Depth_above_50_or_foreign_streams_are_refused()
    {
        var protocol = new BybitProtocol();
        StreamKey[] streams = [new(ExchangeId.Bybit, "BTCUSDT", StreamKind.Book)];
        Assert.Throws<ArgumentOutOfRangeException>(() => protocol.SubscribeMessages(streams, 51));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            protocol.CreateHandler(streams, 0, new RecordingSink(), IFeedControl.None, TimeProvider.System));
        Assert.Throws<ArgumentException>(() =>
            protocol.SubscribeMessages([new StreamKey(ExchangeId.Binance, "BTCUSDT", StreamKind.Book)], 20));
        Assert.IsType<BybitFrameHandler>(protocol.CreateHandler(streams, 50, new RecordingSink(), IFeedControl.None, TimeProvider.System));
    }
}
