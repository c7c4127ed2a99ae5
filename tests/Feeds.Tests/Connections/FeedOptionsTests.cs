using Archiver.Feeds.Connections;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Connections;

public sealed class FeedOptionsTests
{
    private static FeedOptions Valid() => new() { Exchange = ExchangeId.Binance, Symbols = ["BTCUSDT", "ETHUSDT"] };

    [Fact]
    public void Defaults_are_valid_and_give_a_book_and_a_trade_stream_per_symbol()
    {
        var options = Valid();
        options.Validate(new FakeProtocol());

        Assert.Equal(
            [
                new StreamKey(ExchangeId.Binance, "BTCUSDT", StreamKind.Book), new StreamKey(ExchangeId.Binance, "BTCUSDT", StreamKind.Trades),
                new StreamKey(ExchangeId.Binance, "ETHUSDT", StreamKind.Book), new StreamKey(ExchangeId.Binance, "ETHUSDT", StreamKind.Trades),
            ],
            options.Streams());
        Assert.Equal(20, options.Depth);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ReconnectDelayMin);
        Assert.Equal(TimeSpan.FromSeconds(60), options.ReconnectDelayMax);
    }

    [Theory]
    [InlineData("no-symbols", "Symbols lists no symbol")]
    [InlineData("duplicate", "Symbols contains 'BTCUSDT' twice")]
    [InlineData("depth", "Depth must be between 1 and 1000, was 0")]
    [InlineData("nothing", "Books and Trades are both false")]
    [InlineData("delays", "ReconnectDelayMax (00:00:00.5000000) must not be less than ReconnectDelayMin (00:00:01)")]
    [InlineData("size", "MaxMessageBytes must be between")]
    [InlineData("endpoint", "Endpoint must be an absolute ws:// or wss:// URI")]
    public void Each_bad_setting_is_named_in_the_message(string problem, string expected)
    {
        var options = Valid();
        switch (problem)
        {
            case "no-symbols": options.Symbols = []; break;
            case "duplicate": options.Symbols = ["BTCUSDT", "BTCUSDT"]; break;
            case "depth": options.Depth = 0; break;
            case "nothing": options.Books = options.Trades = false; break;
            case "delays": options.ReconnectDelayMax = TimeSpan.FromSeconds(0.5); break;
            case "size": options.MaxMessageBytes = 10; break;
            case "endpoint": options.Endpoint = new Uri("https://example.com/ws"); break;
        }

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Feed options for binance:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rotation_margin_must_leave_the_connection_some_life()
    {
        var options = Valid();
        options.ConnectionRotationMargin = TimeSpan.FromHours(24);

        var error = Assert.Throws<ArgumentException>(() => options.Validate(new FakeProtocol { MaxConnectionLifetime = TimeSpan.FromHours(24) }));
        Assert.Equal(nameof(FeedOptions.ConnectionRotationMargin), error.ParamName);
    }

    [Fact]
    public void Options_for_another_exchange_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Valid().Validate(new FakeProtocol { Exchange = ExchangeId.Bybit }));
        Assert.Contains("bybit protocol", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overrides_win_over_the_protocol_and_pacing_follows_the_message_limit()
    {
        var protocol = new FakeProtocol { MaxClientMessagesPerSecond = 10, BookStaleAfter = TimeSpan.FromSeconds(10) };
        var options = Valid();

        Assert.Equal(TimeSpan.FromSeconds(10), options.StaleAfter(protocol, StreamKind.Book));
        options.BookStaleAfter = TimeSpan.FromSeconds(3);
        Assert.Equal(TimeSpan.FromSeconds(3), options.StaleAfter(protocol, StreamKind.Book));
        Assert.Equal(TimeSpan.FromMilliseconds(110), options.ClientMessageInterval(protocol));
        options.SubscribePacing = TimeSpan.FromMilliseconds(250);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.ClientMessageInterval(protocol));
    }
}
