using System.Globalization;

namespace Archiver.Feeds.Parsing;

/// <summary>
/// Parses exchanges' decimal strings ("97000.10", "0.002") to <see cref="double"/> without allocating. The fast path
/// is exact: up to 2^53 for the digits and at most 22 fraction digits, so both the integer and the power of ten are
/// exact doubles and one IEEE division rounds correctly — the same value <see cref="double.Parse(string)"/> returns.
/// Anything else (exponents, long mantissas) goes to the BCL parser.
/// </summary>
internal static class Utf8Decimal
{
    private const ulong MaxExactMantissa = 1UL << 53;

    private static readonly double[] Pow10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>A finite number from its UTF-8 text, or false.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        var i = 0;
        var negative = false;
        if (text.Length > 0 && text[0] == (byte)'-')
        {
            negative = true;
            i = 1;
        }

        ulong mantissa = 0;
        var significant = 0;
        var scale = 0;
        var intDigits = 0;
        var fracDigits = 0;
        var seenDot = false;
        for (; i < text.Length; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit <= 9)
            {
                if (seenDot)
                {
                    fracDigits++;
                    scale++;
                }
                else
                {
                    intDigits++;
                }

                if (mantissa == 0 && digit == 0) continue;
                if (++significant > 19) return Slow(text, out value);
                mantissa = (mantissa * 10) + digit;
            }
            else if (text[i] == (byte)'.' && !seenDot)
            {
                seenDot = true;
            }
            else
            {
                return Slow(text, out value);
            }
        }

        if (intDigits == 0 || (seenDot && fracDigits == 0) || mantissa > MaxExactMantissa || scale >= Pow10.Length)
            return Slow(text, out value);

        var result = scale == 0 ? (double)mantissa : mantissa / Pow10[scale];
        value = negative ? -result : result;
        return true;
    }

    private static bool Slow(ReadOnlySpan<byte> text, out double value) =>
        double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
        && double.IsFinite(value);
}
