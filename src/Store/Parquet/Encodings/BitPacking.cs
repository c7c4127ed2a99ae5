using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Archiver.Store.Parquet.Encodings;

/// <summary>
/// Packs and unpacks fixed-width unsigned integers in the order shared by the RLE/bit-packing hybrid and
/// DELTA_BINARY_PACKED: values fill each byte from its least significant bit upwards. Unpacking reads one unaligned
/// little-endian 64-bit word per value where eight bytes remain and falls back to byte assembly near the end, so it
/// never reads outside the span it is given.
/// </summary>
internal static class BitPacking
{
    /// <summary>Bytes needed for <paramref name="count"/> values of <paramref name="bitWidth"/> bits.</summary>
    public static long PackedLength(long count, int bitWidth) => (count * bitWidth + 7) >> 3;

    /// <summary>
    /// Packs <paramref name="values"/> (masked to <paramref name="bitWidth"/> bits, 0..32) into exactly
    /// <c>PackedLength(values.Length, bitWidth)</c> bytes at the start of <paramref name="destination"/>.
    /// </summary>
    public static void Pack32(ReadOnlySpan<int> values, int bitWidth, Span<byte> destination)
    {
        if (bitWidth == 0) return;
        var mask = bitWidth == 32 ? uint.MaxValue : (1u << bitWidth) - 1;
        var packed = (int)PackedLength(values.Length, bitWidth);
        var dst = destination[..packed];
        ulong acc = 0;
        var bits = 0;
        var o = 0;
        for (var i = 0; i < values.Length; i++)
        {
            acc |= (ulong)((uint)values[i] & mask) << bits;
            bits += bitWidth;
            if (bits >= 32)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(dst[o..], (uint)acc);
                o += 4;
                acc >>= 32;
                bits -= 32;
            }
        }

        while (bits > 0)
        {
            dst[o++] = (byte)acc;
            acc >>= 8;
            bits -= 8;
        }
    }

    /// <summary>
    /// Packs <paramref name="values"/> (masked to <paramref name="bitWidth"/> bits, 0..64) into exactly
    /// <c>PackedLength(values.Length, bitWidth)</c> bytes at the start of <paramref name="destination"/>.
    /// </summary>
    public static void Pack64(ReadOnlySpan<ulong> values, int bitWidth, Span<byte> destination)
    {
        if (bitWidth == 0) return;
        var mask = bitWidth == 64 ? ulong.MaxValue : (1UL << bitWidth) - 1;
        var packed = (int)PackedLength(values.Length, bitWidth);
        var dst = destination[..packed];
        ulong acc = 0;
        var bits = 0;
        var o = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i] & mask;
            acc |= v << bits; // bits is 0..63 here
            var next = bits + bitWidth;
            if (next >= 64)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(dst[o..], acc);
                o += 8;
                next -= 64;
                // The high 'next' bits of v did not fit; when next > 0, bits > 0 so the shift is 1..63.
                acc = next == 0 ? 0 : v >> (bitWidth - next);
            }

            bits = next;
        }

        while (bits > 0)
        {
            dst[o++] = (byte)acc;
            acc >>= 8;
            bits -= 8;
        }
    }

    /// <summary>
    /// Unpacks <c>destination.Length</c> values of <paramref name="bitWidth"/> bits (0..32). The caller guarantees
    /// <c>source.Length &gt;= PackedLength(destination.Length, bitWidth)</c>.
    /// </summary>
    public static void Unpack32(ReadOnlySpan<byte> source, int bitWidth, Span<int> destination)
    {
        var n = destination.Length;
        if (bitWidth == 0)
        {
            destination.Clear();
            return;
        }

        if (PackedLength(n, bitWidth) > source.Length) throw new ArgumentException("Source too short.", nameof(source));
        var mask = (1UL << bitWidth) - 1;
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        var fast = FastCount(source.Length, bitWidth, n);
        var i = 0;
        if (bitWidth <= 8)
        {
            // Eight values of w <= 8 bits occupy w bytes: one 64-bit load serves a whole group.
            var groups = fast >> 3;
            for (var g = 0; g < groups; g++)
            {
                var word = Load64(ref src, (nint)g * bitWidth);
                ref var d = ref Unsafe.Add(ref dst, g * 8);
                d = (int)(word & mask);
                Unsafe.Add(ref d, 1) = (int)((word >> bitWidth) & mask);
                Unsafe.Add(ref d, 2) = (int)((word >> (2 * bitWidth)) & mask);
                Unsafe.Add(ref d, 3) = (int)((word >> (3 * bitWidth)) & mask);
                Unsafe.Add(ref d, 4) = (int)((word >> (4 * bitWidth)) & mask);
                Unsafe.Add(ref d, 5) = (int)((word >> (5 * bitWidth)) & mask);
                Unsafe.Add(ref d, 6) = (int)((word >> (6 * bitWidth)) & mask);
                Unsafe.Add(ref d, 7) = (int)((word >> (7 * bitWidth)) & mask);
            }

            i = groups * 8;
        }

        var bit = (long)i * bitWidth;
        for (; i < fast; i++, bit += bitWidth)
        {
            var word = Load64(ref src, (nint)(bit >> 3));
            Unsafe.Add(ref dst, i) = (int)((word >> (int)(bit & 7)) & mask);
        }

        for (; i < n; i++, bit += bitWidth)
        {
            var word = LoadTail(source, (int)(bit >> 3));
            Unsafe.Add(ref dst, i) = (int)((word >> (int)(bit & 7)) & mask);
        }
    }

    /// <summary>
    /// Unpacks <c>destination.Length</c> values of <paramref name="bitWidth"/> bits (0..64). The caller guarantees
    /// <c>source.Length &gt;= PackedLength(destination.Length, bitWidth)</c>.
    /// </summary>
    public static void Unpack64(ReadOnlySpan<byte> source, int bitWidth, Span<ulong> destination)
    {
        var n = destination.Length;
        if (bitWidth == 0)
        {
            destination.Clear();
            return;
        }

        if (PackedLength(n, bitWidth) > source.Length) throw new ArgumentException("Source too short.", nameof(source));
        var mask = bitWidth == 64 ? ulong.MaxValue : (1UL << bitWidth) - 1;
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        var fast = FastCount(source.Length, bitWidth, n);
        var i = 0;
        long bit = 0;
        if (bitWidth <= 56)
        {
            // shift (0..7) + width fits in one 64-bit word.
            for (; i < fast; i++, bit += bitWidth)
            {
                var word = Load64(ref src, (nint)(bit >> 3));
                Unsafe.Add(ref dst, i) = (word >> (int)(bit & 7)) & mask;
            }
        }
        else
        {
            for (; i < fast; i++, bit += bitWidth)
            {
                var at = (nint)(bit >> 3);
                var shift = (int)(bit & 7);
                var word = Load64(ref src, at) >> shift;
                // The value reaches into a ninth byte only when shift + width > 64; that byte belongs to the value,
                // so it lies inside the source.
                if (shift + bitWidth > 64) word |= (ulong)Unsafe.Add(ref src, at + 8) << (64 - shift);
                Unsafe.Add(ref dst, i) = word & mask;
            }
        }

        for (; i < n; i++, bit += bitWidth)
        {
            // Fewer than eight bytes remain, so the value (shift + width <= 56 bits) lies within them.
            var word = LoadTail(source, (int)(bit >> 3));
            Unsafe.Add(ref dst, i) = (word >> (int)(bit & 7)) & mask;
        }
    }

    /// <summary>How many leading values can be read with an 8-byte load that stays inside the source.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FastCount(int sourceLength, int bitWidth, int count)
    {
        if (sourceLength < 8) return 0;
        // Value i starts at byte floor(i*w/8); the load is in bounds while that is <= length - 8.
        var limit = ((long)(sourceLength - 8) * 8 / bitWidth) + 1;
        return (int)Math.Min(count, limit);
    }

    /// <summary>Unaligned 64-bit load, converted from little-endian when the machine is big-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Load64(ref byte source, nint offset)
    {
        var v = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, offset));
        return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    }

    /// <summary>Little-endian word from the (fewer than eight) bytes starting at <paramref name="at"/>.</summary>
    private static ulong LoadTail(ReadOnlySpan<byte> source, int at)
    {
        ulong word = 0;
        var end = Math.Min(source.Length, at + 8);
        for (var k = at; k < end; k++) word |= (ulong)source[k] << (8 * (k - at));
        return word;
    }
}
