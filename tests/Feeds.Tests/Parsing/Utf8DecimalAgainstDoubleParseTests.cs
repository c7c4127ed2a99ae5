using System.Globalization;
using System.Text;
using Archiver.Feeds.Parsing;

namespace Archiver.Feeds.Tests.Parsing;

/// <summary>The hand-rolled decimal parser against the oracle it must match: <see cref="double.Parse(string)"/>.</summary>
public sealed class Utf8DecimalAgainstDoubleParseTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("0.000")]
    [InlineData("-0")]
    [InlineData("97000.10")]
    [InlineData("0.001")]
    [InlineData("0.00000001")]
    [InlineData("3400.51")]
    [InlineData("123456789012345")]
    [InlineData("9007199254740993")]
    [InlineData("0.1234567890123456789")]
    [InlineData("12345678901234567890.5")]
    [InlineData("1.0000000000000000000000001")]
    [InlineData("1e-5")]
    [InlineData("2.5E3")]
    [InlineData("-42.125")]
    [InlineData("000123.4500")]
    public void Parses_exactly_what_double_parse_gives(string text)
    {
        Assert.True(Utf8Decimal.TryParse(Encoding.UTF8.GetBytes(text), out var value));
        Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), value);
        Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("abc")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e999")]
    [InlineData(" 1")]
    [InlineData("1,5")]
    public void Refuses_what_is_not_a_finite_decimal(string text)
    {
        Assert.False(Utf8Decimal.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void Random_prices_and_sizes_match_double_parse_bit_for_bit()
    {
        var random = new Random(20260101);
        for (var i = 0; i < 200_000; i++)
        {
            var integer = random.NextInt64(0, i % 3 == 0 ? 1_000_000_000_000 : 200_000);
            var fraction = random.Next(0, 17);
            var text = fraction == 0
                ? integer.ToString(CultureInfo.InvariantCulture)
                : $"{integer}.{random.NextInt64(0, long.MaxValue).ToString(CultureInfo.InvariantCulture).PadLeft(19, '0')[..fraction]}";

            Assert.True(Utf8Decimal.TryParse(Encoding.ASCII.GetBytes(text), out var value), text);
            Assert.True(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)) == BitConverter.DoubleToInt64Bits(value), text);
        }
    }
}
