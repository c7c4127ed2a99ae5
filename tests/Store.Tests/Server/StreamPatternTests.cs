using Archiver.Store.Server.Streaming;

namespace Archiver.Store.Tests.Server;

public sealed class StreamPatternTests
{
    [Theory]
    [InlineData("BTC/*/*", "BTC/1Min/OHLCV", true)]
    [InlineData("BTC/*/*", "BTCUSD/1Min/OHLCV", false)]
    [InlineData("*/*/*", "ETH/1Sec/TICK", true)]
    [InlineData("*/1Min/*", "ETH/1Sec/TICK", false)]
    [InlineData("ETH/1Min/OHLCV", "ETH/1Min/OHLCV", true)]
    [InlineData("ETH/1Min/OHLCV", "ETH/1Min/OHLCVX", false)]
    [InlineData("B?C/*/*", "BTC/1Min/OHLCV", true)]
    [InlineData("B?C/*/*", "BC/1Min/OHLCV", false)]
    [InlineData("[AB]*/*/*", "BTC/1Min/OHLCV", true)]
    [InlineData("[!AB]*/*/*", "BTC/1Min/OHLCV", false)]
    [InlineData("[a-z]*/*/*", "btc/1Min/OHLCV", true)]
    [InlineData("[a-z]*/*/*", "BTC/1Min/OHLCV", false)]
    [InlineData("{BTC,ETH}/1Min/*", "ETH/1Min/OHLCV", true)]
    [InlineData("{BTC,ETH}/1Min/*", "XRP/1Min/OHLCV", false)]
    [InlineData("*-USD/{1Sec,1Min}/T*", "BTC-USD/1Sec/TICK", true)]
    [InlineData("B*/*/*", "B/1Min/X", true)]
    [InlineData("*C/*/*", "ABC/1Min/X", true)]
    [InlineData("*/*/*", "A/B", false)]
    public void Globs_match_like_gobwas_with_slash_as_separator(string pattern, string key, bool expected)
    {
        Assert.True(StreamPattern.TryParse(pattern, out var p));
        Assert.Equal(expected, p!.IsMatch(key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("BTC")]
    [InlineData("BTC/*")]
    [InlineData("BTC/*/*/*")]
    [InlineData("BTC//*")]
    [InlineData("[BTC/*/*")]
    [InlineData("{BTC/*/*")]
    [InlineData("BTC}/*/*")]
    [InlineData("BTC\\")]
    public void Patterns_that_are_not_three_part_globs_are_invalid(string pattern)
    {
        Assert.False(StreamPattern.TryParse(pattern, out _));
    }
}
