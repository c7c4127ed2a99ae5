using System.Globalization;
using System.Text;
using Archiver.Feeds.Parsing;

namespace Archiver.Feeds.Tests.Parsing;

public sealed class Utf8DecimalTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("0.001")]
    [InlineData("65000.10")]
    [InlineData("16493.50")]
    [InlineData("0.30000000000000004")]
    [InlineData("123456789.123456789")]
    [InlineData("9007199254740993")]
    [InlineData("1e-7")]
    [InlineData("00012.5000")]
    public void Values_equal_double_Parse(string text)
    {
        Assert.True(Utf8Decimal.TryParse(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void Random_decimals_equal_double_Parse()
    {
        var random = new Random(11);
        for (var i = 0; i < 100_000; i++)
        {
            var text = random.NextInt64(0, 100_000_000_000_000).ToString(CultureInfo.InvariantCulture);
            var point = random.Next(text.Length + 1);
            text = point == text.Length ? text : text[..point] + "." + text[point..];
            if (text.StartsWith('.')) text = "0" + text;
            Assert.True(Utf8Decimal.TryParse(Encoding.ASCII.GetBytes(text), out var value), text);
            Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), value);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("abc")]
    [InlineData("NaN")]
    [InlineData("1e999")]
    public void Non_decimals_are_refused(string text) =>
        Assert.False(Utf8Decimal.TryParse(Encoding.ASCII.GetBytes(text), out _));
}
