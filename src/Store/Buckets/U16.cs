using System.Buffers.Binary;
using System.Text;

namespace Archiver.Store.Buckets;

/// <summary>numpy <c>&lt;U16</c> values: 16 UTF-32LE code points, NUL-padded (64 bytes).</summary>
public static class U16
{
    public const int Bytes = 64;

    /// <summary>Writes <paramref name="value"/> into a 64-byte slot; throws <see cref="StoreException"/> beyond 16 code points.</summary>
    public static void Encode(string value, Span<byte> slot)
    {
        ArgumentNullException.ThrowIfNull(value);
        slot[..Bytes].Clear();
        var i = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (i == 16) throw new StoreException($"string '{value}' is longer than 16 characters (U16)");
            BinaryPrimitives.WriteInt32LittleEndian(slot.Slice(i * 4, 4), rune.Value);
            i++;
        }
    }

    /// <summary>Reads a 64-byte slot; stops at the first NUL; invalid code points become U+FFFD.</summary>
    public static string Decode(ReadOnlySpan<byte> slot)
    {
        var sb = new StringBuilder(16);
        for (var i = 0; i < 16; i++)
        {
            var cp = BinaryPrimitives.ReadInt32LittleEndian(slot.Slice(i * 4, 4));
            if (cp == 0) break;
            sb.Append(Rune.IsValid(cp) ? new Rune(cp).ToString() : "\uFFFD");
        }

        return sb.ToString();
    }
}
