using System.Globalization;

namespace Archiver.Feeds.Bybit;

/// <summary>
/// Parses the non-negative decimal strings exchanges send for prices and sizes ("65000.10", "0.001") straight from UTF-8.
/// Plain decimals with at most 15 significant digits and 22 fraction digits take an exact fast path (an integer mantissa
/// divided by a power of ten, both exact in a double, so the single rounding gives the same value as
/// <see cref="double.Parse(string)"/>); anything else goes through <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out double)"/>.
/// </summary>
internal static class Utf8Decimal
{
    private const ulong MaxExactMantissa = 1UL << 53;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>A finite, non-negative number from <paramref name="utf8"/>, or false.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out double value)
    {
        ulong mantissa = 0;
        var fractionDigits = 0;
        var digits = 0;
        var seenDot = false;
        foreach (var b in utf8)
        {
            var digit = (uint)(b - '0');
            if (digit <= 9)
            {
                // 19 digits always fit a ulong; the exactness check below rejects what does not fit 53 bits.
                if (++digits > 19) return TryParseSlow(utf8, out value);
                mantissa = mantissa * 10 + digit;
                if (seenDot) fractionDigits++;
            }
            else if (b == '.' && !seenDot)
            {
                seenDot = true;
            }
            else
            {
                return TryParseSlow(utf8, out value);
            }
        }

        if (digits == 0 || mantissa > MaxExactMantissa || fractionDigits >= PowersOfTen.Length) return TryParseSlow(utf8, out value);
        value = mantissa / PowersOfTen[fractionDigits];
        return true;
    }

    private static bool TryParseSlow(ReadOnlySpan<byte> utf8, out double value) =>
        double.TryParse(utf8, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
        && double.IsFinite(value)
        && value >= 0;
}
