using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Archiver.Feeds.Model;

/// <summary>
/// An exchange's trade id held inline (no allocation): the UTF-8 text as the exchange sent it (up to
/// <see cref="MaxLength"/> bytes: Binance and Hyperliquid integers, Bybit UUIDs), plus its value when it is an
/// integer, for continuity checks and deduplication.
/// </summary>
public struct TradeId : IEquatable<TradeId>
{
    public const int MaxLength = 48;

    private Buffer _bytes;
    private byte _length;

    /// <summary>The id's integer value, or -1 when the id is not a non-negative integer.</summary>
    public long Numeric { get; private set; }

    /// <summary>The UTF-8 text of the id.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> Utf8 => ((ReadOnlySpan<byte>)_bytes)[.._length];

    /// <summary>Whether an id was set.</summary>
    public readonly bool IsEmpty => _length == 0;

    /// <summary>An id from its UTF-8 text; text longer than <see cref="MaxLength"/> is refused.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> utf8, out TradeId id)
    {
        id = default;
        if (utf8.IsEmpty || utf8.Length > MaxLength) return false;
        utf8.CopyTo(id._bytes);
        id._length = (byte)utf8.Length;
        id.Numeric = Utf8Parser.TryParse(utf8, out long value, out var consumed) && consumed == utf8.Length && value >= 0 ? value : -1;
        return true;
    }

    /// <summary>An id from an integer.</summary>
    public static TradeId FromNumber(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var id = default(TradeId);
        Utf8Formatter.TryFormat(value, id._bytes, out var written);
        id._length = (byte)written;
        id.Numeric = value;
        return id;
    }

    public readonly bool Equals(TradeId other) =>
        ((ReadOnlySpan<byte>)_bytes)[.._length].SequenceEqual(((ReadOnlySpan<byte>)other._bytes)[..other._length]);

    public override readonly bool Equals(object? obj) => obj is TradeId other && Equals(other);

    public override readonly int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(((ReadOnlySpan<byte>)_bytes)[.._length]);
        return hash.ToHashCode();
    }

    public override readonly string ToString() => Encoding.UTF8.GetString(((ReadOnlySpan<byte>)_bytes)[.._length]);

    public static bool operator ==(TradeId left, TradeId right) => left.Equals(right);

    public static bool operator !=(TradeId left, TradeId right) => !left.Equals(right);

    [InlineArray(MaxLength)]
    private struct Buffer
    {
        private byte _element;
    }
}
